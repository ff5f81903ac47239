import { Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ButtonModule } from 'primeng/button';
import { showFailure } from '../core/forms';
import { errorMessage } from '../core/api.service';
import { I18n, TranslatePipe } from '../core/i18n';
import { Dispute, OperativeView } from '../core/models';
import { ReviewService, targetName, targetsOf } from '../core/review.service';
import { FieldError } from './field-error';
import { StatusTag } from './status-tag';

/** The disputes of one evaluation and, for the client's admins and managers, a form to dispute a published result. */
@Component({
  selector: 'app-dispute-box',
  imports: [FormsModule, RouterLink, ButtonModule, FieldError, StatusTag, TranslatePipe],
  template: `
    <section class="mt-4 rounded-lg bg-white p-3 shadow-sm" data-testid="dispute-box" aria-labelledby="dispute-title">
      <h2 id="dispute-title" class="mb-2 font-semibold">{{ 'dispute.ofEvaluation' | t }}</h2>
      @if (disputes().length) {
        <ul class="mb-3 divide-y text-sm">
          @for (d of disputes(); track d.id) {
            <li class="flex flex-wrap items-center gap-2 py-2" [attr.data-dispute]="d.id">
              <app-status-tag [status]="d.status" prefix="dispute.status." />
              <span class="font-medium">{{ name(d.target) }}</span>: {{ d.comment }}
              @if (d.resolution) { <span class="text-slate-700">— {{ d.resolution }}</span> }
              <a routerLink="/disputes" class="ml-auto text-blue-800 underline">#{{ d.id }}</a>
            </li>
          }
        </ul>
      } @else { <p class="mb-3 text-sm text-slate-600">{{ 'list.empty' | t }}</p> }
      @if (canDispute()) {
        <form class="grid gap-3 md:grid-cols-[1fr_2fr_auto] md:items-start" (ngSubmit)="submit()" novalidate data-testid="dispute-form">
          <h3 class="text-sm font-semibold md:col-span-3">{{ 'dispute.open' | t }}</h3>
          <div>
            <label for="dp-target" class="block text-sm font-medium">{{ 'field.target' | t }}</label>
            <select id="dp-target" name="target" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" [(ngModel)]="target"
                    aria-describedby="dp-target-error">
              @for (t of targets(); track t) { <option [value]="t">{{ name(t) }}</option> }
            </select>
            <app-field-error for="dp-target" [errors]="errors()" />
          </div>
          <div>
            <label for="dp-comment" class="block text-sm font-medium">{{ 'field.comment' | t }} *</label>
            <textarea id="dp-comment" name="comment" rows="2" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" [(ngModel)]="comment"
                      [attr.aria-invalid]="!!errors()['dp-comment']" aria-describedby="dp-comment-error"></textarea>
            <app-field-error for="dp-comment" [errors]="errors()" />
          </div>
          <p-button type="submit" styleClass="md:mt-6" [label]="'dispute.submit' | t" [loading]="busy()" data-testid="submit-dispute" />
        </form>
        @if (message()) { <p role="status" class="mt-2 text-sm text-green-800" data-testid="dispute-message">{{ message() }}</p> }
        @if (error()) { <p role="alert" class="mt-2 text-sm text-red-700">{{ error() }}</p> }
      }
    </section>
  `,
})
export class DisputeBox implements OnInit {
  readonly evaluationId = input.required<number>();
  readonly canDispute = input(false);
  /** The published operative view: which targets exist (the scorecard's criteria among them) and their names. */
  readonly view = input<OperativeView | null>(null);
  private readonly review = inject(ReviewService);
  private readonly i18n = inject(I18n);
  protected readonly targets = computed(() => targetsOf(this.view()));
  protected readonly disputes = signal<Dispute[]>([]);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly error = signal('');
  protected readonly message = signal('');
  protected readonly busy = signal(false);
  protected target = 'check:saludo';
  protected comment = '';

  ngOnInit(): void {
    this.load();
  }

  name(target: string): string {
    return targetName(target, this.view(), (k) => this.i18n.t(k));
  }

  load(): void {
    this.review.disputes({ evaluation_id: this.evaluationId(), page_size: 100 }).subscribe({
      next: (p) => this.disputes.set(p.items),
      error: (err) => this.error.set(errorMessage(err)),
    });
  }

  submit(): void {
    this.message.set('');
    if (this.comment.trim().length < 3) {
      this.errors.set({ 'dp-comment': this.i18n.t('review.reasonShort') });
      this.error.set(this.i18n.t('form.fix'));
      return;
    }
    this.busy.set(true);
    this.errors.set({});
    this.error.set('');
    this.review.openDispute(this.evaluationId(), this.target, this.comment.trim()).subscribe({
      next: () => {
        this.busy.set(false);
        this.comment = '';
        this.message.set(this.i18n.t('dispute.sent'));
        this.load();
      },
      error: (err) => {
        this.busy.set(false);
        const fields = signal<Record<string, string>>({});
        showFailure(err, (k) => this.i18n.t(k), fields, this.error);
        this.errors.set(Object.fromEntries(Object.entries(fields()).map(([k, v]) => [`dp-${k}`, v])));
      },
    });
  }
}
