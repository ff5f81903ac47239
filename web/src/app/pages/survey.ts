import { Component, OnInit, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { ButtonModule } from 'primeng/button';
import { formFailure } from '../core/forms';
import { ApiService, errorMessage } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { I18n, TranslatePipe } from '../core/i18n';
import { QUESTION_TYPES, Question, QuestionType, Survey } from '../core/models';
import { ADMINS } from '../core/roles';

const CHOICES: QuestionType[] = ['single_choice', 'multiple_choice'];

/** The survey builder: every question type the API supports; saving a used survey makes a new version. */
@Component({
  selector: 'app-survey',
  imports: [FormsModule, RouterLink, ButtonModule, TranslatePipe],
  template: `
    <a routerLink="/surveys" class="text-sm text-blue-800 underline">← {{ 'nav.surveys' | t }}</a>
    <h1 class="my-2 text-2xl font-bold">{{ id() ? name + ' (v' + version() + ')' : ('survey.new' | t) }}</h1>
    @if (error()) { <p role="alert" class="mb-2 text-red-700">{{ error() }}</p> }
    <form class="max-w-3xl space-y-3" (ngSubmit)="save()" novalidate data-testid="survey-form">
      <fieldset [disabled]="!isAdmin" class="space-y-3">
        <div><label for="sv-name" class="block text-sm font-medium">{{ 'field.name' | t }} *</label>
          <input id="sv-name" name="name" [(ngModel)]="name" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" />
          @if (errors()['name']) { <p class="text-sm text-red-700" role="alert">{{ errors()['name'] }}</p> }</div>
        <div><label for="sv-desc" class="block text-sm font-medium">{{ 'field.description' | t }}</label>
          <input id="sv-desc" name="description" [(ngModel)]="description" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" /></div>
        <ol class="space-y-3">
          @for (q of questions; track $index; let i = $index) {
            <li class="rounded-lg bg-white p-3 shadow-sm" [attr.data-question-index]="i">
              <div class="grid gap-2 md:grid-cols-[1fr_12rem_auto]">
                <div><label [for]="'q-text-' + i" class="block text-sm">{{ 'survey.questionText' | t: { n: i + 1 } }}</label>
                  <input [id]="'q-text-' + i" [name]="'q-text-' + i" [(ngModel)]="q.text" class="w-full rounded border border-slate-400 px-2 py-1" /></div>
                <div><label [for]="'q-type-' + i" class="block text-sm">{{ 'survey.type' | t }}</label>
                  <select [id]="'q-type-' + i" [name]="'q-type-' + i" [(ngModel)]="q.type" class="w-full rounded border border-slate-400 px-2 py-1">
                    @for (type of types; track type) { <option [value]="type">{{ 'qtype.' + type | t }}</option> }
                  </select></div>
                <label class="self-end text-sm"><input type="checkbox" [name]="'q-req-' + i" [(ngModel)]="q.required" /> {{ 'survey.required' | t }}</label>
              </div>
              @if (isChoice(q)) {
                <label [for]="'q-opts-' + i" class="mt-2 block text-sm">{{ 'survey.options' | t }}</label>
                <input [id]="'q-opts-' + i" [name]="'q-opts-' + i" [ngModel]="(q.options ?? []).join(', ')" (ngModelChange)="q.options = split($event)"
                       class="w-full rounded border border-slate-400 px-2 py-1" />
              }
              @if (q.type === 'number') {
                <div class="mt-2 flex gap-3">
                  <label class="text-sm">Min <input type="number" [name]="'q-min-' + i" [(ngModel)]="q.min" class="w-24 rounded border border-slate-400 px-2 py-1" /></label>
                  <label class="text-sm">Max <input type="number" [name]="'q-max-' + i" [(ngModel)]="q.max" class="w-24 rounded border border-slate-400 px-2 py-1" /></label>
                </div>
              }
              @for (msg of questionErrors(i); track $index) { <p class="text-sm text-red-700" role="alert">{{ msg }}</p> }
              @if (isAdmin) {
                <div class="mt-2 flex gap-3 text-sm">
                  <button type="button" class="underline" (click)="move(i, -1)" [disabled]="i === 0">{{ 'survey.up' | t }}</button>
                  <button type="button" class="underline" (click)="move(i, 1)" [disabled]="i === questions.length - 1">{{ 'survey.down' | t }}</button>
                  <button type="button" class="text-red-800 underline" (click)="questions.splice(i, 1)">{{ 'list.delete' | t }}</button>
                </div>
              }
            </li>
          }
        </ol>
        @if (errors()['questions']) { <p class="text-sm text-red-700" role="alert">{{ errors()['questions'] }}</p> }
      </fieldset>
      @if (isAdmin) {
        <div class="flex gap-2">
          <p-button [outlined]="true" [label]="'survey.addQuestion' | t" (onClick)="add()" data-testid="add-question" />
          <p-button type="submit" [label]="'list.save' | t" data-testid="save-survey" />
        </div>
      }
    </form>
  `,
})
export class SurveyPage implements OnInit {
  private readonly i18n = inject(I18n);
  readonly id = input<string>();
  private readonly api = inject(ApiService);
  private readonly router = inject(Router);
  protected readonly isAdmin = inject(AuthService).hasRole(ADMINS);
  protected readonly types = QUESTION_TYPES;
  protected readonly version = signal(1);
  protected readonly error = signal('');
  protected readonly errors = signal<Record<string, string>>({});
  protected name = '';
  protected description = '';
  protected questions: Question[] = [];

  ngOnInit(): void {
    const id = this.id();
    if (!id) {
      this.add();
      return;
    }
    this.api.get<Survey>(`/surveys/${id}`).subscribe({
      next: (s) => {
        this.name = s.name;
        this.description = s.description ?? '';
        this.questions = s.questions.map((q) => ({ ...q }));
        this.version.set(s.version);
      },
      error: (err) => this.error.set(errorMessage(err)),
    });
  }

  isChoice(q: Question): boolean {
    return CHOICES.includes(q.type);
  }

  split(text: string): string[] {
    return text.split(',').map((o) => o.trim()).filter(Boolean);
  }

  add(): void {
    this.questions.push({ type: 'yes_no', text: '', required: false });
  }

  move(i: number, by: number): void {
    const [q] = this.questions.splice(i, 1);
    this.questions.splice(i + by, 0, q);
  }

  questionErrors(i: number): string[] {
    const prefix = `questions.${i}.`;
    return Object.entries(this.errors()).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => `${k.slice(prefix.length)}: ${v}`);
  }

  save(): void {
    const questions = this.questions.map((q) => {
      const out: Question = { type: q.type, text: q.text, required: !!q.required };
      if (q.id) out.id = q.id;
      if (this.isChoice(q)) out.options = q.options ?? [];
      if (q.type === 'number') {
        if (q.min !== null && q.min !== undefined && String(q.min) !== '') out.min = Number(q.min);
        if (q.max !== null && q.max !== undefined && String(q.max) !== '') out.max = Number(q.max);
      }
      return out;
    });
    const body = { name: this.name, description: this.description || null, questions };
    const id = this.id();
    const call = id ? this.api.put<Survey>(`/surveys/${id}`, body) : this.api.post<Survey>('/surveys', body);
    this.errors.set({});
    this.error.set('');
    call.subscribe({
      next: (s) => void this.router.navigate(['/surveys', s.id]).then(() => {
        this.version.set(s.version);
      }),
      error: (err) => {
        const failure = formFailure(err, (k) => this.i18n.t(k));
        this.errors.set(failure.fields);
        this.error.set(failure.message);
      },
    });
  }
}
