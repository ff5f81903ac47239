import { DatePipe } from '@angular/common';
import { Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Observable } from 'rxjs';
import { ButtonModule } from 'primeng/button';
import { CsvExport } from '../components/csv-export';
import { FieldError } from '../components/field-error';
import { Pager } from '../components/pager';
import { StatusTag } from '../components/status-tag';
import { errorMessage } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { showFailure } from '../core/forms';
import { I18n, TranslatePipe } from '../core/i18n';
import { Dispute } from '../core/models';
import { ReviewService, isKpi, parseValue, targetKey } from '../core/review.service';

export const DISPUTE_CSV_COLUMNS = [
  'id', 'created_at', 'evaluation_id', 'target', 'comment', 'status', 'raised_by', 'resolved_by', 'resolution', 'resolved_at',
];
const PAGE_SIZE = 20;

/** Disputes of the evaluations the caller sees, by status; reviewers accept (optionally with the value) or reject them. */
@Component({
  selector: 'app-disputes',
  imports: [FormsModule, RouterLink, DatePipe, ButtonModule, CsvExport, FieldError, Pager, StatusTag, TranslatePipe],
  template: `
    <div class="mb-3 flex flex-wrap items-center gap-3">
      <h1 class="text-2xl font-bold">{{ 'dispute.title' | t }}</h1>
      <span class="text-sm text-slate-600" data-testid="total">{{ 'list.total' | t: { n: total() } }}</span>
      <app-csv-export class="ml-auto" path="/disputes" [columns]="csvColumns" filename="disputas.csv" [params]="csvParams" />
    </div>
    <form class="mb-3 flex flex-wrap items-end gap-3" (ngSubmit)="search(1)">
      <div><label for="dq-status" class="block text-sm">{{ 'field.status' | t }}</label>
        <select id="dq-status" name="status" [(ngModel)]="status" class="rounded border border-slate-400 px-2 py-1">
          <option value="">{{ 'filter.all' | t }}</option>
          @for (s of statuses; track s) { <option [value]="s">{{ 'dispute.status.' + s | t }}</option> }
        </select></div>
      <button type="submit" class="rounded bg-blue-700 px-4 py-1.5 text-white hover:bg-blue-800" data-testid="apply-filter">{{ 'filter.apply' | t }}</button>
    </form>
    @if (error()) { <p role="alert" class="mb-2 text-red-700">{{ error() }}</p> }
    @if (resolving(); as d) {
      <form class="mb-4 grid gap-3 rounded-lg border-2 border-amber-400 bg-white p-4 shadow-sm md:grid-cols-[1fr_2fr]" novalidate
            data-testid="resolve-form" (ngSubmit)="resolve('accept')">
        <h2 class="font-semibold md:col-span-2">{{ 'dispute.resolve' | t: { id: d.id } }} — {{ targetKey(d.target) | t }}</h2>
        <p class="text-sm md:col-span-2">{{ d.comment }}</p>
        <div>
          <label for="rs-value" class="block text-sm font-medium">{{ 'dispute.value' | t }}{{ kpi(d) ? ' *' : '' }}</label>
          @if (kpi(d)) {
            <input id="rs-value" name="value" type="number" step="1" class="mt-1 w-full rounded border border-slate-400 px-2 py-1"
                   [(ngModel)]="value" aria-describedby="rs-value-error" [attr.aria-invalid]="!!errors()['rs-value']" />
          } @else {
            <select id="rs-value" name="value" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" [(ngModel)]="value"
                    aria-describedby="rs-value-error">
              <option value="">{{ 'dispute.valueDefault' | t }}</option>
              <option value="true">{{ 'value.true' | t }}</option>
              <option value="false">{{ 'value.false' | t }}</option>
            </select>
          }
          <app-field-error for="rs-value" [errors]="errors()" />
        </div>
        <div>
          <label for="rs-reason" class="block text-sm font-medium">{{ 'field.reason' | t }} *</label>
          <textarea id="rs-reason" name="reason" rows="2" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" [(ngModel)]="reason"
                    aria-describedby="rs-reason-error" [attr.aria-invalid]="!!errors()['rs-reason']"></textarea>
          <app-field-error for="rs-reason" [errors]="errors()" />
        </div>
        <div class="flex flex-wrap gap-2 md:col-span-2">
          <p-button type="submit" severity="success" [label]="'dispute.accept' | t" [loading]="busy()" data-testid="accept-dispute" />
          <p-button severity="danger" [label]="'dispute.reject' | t" [loading]="busy()" (onClick)="resolve('reject')" data-testid="reject-dispute" />
          <p-button [outlined]="true" severity="secondary" [label]="'list.cancel' | t" (onClick)="resolving.set(null)" />
        </div>
      </form>
    }
    <div class="overflow-x-auto rounded-lg bg-white shadow-sm">
      <table class="w-full text-sm" data-testid="disputes-table">
        <caption class="sr-only">{{ 'dispute.title' | t }}</caption>
        <thead class="bg-slate-50 text-left"><tr>
          <th scope="col" class="p-2">#</th><th scope="col" class="p-2">{{ 'field.date' | t }}</th>
          <th scope="col" class="p-2">{{ 'field.evaluation' | t }}</th><th scope="col" class="p-2">{{ 'field.target' | t }}</th>
          <th scope="col" class="p-2">{{ 'field.comment' | t }}</th><th scope="col" class="p-2">{{ 'field.status' | t }}</th>
          <th scope="col" class="p-2">{{ 'field.resolution' | t }}</th>
          <th scope="col" class="p-2"><span class="sr-only">{{ 'list.actions' | t }}</span></th>
        </tr></thead>
        <tbody>
          @for (d of rows(); track d.id) {
            <tr class="border-t" [attr.data-dispute]="d.id">
              <td class="p-2">{{ d.id }}</td>
              <td class="p-2 whitespace-nowrap">{{ d.created_at | date: 'short' : undefined : i18n.locale() }}</td>
              <td class="p-2"><a class="text-blue-800 underline" [routerLink]="['/evaluations', d.evaluation_id]">#{{ d.evaluation_id }}</a></td>
              <td class="p-2">{{ targetKey(d.target) | t }}</td>
              <td class="p-2">{{ d.comment }}</td>
              <td class="p-2"><app-status-tag [status]="d.status" prefix="dispute.status." /></td>
              <td class="p-2">{{ d.resolution || '—' }}</td>
              <td class="p-2 text-right">
                @if (reviewer() && d.status === 'open') {
                  <button type="button" class="text-blue-800 underline" (click)="open(d)" data-testid="resolve">{{ 'dispute.resolve' | t: { id: d.id } }}</button>
                }
              </td>
            </tr>
          } @empty {
            <tr><td colspan="8" class="p-4 text-center text-slate-600">{{ 'list.empty' | t }}</td></tr>
          }
        </tbody>
      </table>
    </div>
    <app-pager [page]="page()" [pages]="pages()" (go)="search($event)" />
  `,
})
export class DisputesPage implements OnInit {
  private readonly review = inject(ReviewService);
  private readonly auth = inject(AuthService);
  protected readonly i18n = inject(I18n);
  protected readonly reviewer = this.auth.isReviewer;
  protected readonly statuses = ['open', 'accepted', 'rejected'];
  protected readonly csvColumns = DISPUTE_CSV_COLUMNS;
  protected readonly csvParams = () => ({ status: this.status || null, sort: '-created_at' });
  protected readonly targetKey = targetKey;
  protected status = '';
  protected readonly rows = signal<Dispute[]>([]);
  protected readonly total = signal(0);
  protected readonly page = signal(1);
  protected readonly pages = signal(1);
  protected readonly error = signal('');
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly busy = signal(false);
  protected readonly resolving = signal<Dispute | null>(null);
  protected value = '';
  protected reason = '';

  ngOnInit(): void {
    this.auth.profile().subscribe();
    this.search(1);
  }

  kpi(d: Dispute): boolean {
    return isKpi(d.target);
  }

  search(page: number): void {
    this.error.set('');
    this.review.disputes({ ...this.csvParams(), page, page_size: PAGE_SIZE }).subscribe({
      next: (p) => {
        this.rows.set(p.items);
        this.total.set(p.total);
        this.page.set(p.page);
        this.pages.set(p.totalPages);
      },
      error: (err) => this.error.set(errorMessage(err)),
    });
  }

  open(d: Dispute): void {
    this.value = '';
    this.reason = '';
    this.errors.set({});
    this.error.set('');
    this.resolving.set(d);
  }

  /** Accept (with the value when one is given; a KPI needs one) or reject, with the reason either way. */
  resolve(action: 'accept' | 'reject'): void {
    const d = this.resolving();
    if (!d) return;
    const local: Record<string, string> = {};
    let value: boolean | number | undefined;
    if (action === 'accept' && (String(this.value) !== '' || isKpi(d.target))) {
      const parsed = parseValue(d.target, String(this.value));
      if ('error' in parsed) local['rs-value'] = this.i18n.t(parsed.error);
      else value = parsed.value;
    }
    if (this.reason.trim().length < 3) local['rs-reason'] = this.i18n.t('review.reasonShort');
    if (Object.keys(local).length) {
      this.errors.set(local);
      this.error.set(this.i18n.t('form.fix'));
      return;
    }
    this.busy.set(true);
    this.errors.set({});
    this.error.set('');
    const call: Observable<Dispute> = action === 'accept'
      ? this.review.accept(d.id, this.reason.trim(), value)
      : this.review.reject(d.id, this.reason.trim());
    call.subscribe({
      next: () => {
        this.busy.set(false);
        this.resolving.set(null);
        this.search(this.page());
      },
      error: (err) => {
        this.busy.set(false);
        const fields = signal<Record<string, string>>({});
        showFailure(err, (k) => this.i18n.t(k), fields, this.error);
        this.errors.set(Object.fromEntries(Object.entries(fields()).map(([k, v]) => [`rs-${k}`, v])));
      },
    });
  }
}
