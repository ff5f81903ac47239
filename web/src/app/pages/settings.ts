import { DatePipe } from '@angular/common';
import { Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ButtonModule } from 'primeng/button';
import { formFailure } from '../core/forms';
import { ApiService, errorMessage } from '../core/api.service';
import { I18n, TranslatePipe } from '../core/i18n';

interface Prompt {
  id: number;
  version: number;
  content: string;
  is_active: boolean;
  created_at: string;
}

/** Configuration: the analysis prompt (effective one, versions, a new version, activate an older one). */
@Component({
  selector: 'app-settings',
  imports: [FormsModule, DatePipe, ButtonModule, TranslatePipe],
  template: `
    <h1 class="mb-3 text-2xl font-bold">{{ 'nav.settings' | t }}</h1>
    @if (error()) { <p role="alert" class="mb-2 text-red-700">{{ error() }}</p> }
    <section class="rounded-lg bg-white p-3 shadow-sm">
      <h2 class="font-semibold">{{ 'prompt.effective' | t }}</h2>
      @if (effective(); as e) {
        <p class="text-sm text-slate-700">{{ 'prompt.source' | t }}: {{ e.source }} · v{{ e.version }}</p>
        <pre class="mt-2 max-h-64 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs">{{ e.content }}</pre>
      }
    </section>
    <form class="mt-4 rounded-lg bg-white p-3 shadow-sm" (ngSubmit)="create()">
      <label for="prompt-new" class="block font-semibold">{{ 'prompt.new' | t }}</label>
      <textarea id="prompt-new" name="content" rows="8" [(ngModel)]="content" class="mt-1 w-full rounded border border-slate-400 p-2 font-mono text-sm"
                aria-describedby="content-error"></textarea>
      @if (errors()['content']) { <p id="content-error" class="text-sm text-red-700" role="alert">{{ errors()['content'] }}</p> }
      <p-button type="submit" [label]="'list.save' | t" />
    </form>
    <section class="mt-4 rounded-lg bg-white p-3 shadow-sm">
      <h2 class="font-semibold">{{ 'prompt.versions' | t }}</h2>
      <ul class="divide-y text-sm">@for (p of prompts(); track p.id) {
        <li class="flex items-center gap-2 py-2">v{{ p.version }} · {{ p.created_at | date: 'short' }}
          @if (p.is_active) { <strong>({{ 'prompt.active' | t }})</strong> }
          @else { <button type="button" class="ml-auto text-blue-800 underline" (click)="activate(p)">{{ 'prompt.activate' | t }}</button> }
        </li>
      } @empty { <li class="py-2 text-slate-600">{{ 'list.empty' | t }}</li> }</ul>
    </section>
  `,
})
export class SettingsPage implements OnInit {
  private readonly i18n = inject(I18n);
  private readonly api = inject(ApiService);
  protected readonly effective = signal<{ source: string; version: string; content: string } | null>(null);
  protected readonly prompts = signal<Prompt[]>([]);
  protected readonly error = signal('');
  protected readonly errors = signal<Record<string, string>>({});
  protected content = '';

  ngOnInit(): void {
    this.api.get<{ source: string; version: string; content: string }>('/prompts/effective').subscribe({
      next: (e) => {
        this.effective.set(e);
        this.content ||= e.content;
      },
      error: (err) => this.error.set(errorMessage(err)),
    });
    this.api.all<Prompt>('/prompts').subscribe({ next: (rows) => this.prompts.set(rows), error: (err) => this.error.set(errorMessage(err)) });
  }

  create(): void {
    this.errors.set({});
    this.api.post('/prompts', { content: this.content }).subscribe({
      next: () => this.ngOnInit(),
      error: (err) => {
        const failure = formFailure(err, (k) => this.i18n.t(k));
        this.errors.set(failure.fields);
        this.error.set(failure.message);
      },
    });
  }

  activate(p: Prompt): void {
    this.api.put(`/prompts/${p.id}`, { is_active: true }).subscribe({ next: () => this.ngOnInit(), error: (err) => this.error.set(errorMessage(err)) });
  }
}
