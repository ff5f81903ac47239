import { DecimalPipe } from '@angular/common';
import { Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { showFailure } from '../core/forms';
import { FieldError } from '../components/field-error';
import { ApiService } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { Role } from '../core/roles';
import { I18n, TranslatePipe } from '../core/i18n';
import { Calibration } from '../core/models';
import { ReviewService, targetKey } from '../core/review.service';

/** AI-vs-human agreement and Cohen's kappa per target and provider/model/prompt/scorecard version, for a date range. */
@Component({
  selector: 'app-calibration',
  imports: [FormsModule, DecimalPipe, FieldError, TranslatePipe],
  template: `
    <h1 class="mb-1 text-2xl font-bold">{{ 'calibration.title' | t }}</h1>
    <p class="mb-3 text-sm text-slate-700">{{ 'calibration.hint' | t }}</p>
    <form class="mb-3 flex flex-wrap items-end gap-3" (ngSubmit)="load()" novalidate>
      <div><label for="cal-from" class="block text-sm">{{ 'filter.from' | t }}</label>
        <input id="cal-from" name="from" type="date" [(ngModel)]="dateFrom" class="rounded border border-slate-400 px-2 py-1"
               aria-describedby="date_from-error" />
        <app-field-error for="date_from" [errors]="errors()" /></div>
      <div><label for="cal-to" class="block text-sm">{{ 'filter.to' | t }}</label>
        <input id="cal-to" name="to" type="date" [(ngModel)]="dateTo" class="rounded border border-slate-400 px-2 py-1"
               aria-describedby="date_to-error" />
        <app-field-error for="date_to" [errors]="errors()" /></div>
      @if (superadmin) {
        <div><label for="cal-company" class="block text-sm">{{ 'field.company' | t }}</label>
          <select id="cal-company" name="company" [(ngModel)]="companyId" class="rounded border border-slate-400 px-2 py-1"
                  aria-describedby="company_id-error">
            <option value="">{{ 'filter.all' | t }}</option>
            @for (c of companies(); track c.id) { <option [value]="c.id">{{ c.name }}</option> }
          </select>
          <app-field-error for="company_id" [errors]="errors()" /></div>
      }
      <button type="submit" class="rounded bg-blue-700 px-4 py-1.5 text-white hover:bg-blue-800" data-testid="apply-filter">{{ 'filter.apply' | t }}</button>
    </form>
    @if (error()) { <p role="alert" class="mb-2 text-red-700">{{ error() }}</p> }
    @if (data(); as d) {
      <p class="mb-2 text-sm" data-testid="reviewed-analyses">{{ 'calibration.reviewedAnalyses' | t: { n: d.reviewed_analyses } }}</p>
      <div class="overflow-x-auto rounded-lg bg-white shadow-sm">
        <table class="w-full text-sm" data-testid="calibration-table">
          <caption class="sr-only">{{ 'calibration.title' | t }}</caption>
          <thead class="bg-slate-50 text-left"><tr>
            <th scope="col" class="p-2">{{ 'field.target' | t }}</th><th scope="col" class="p-2">{{ 'calibration.provider' | t }}</th>
            <th scope="col" class="p-2">{{ 'calibration.model' | t }}</th><th scope="col" class="p-2">{{ 'calibration.prompt' | t }}</th>
            <th scope="col" class="p-2">{{ 'calibration.scorecard' | t }}</th>
            <th scope="col" class="p-2 text-right">{{ 'calibration.reviewed' | t }}</th>
            <th scope="col" class="p-2 text-right">{{ 'calibration.agreed' | t }}</th>
            <th scope="col" class="p-2 text-right">{{ 'calibration.agreement' | t }}</th>
            <th scope="col" class="p-2 text-right">{{ 'calibration.kappa' | t }}</th>
            <th scope="col" class="p-2 text-right">{{ 'calibration.aiYes' | t }}</th>
            <th scope="col" class="p-2 text-right">{{ 'calibration.humanYes' | t }}</th>
          </tr></thead>
          <tbody>
            @for (g of d.groups; track $index) {
              <tr class="border-t" [attr.data-target]="g.target">
                <th scope="row" class="p-2 text-left font-medium">{{ targetKey(g.target) | t }}</th>
                <td class="p-2">{{ g.provider || '—' }}</td><td class="p-2">{{ g.model || '—' }}</td>
                <td class="p-2">{{ g.prompt_version || '—' }}</td><td class="p-2">{{ g.scorecard_version || '—' }}</td>
                <td class="p-2 text-right">{{ g.reviewed }}</td><td class="p-2 text-right">{{ g.agreed }}</td>
                <td class="p-2 text-right" data-testid="agreement">{{ g.agreement === null ? '—' : (g.agreement * 100 | number: '1.0-1') + ' %' }}</td>
                <td class="p-2 text-right" data-testid="kappa">{{ g.kappa === null ? '—' : (g.kappa | number: '1.2-2') }}</td>
                <td class="p-2 text-right">{{ g.ai_yes }}</td><td class="p-2 text-right">{{ g.human_yes }}</td>
              </tr>
            } @empty {
              <tr><td colspan="11" class="p-4 text-center text-slate-600">{{ 'list.empty' | t }}</td></tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
})
export class CalibrationPage implements OnInit {
  private readonly review = inject(ReviewService);
  private readonly i18n = inject(I18n);
  private readonly api = inject(ApiService);
  /** A superadmin reads every company's figures or one company's; an admin reads their own. */
  protected readonly superadmin = inject(AuthService).hasRole([Role.Superadmin]);
  protected readonly companies = signal<{ id: number; name: string }[]>([]);
  protected companyId = '';
  protected readonly targetKey = targetKey;
  protected readonly data = signal<Calibration | null>(null);
  protected readonly error = signal('');
  protected readonly errors = signal<Record<string, string>>({});
  protected dateFrom = '';
  protected dateTo = '';

  ngOnInit(): void {
    if (this.superadmin) {
      this.api.all<{ id: number; name: string }>('/companies').subscribe((rows) => this.companies.set(rows));
    }
    this.load();
  }

  load(): void {
    this.error.set('');
    this.errors.set({});
    const params = { date_from: this.dateFrom || null, date_to: this.dateTo || null, company_id: this.companyId || null };
    this.review.calibration(params).subscribe({
      next: (d) => this.data.set(d),
      error: (err) => showFailure(err, (k) => this.i18n.t(k), this.errors, this.error),
    });
  }
}
