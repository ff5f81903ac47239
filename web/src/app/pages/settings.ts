import { DatePipe } from '@angular/common';
import { Component, DestroyRef, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ButtonModule } from 'primeng/button';
import { formFailure } from '../core/forms';
import { ApiService, errorMessage } from '../core/api.service';
import { I18n, TranslatePipe } from '../core/i18n';
import { ActivationCheck } from '../core/models';

interface Prompt {
  id: number;
  version: number;
  content: string;
  is_active: boolean;
  created_at: string;
  activation?: ActivationCheck | null;
}

export const CHECK_POLL_MS = 1500;

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
    @if (notice()) { <p role="status" class="mt-2 text-sm text-green-800" data-testid="prompt-notice">{{ notice() }}</p> }
    @if (check(); as c) {
      <section class="mt-4 rounded-lg border bg-white p-3 shadow-sm" data-testid="activation-check" [attr.data-check-status]="c.status"
               aria-live="polite" [class.border-red-400]="c.status === 'refused' || c.status === 'failed'">
        <h2 class="font-semibold">{{ 'prompt.check' | t }}</h2>
        <p class="text-sm" [attr.role]="c.status === 'refused' || c.status === 'failed' ? 'alert' : null">
          {{ 'prompt.check' + checkWord(c.status) | t: { v: checkVersion(), p: c.progress } }}
        </p>
        @if (c.before_agreement !== null && c.after_agreement !== null) {
          <p class="text-sm text-slate-700" data-testid="check-agreement">{{ 'prompt.agreement' | t: {
            before: pct(c.before_agreement), after: pct(c.after_agreement), margin: pct(c.margin), n: c.total } }}</p>
        }
        @if (c.message) { <p class="text-sm font-medium" data-testid="check-message">{{ c.message }}</p> }
        @if (c.status === 'refused' || c.status === 'failed') {
          <p-button styleClass="mt-2" severity="danger" [label]="'prompt.force' | t" (onClick)="force(c)" data-testid="force-activation" />
        }
      </section>
    }
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
  private readonly destroyRef = inject(DestroyRef);
  /** The golden-set check of the version just created or activated, followed until it is no longer running. */
  protected readonly check = signal<ActivationCheck | null>(null);
  protected readonly notice = signal('');
  private readonly checkVersionOf = signal<number | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  protected readonly effective = signal<{ source: string; version: string; content: string } | null>(null);
  protected readonly prompts = signal<Prompt[]>([]);
  protected readonly error = signal('');
  protected readonly errors = signal<Record<string, string>>({});
  protected content = '';

  constructor() {
    this.destroyRef.onDestroy(() => this.timer && clearTimeout(this.timer));
  }

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
    this.api.post<Prompt>('/prompts', { content: this.content }).subscribe({
      next: (p) => this.changed(p),
      error: (err) => {
        const failure = formFailure(err, (k) => this.i18n.t(k));
        this.errors.set(failure.fields);
        this.error.set(failure.message);
      },
    });
  }

  activate(p: Prompt, force = false): void {
    this.error.set('');
    this.api.put<Prompt>(`/prompts/${p.id}`, force ? { is_active: true, force: true } : { is_active: true }).subscribe({
      next: (fresh) => this.changed(fresh),
      error: (err) => this.error.set(errorMessage(err)),
    });
  }

  /** Re-sends the activation of the refused version with `force` (the audit log records who forced it). */
  force(c: ActivationCheck): void {
    if (!confirm(this.i18n.t('prompt.confirmForce', { v: this.checkVersion() }))) return;
    this.activate({ id: c.prompt_id } as Prompt, true);
  }

  checkWord(status: ActivationCheck['status']): string {
    return { running: 'Running', activated: 'Activated', refused: 'Refused', failed: 'Failed' }[status] ?? 'Running';
  }

  checkVersion(): number | string {
    return this.checkVersionOf() ?? '?';
  }

  pct(value: number | null): string {
    return value === null ? '—' : `${Math.round(value * 1000) / 10} %`;
  }

  /** A version was created or activated: show its check (when one started) and re-read the versions. */
  private changed(p: Prompt): void {
    this.checkVersionOf.set(p.version ?? this.checkVersionOf());
    this.check.set(p.activation ?? null);
    this.notice.set(!p.activation && p.is_active ? this.i18n.t('prompt.activeNow', { v: p.version }) : '');
    this.follow();
    this.ngOnInit();
  }

  private follow(): void {
    if (this.timer) clearTimeout(this.timer);
    const c = this.check();
    if (c?.status !== 'running') return;
    this.timer = setTimeout(() => {
      this.api.get<ActivationCheck>(`/prompts/activation-checks/${c.id}`).subscribe({
        next: (fresh) => {
          this.check.set(fresh);
          if (fresh.status === 'running') this.follow();
          else this.ngOnInit();
        },
        error: (err) => this.error.set(errorMessage(err)),
      });
    }, CHECK_POLL_MS);
  }
}
