import { Component, input, model } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { TranslatePipe } from '../core/i18n';
import { Question, Survey } from '../core/models';

/** A campaign's survey as inputs, one per question type the API supports; answers keyed by question id. */
@Component({
  selector: 'app-survey-form',
  imports: [FormsModule, TranslatePipe],
  template: `
    <fieldset class="space-y-3 rounded border border-slate-300 p-3" data-testid="survey">
      <legend class="px-1 font-medium">{{ survey().name }} (v{{ survey().version }})</legend>
      @for (q of survey().questions; track q.id) {
        <div [attr.data-question]="q.id">
          @switch (q.type) {
            @case ('yes_no') {
              <fieldset><legend class="text-sm">{{ q.text }}{{ q.required ? ' *' : '' }}</legend>
                <label class="mr-4"><input type="radio" [name]="'q-' + q.id" [checked]="answers()[q.id!] === true" (change)="set(q, true)" /> {{ 'answer.yes' | t }}</label>
                <label><input type="radio" [name]="'q-' + q.id" [checked]="answers()[q.id!] === false" (change)="set(q, false)" /> {{ 'answer.no' | t }}</label>
              </fieldset>
            }
            @case ('single_choice') {
              <fieldset><legend class="text-sm">{{ q.text }}{{ q.required ? ' *' : '' }}</legend>
                @for (o of q.options; track o) {
                  <label class="block"><input type="radio" [name]="'q-' + q.id" [checked]="answers()[q.id!] === o" (change)="set(q, o)" /> {{ o }}</label>
                }
              </fieldset>
            }
            @case ('multiple_choice') {
              <fieldset><legend class="text-sm">{{ q.text }}{{ q.required ? ' *' : '' }}</legend>
                @for (o of q.options; track o) {
                  <label class="block"><input type="checkbox" [checked]="picked(q, o)" (change)="toggle(q, o, $any($event.target).checked)" /> {{ o }}</label>
                }
              </fieldset>
            }
            @case ('text') {
              <label class="block text-sm" [for]="'q-' + q.id">{{ q.text }}{{ q.required ? ' *' : '' }}</label>
              <textarea [id]="'q-' + q.id" rows="2" class="w-full rounded border border-slate-400 px-2 py-1" [attr.maxlength]="q.max_length || null"
                        [value]="answers()[q.id!] ?? ''" (input)="set(q, $any($event.target).value)"></textarea>
            }
            @default {
              <label class="block text-sm" [for]="'q-' + q.id">{{ q.text }}{{ q.required ? ' *' : '' }}
                <span class="text-slate-600">({{ low(q) }}–{{ high(q) }})</span></label>
              <input [id]="'q-' + q.id" type="number" class="w-32 rounded border border-slate-400 px-2 py-1"
                     [attr.min]="low(q)" [attr.max]="high(q)" [attr.step]="q.type === 'number' ? 'any' : 1"
                     [value]="answers()[q.id!] ?? ''" (input)="setNumber(q, $any($event.target).value)" />
            }
          }
          @if (errors()['answers.' + q.id]) {
            <p class="text-sm text-red-700" role="alert">{{ errors()['answers.' + q.id] }}</p>
          }
        </div>
      }
    </fieldset>
  `,
})
export class SurveyForm {
  readonly survey = input.required<Survey>();
  readonly answers = model<Record<string, unknown>>({});
  readonly errors = input<Record<string, string>>({});

  low(q: Question): number | string {
    return q.type === 'nps' ? 0 : q.type === 'scale' ? 1 : (q.min ?? '');
  }

  high(q: Question): number | string {
    return q.type === 'nps' ? 10 : q.type === 'scale' ? 5 : (q.max ?? '');
  }

  picked(q: Question, option: string): boolean {
    const value = this.answers()[q.id!];
    return Array.isArray(value) && value.includes(option);
  }

  set(q: Question, value: unknown): void {
    const next = { ...this.answers() };
    if (value === '' || value === null) {
      delete next[q.id!];
    } else {
      next[q.id!] = value;
    }
    this.answers.set(next);
  }

  setNumber(q: Question, raw: string): void {
    this.set(q, raw === '' ? null : Number(raw));
  }

  toggle(q: Question, option: string, on: boolean): void {
    const current = (this.answers()[q.id!] as string[] | undefined) ?? [];
    const next = on ? [...current.filter((o) => o !== option), option] : current.filter((o) => o !== option);
    this.set(q, next.length ? next : null);
  }
}
