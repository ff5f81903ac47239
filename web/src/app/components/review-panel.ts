import { Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ButtonModule } from 'primeng/button';
import { showFailure } from '../core/forms';
import { errorMessage } from '../core/api.service';
import { I18n, TranslatePipe } from '../core/i18n';
import { Analysis, Evaluation } from '../core/models';
import { KPI_RANGES, ReviewService, isKpi, parseValue, readTarget, targetName, targetsOf } from '../core/review.service';
import { FieldError } from './field-error';

/** Field errors under this form's own ids (two forms on a page both have a `reason`). */
function prefixed(fields: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}${k}`, v]));
}

/** A reviewer's actions on an analysis: override one check, criterion or KPI with a reason, publish, or send it back. */
@Component({
  selector: 'app-review-panel',
  imports: [FormsModule, ButtonModule, FieldError, TranslatePipe],
  template: `
    <section class="mt-4 rounded-lg border-2 border-amber-400 bg-white p-3 shadow-sm" data-testid="review-panel" aria-labelledby="review-title">
      <h2 id="review-title" class="mb-2 font-semibold">{{ 'review.panel' | t }}</h2>
      @if (message()) { <p role="status" class="mb-2 text-sm text-green-800" data-testid="review-message">{{ message() }}</p> }
      @if (error()) { <p role="alert" class="mb-2 text-sm text-red-700">{{ error() }}</p> }
      <form class="grid gap-3 md:grid-cols-[1fr_1fr_2fr_auto] md:items-start" (ngSubmit)="override()" novalidate data-testid="override-form">
        <h3 class="text-sm font-semibold md:col-span-4">{{ 'review.override' | t }}</h3>
        <div>
          <label for="ov-target" class="block text-sm font-medium">{{ 'field.target' | t }}</label>
          <select id="ov-target" name="target" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" [ngModel]="target()"
                  (ngModelChange)="pick($event)" aria-describedby="ov-target-error ov-current">
            @for (t of targets(); track t) { <option [value]="t">{{ label(t) }}</option> }
          </select>
          <p id="ov-current" class="mt-1 text-xs text-slate-700">{{ 'review.aiNow' | t: { v: show(current()) } }}</p>
          <app-field-error for="ov-target" [errors]="errors()" />
        </div>
        <div>
          <label for="ov-value" class="block text-sm font-medium">{{ 'field.value' | t }} *</label>
          @if (kpi()) {
            <input id="ov-value" name="value" type="number" inputmode="numeric" step="1" [min]="range()[0]" [max]="range()[1]"
                   class="mt-1 w-full rounded border border-slate-400 px-2 py-1" [(ngModel)]="value"
                   [attr.aria-invalid]="!!errors()['ov-value']" aria-describedby="ov-value-error ov-range" />
            <p id="ov-range" class="mt-1 text-xs text-slate-700">{{ 'review.range' | t: { low: range()[0], high: range()[1] } }}</p>
          } @else {
            <select id="ov-value" name="value" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" [(ngModel)]="value"
                    [attr.aria-invalid]="!!errors()['ov-value']" aria-describedby="ov-value-error">
              <option value="">—</option>
              <option value="true">{{ 'value.true' | t }}</option>
              <option value="false">{{ 'value.false' | t }}</option>
            </select>
          }
          <app-field-error for="ov-value" [errors]="errors()" />
        </div>
        <div>
          <label for="ov-reason" class="block text-sm font-medium">{{ 'field.reason' | t }} *</label>
          <textarea id="ov-reason" name="reason" rows="2" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" [(ngModel)]="reason"
                    [attr.aria-invalid]="!!errors()['ov-reason']" aria-describedby="ov-reason-error"></textarea>
          <app-field-error for="ov-reason" [errors]="errors()" />
        </div>
        <p-button type="submit" styleClass="md:mt-6" [label]="'review.saveOverride' | t" [loading]="busy()" data-testid="save-override" />
      </form>
      @if (evaluation().status === 'in_review') {
        <div class="mt-4 grid gap-4 border-t pt-3 md:grid-cols-2">
          <form (ngSubmit)="publish()" novalidate>
            <label for="pub-note" class="block text-sm font-medium">{{ 'review.publishNote' | t }}</label>
            <input id="pub-note" name="note" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" [(ngModel)]="note"
                   aria-describedby="pub-note-error" />
            <app-field-error for="pub-note" [errors]="errors()" />
            <p-button type="submit" styleClass="mt-2" severity="success" [label]="'review.publish' | t" [loading]="busy()" data-testid="publish" />
          </form>
          <form (ngSubmit)="sendBack()" novalidate>
            <label for="sb-reason" class="block text-sm font-medium">{{ 'review.sendBackReason' | t }} *</label>
            <textarea id="sb-reason" name="reason" rows="2" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" [(ngModel)]="backReason"
                      [attr.aria-invalid]="!!errors()['sb-reason']" aria-describedby="sb-reason-error"></textarea>
            <app-field-error for="sb-reason" [errors]="errors()" />
            <p-button type="submit" styleClass="mt-2" severity="warn" [label]="'review.sendBack' | t" [loading]="busy()" data-testid="send-back" />
          </form>
        </div>
      }
    </section>
  `,
})
export class ReviewPanel {
  readonly evaluation = input.required<Evaluation>();
  readonly analysis = input.required<Analysis>();
  /** The analysis as the API returns it after an override or the publication. */
  readonly changed = output<Analysis>();
  /** The evaluation after it was sent back (analysing again, its analysis gone). */
  readonly sentBack = output<Evaluation>();
  private readonly review = inject(ReviewService);
  private readonly i18n = inject(I18n);
  protected readonly targets = computed(() => targetsOf(this.analysis().operative_view));
  protected readonly target = signal('check:saludo');
  protected readonly kpi = computed(() => isKpi(this.target()));
  protected readonly range = computed(() => KPI_RANGES[this.target().slice(4)] ?? [0, 0]);
  protected readonly current = computed(() => readTarget(this.analysis().operative_view, this.target()));
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly error = signal('');
  protected readonly message = signal('');
  protected readonly busy = signal(false);
  protected value: string | number = '';
  protected reason = '';
  protected note = '';
  protected backReason = '';

  label(target: string): string {
    return targetName(target, this.analysis().operative_view, (k) => this.i18n.t(k));
  }

  show(value: boolean | number | null): string {
    if (value === null || value === undefined) return '—';
    return typeof value === 'boolean' ? this.i18n.t(`value.${value}`) : String(value);
  }

  pick(target: string): void {
    this.target.set(target);
    this.value = '';
    this.errors.set({});
  }

  override(): void {
    const parsed = parseValue(this.target(), String(this.value ?? ''));
    const local: Record<string, string> = {};
    if ('error' in parsed) local['ov-value'] = this.i18n.t(parsed.error);
    if (this.reason.trim().length < 3) local['ov-reason'] = this.i18n.t('review.reasonShort');
    if (Object.keys(local).length || 'error' in parsed) {
      this.fail(local);
      return;
    }
    this.start();
    this.review.override(this.evaluation().id, this.target(), parsed.value, this.reason.trim()).subscribe({
      next: (analysis) => {
        this.done('review.saved');
        this.reason = '';
        this.value = '';
        this.changed.emit(analysis);
      },
      error: (err) => this.failed(err, 'ov-'),
    });
  }

  publish(): void {
    this.start();
    this.review.publish(this.evaluation().id, this.note.trim() || undefined).subscribe({
      next: (analysis) => {
        this.done('review.publishedNow');
        this.changed.emit(analysis);
      },
      error: (err) => this.failed(err, 'pub-'),
    });
  }

  sendBack(): void {
    if (this.backReason.trim().length < 3) {
      this.fail({ 'sb-reason': this.i18n.t('review.reasonShort') });
      return;
    }
    this.start();
    this.review.sendBack(this.evaluation().id, this.backReason.trim()).subscribe({
      next: (evaluation) => {
        this.done('review.sentBackNow');
        this.sentBack.emit(evaluation);
      },
      error: (err) => this.failed(err, 'sb-'),
    });
  }

  private start(): void {
    this.busy.set(true);
    this.errors.set({});
    this.error.set('');
    this.message.set('');
  }

  private done(key: string): void {
    this.busy.set(false);
    this.message.set(this.i18n.t(key));
  }

  private fail(fields: Record<string, string>): void {
    this.errors.set(fields);
    this.error.set(this.i18n.t('form.fix'));
    this.message.set('');
  }

  /** The API's field messages beside this form's fields; any other failure as one line. */
  private failed(err: unknown, prefix: string): void {
    this.busy.set(false);
    const fields = signal<Record<string, string>>({});
    const message = signal('');
    showFailure(err, (k) => this.i18n.t(k), fields, message);
    this.errors.set(prefixed(fields(), prefix));
    this.error.set(message() || errorMessage(err));
  }
}
