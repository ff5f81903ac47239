import { DatePipe } from '@angular/common';
import { Component, inject, input } from '@angular/core';
import { I18n, TranslatePipe } from '../core/i18n';
import { Analysis } from '../core/models';
import { targetName } from '../core/review.service';

/** Whether a person reviewed the analysis, and each change they made: the AI's value beside theirs, who, why, when. */
@Component({
  selector: 'app-adjustments',
  imports: [DatePipe, TranslatePipe],
  template: `
    @if (analysis().published_at && analysis().published_by) {
      <p class="mt-4 rounded border border-green-300 bg-green-50 p-2 text-sm text-green-900" data-testid="reviewed">
        {{ 'review.reviewed' | t: { date: (analysis().published_at | date: 'medium' : undefined : i18n.locale()) } }}
      </p>
    } @else if (!analysis().published_at) {
      <p class="mt-4 rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900" data-testid="unpublished">{{ 'review.awaiting' | t }}</p>
    }
    @if (analysis().adjustments?.length) {
      <section class="mt-4 overflow-x-auto rounded-lg bg-white p-3 shadow-sm">
        <table class="w-full text-sm" data-testid="adjustments">
          <caption class="mb-2 text-left font-semibold">{{ 'review.adjustments' | t }}</caption>
          <thead class="bg-slate-50 text-left"><tr>
            <th scope="col" class="p-2">{{ 'field.target' | t }}</th><th scope="col" class="p-2">{{ 'review.ai' | t }}</th>
            <th scope="col" class="p-2">{{ 'review.human' | t }}</th><th scope="col" class="p-2">{{ 'review.who' | t }}</th>
            <th scope="col" class="p-2">{{ 'field.reason' | t }}</th><th scope="col" class="p-2">{{ 'review.when' | t }}</th>
          </tr></thead>
          <tbody>
            @for (a of analysis().adjustments; track a.target) {
              <tr class="border-t" [attr.data-adjustment]="a.target">
                <td class="p-2 font-medium">{{ name(a.target) }}</td>
                <td class="p-2" data-testid="ai-value">{{ show(a.ai_value) }}</td>
                <td class="p-2 font-semibold" data-testid="human-value">{{ show(a.human_value) }}</td>
                <td class="p-2">{{ a.reviewer || '#' + a.user_id }}</td>
                <td class="p-2" data-testid="adjustment-reason">{{ a.reason }}
                  @if (a.dispute_id) { <span class="text-slate-600">({{ 'review.fromDispute' | t: { id: a.dispute_id } }})</span> }</td>
                <td class="p-2 whitespace-nowrap">{{ a.updated_at | date: 'short' : undefined : i18n.locale() }}</td>
              </tr>
            }
          </tbody>
        </table>
      </section>
    }
  `,
})
export class Adjustments {
  readonly analysis = input.required<Analysis>();
  protected readonly i18n = inject(I18n);

  name(target: string): string {
    return targetName(target, this.analysis().operative_view, (k) => this.i18n.t(k));
  }

  show(value: boolean | number | null): string {
    if (value === null || value === undefined) return '—';
    return typeof value === 'boolean' ? this.i18n.t(`value.${value}`) : String(value);
  }
}
