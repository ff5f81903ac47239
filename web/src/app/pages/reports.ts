import { DatePipe } from '@angular/common';
import { Component, DestroyRef, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ButtonModule } from 'primeng/button';
import { FieldError } from '../components/field-error';
import { StatusTag } from '../components/status-tag';
import { ApiService, errorMessage } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { openLink } from '../core/export';
import { showFailure } from '../core/forms';
import { I18n, TranslatePipe } from '../core/i18n';
import { Campaign, Survey, Zone } from '../core/models';
import {
  FREQUENCIES, FilterKey, FilterValues, KIND_FILTERS, POLL_MS, REPORT_KINDS, Report, ReportKind, ReportsService, SCHEDULABLE,
  Schedule, reportRequest, settled,
} from '../core/reports.service';
import { ADMINS, Role } from '../core/roles';
import { Pager } from '../components/pager';

interface Person { id: number; first_name: string; last_name: string; email: string; company_id: number | null }
interface Company { id: number; name: string }

const PAGE_SIZE = 20;

/** Bytes in the unit a person reads (B, KB, MB). */
export function fileSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/** Server-side reports: request one (PDF, XLSX, CSV), follow it until ready, download it; admins schedule them. */
@Component({
  selector: 'app-reports',
  imports: [Pager, FormsModule, DatePipe, ButtonModule, FieldError, StatusTag, TranslatePipe],
  template: `
    <h1 class="mb-3 text-2xl font-bold">{{ 'nav.reports' | t }}</h1>
    <section class="mb-4 rounded-lg bg-white p-4 shadow-sm" aria-labelledby="r-new">
      <h2 id="r-new" class="mb-2 font-semibold">{{ 'reports.request' | t }}</h2>
      <form class="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" (ngSubmit)="request()" novalidate data-testid="report-form">
        <div>
          <label for="r-kind" class="block text-sm font-medium">{{ 'reports.kind' | t }}</label>
          <select id="r-kind" name="kind" [(ngModel)]="kind" (ngModelChange)="errors.set({})" class="mt-1 w-full rounded border border-slate-400 px-2 py-1">
            @for (k of kinds; track k) { <option [value]="k">{{ 'reportKind.' + k | t }}</option> }
          </select>
        </div>
        @if (superadmin) {
          <div>
            <label for="r-company_id" class="block text-sm font-medium">{{ 'field.company' | t }}</label>
            <select id="r-company_id" name="company_id" [(ngModel)]="values.company_id" class="mt-1 w-full rounded border border-slate-400 px-2 py-1"
                    aria-describedby="company_id-error">
              <option [ngValue]="null">—</option>
              @for (c of companies(); track c.id) { <option [ngValue]="c.id">{{ c.name }}</option> }
            </select>
            <app-field-error for="company_id" [errors]="errors()" />
          </div>
        }
        @for (f of fields(); track f) {
          <div>
            <label [for]="'r-' + f" class="block text-sm font-medium">{{ 'reports.filter.' + f | t }}</label>
            @switch (f) {
              @case ('evaluation_id') {
                <input [id]="'r-' + f" [name]="f" type="number" min="1" [(ngModel)]="values[f]" class="mt-1 w-full rounded border border-slate-400 px-2 py-1"
                       [attr.aria-describedby]="f + '-error'" [attr.aria-invalid]="!!errors()[f]" />
              }
              @case ('date_from') {
                <input [id]="'r-' + f" [name]="f" type="date" [(ngModel)]="values[f]" class="mt-1 w-full rounded border border-slate-400 px-2 py-1"
                       [attr.aria-describedby]="f + '-error'" />
              }
              @case ('date_to') {
                <input [id]="'r-' + f" [name]="f" type="date" [(ngModel)]="values[f]" class="mt-1 w-full rounded border border-slate-400 px-2 py-1"
                       [attr.aria-describedby]="f + '-error'" [attr.aria-invalid]="!!errors()[f]" />
              }
              @default {
                <select [id]="'r-' + f" [name]="f" [(ngModel)]="values[f]" class="mt-1 w-full rounded border border-slate-400 px-2 py-1"
                        [attr.aria-describedby]="f + '-error'" [attr.aria-invalid]="!!errors()[f]">
                  <option [ngValue]="null">{{ 'filter.all' | t }}</option>
                  @for (o of options(f); track o.id) { <option [ngValue]="o.id">{{ o.label }}</option> }
                </select>
              }
            }
            <app-field-error [for]="f" [errors]="errors()" />
          </div>
        }
        <div class="flex items-end">
          <p-button type="submit" [label]="'reports.submit' | t" data-testid="request-report" />
        </div>
      </form>
      @if (error()) { <p role="alert" class="mt-2 text-red-700" data-testid="report-error">{{ error() }}</p> }
    </section>

    <section class="mb-4" aria-labelledby="r-list">
      <div class="mb-2 flex flex-wrap items-center gap-3">
        <h2 id="r-list" class="font-semibold">{{ 'reports.list' | t }}</h2>
        <span class="text-sm text-slate-600">{{ 'list.total' | t: { n: total() } }}</span>
        <button type="button" class="ml-auto rounded border px-3 py-1 text-sm" (click)="load(page())">{{ 'reports.refresh' | t }}</button>
      </div>
      <div class="overflow-x-auto rounded-lg bg-white shadow-sm">
        <table class="w-full text-sm" data-testid="reports-table">
          <caption class="sr-only">{{ 'reports.list' | t }}</caption>
          <thead class="bg-slate-50 text-left"><tr>
            <th class="p-2">#</th><th class="p-2">{{ 'reports.kind' | t }}</th><th class="p-2">{{ 'field.status' | t }}</th>
            <th class="p-2">{{ 'field.progress' | t }}</th><th class="p-2">{{ 'reports.rows' | t }}</th><th class="p-2">{{ 'reports.size' | t }}</th>
            <th class="p-2">{{ 'field.date' | t }}</th><th class="p-2">{{ 'reports.file' | t }}</th>
          </tr></thead>
          <tbody aria-live="polite">
            @for (r of rows(); track r.id) {
              <tr class="border-t" [attr.data-report]="r.id">
                <td class="p-2">{{ r.id }}</td>
                <td class="p-2">{{ 'reportKind.' + r.kind | t }}@if (r.period) { <span class="text-slate-600"> · {{ r.period }}</span> }</td>
                <td class="p-2"><app-status-tag [status]="r.status" prefix="reportStatus." /></td>
                <td class="p-2">{{ r.progress }}%</td>
                <td class="p-2">{{ r.rows ?? '—' }}</td>
                <td class="p-2">{{ size(r.size_bytes) }}</td>
                <td class="whitespace-nowrap p-2">{{ r.created_at | date: 'short' : undefined : i18n.locale() }}</td>
                <td class="p-2">
                  @if (r.status === 'completed') {
                    <button type="button" class="font-medium text-blue-800 underline" [attr.data-download]="r.id" (click)="download(r)">
                      {{ 'reports.download' | t }}<span class="sr-only"> {{ r.filename }}</span></button>
                  } @else if (r.status === 'failed') {
                    <span class="text-red-800">{{ r.error_message || r.error_code }}</span>
                  } @else { <span class="text-slate-600">{{ 'reports.building' | t }}</span> }
                </td>
              </tr>
            } @empty {
              <tr><td colspan="8" class="p-4 text-center text-slate-600">{{ 'list.empty' | t }}</td></tr>
            }
          </tbody>
        </table>
      </div>
      <app-pager [page]="page()" [pages]="pages()" (go)="load($event)" />
    </section>

    @if (admin) {
      <section class="rounded-lg bg-white p-4 shadow-sm" aria-labelledby="r-schedules">
        <h2 id="r-schedules" class="mb-2 font-semibold">{{ 'reports.schedules' | t }}</h2>
        <form class="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" (ngSubmit)="schedule()" novalidate data-testid="schedule-form">
          <div>
            <label for="sc-name" class="block text-sm font-medium">{{ 'field.name' | t }} *</label>
            <input id="sc-name" name="name" [(ngModel)]="sched.name" maxlength="200" class="mt-1 w-full rounded border border-slate-400 px-2 py-1"
                   aria-describedby="sc-name-error" [attr.aria-invalid]="!!schedErrors()['name']" />
            <app-field-error for="sc-name" [errors]="prefixed(schedErrors(), 'sc-')" />
          </div>
          <div>
            <label for="sc-kind" class="block text-sm font-medium">{{ 'reports.kind' | t }}</label>
            <select id="sc-kind" name="kind" [(ngModel)]="sched.kind" class="mt-1 w-full rounded border border-slate-400 px-2 py-1"
                    aria-describedby="sc-kind-error">
              @for (k of schedulable; track k) { <option [value]="k">{{ 'reportKind.' + k | t }}</option> }
            </select>
            <app-field-error for="sc-kind" [errors]="prefixed(schedErrors(), 'sc-')" />
          </div>
          <div>
            <label for="sc-frequency" class="block text-sm font-medium">{{ 'reports.frequency' | t }}</label>
            <select id="sc-frequency" name="frequency" [(ngModel)]="sched.frequency" class="mt-1 w-full rounded border border-slate-400 px-2 py-1">
              @for (f of frequencies; track f) { <option [value]="f">{{ 'frequency.' + f | t }}</option> }
            </select>
          </div>
          @for (f of scheduleFields(); track f) {
            <div>
              <label [for]="'sc-' + f" class="block text-sm font-medium">{{ 'reports.filter.' + f | t }}</label>
              <select [id]="'sc-' + f" [name]="'sc-' + f" [(ngModel)]="sched.values[f]" class="mt-1 w-full rounded border border-slate-400 px-2 py-1"
                      [attr.aria-describedby]="'sc-' + f + '-error'">
                <option [ngValue]="null">{{ 'filter.all' | t }}</option>
                @for (o of options(f); track o.id) { <option [ngValue]="o.id">{{ o.label }}</option> }
              </select>
              <app-field-error [for]="'sc-' + f" [errors]="prefixed(schedErrors(), 'sc-')" />
            </div>
          }
          <fieldset class="sm:col-span-2 lg:col-span-4" aria-describedby="sc-recipient_ids-error">
            <legend class="text-sm font-medium">{{ 'reports.recipients' | t }} *</legend>
            <div class="mt-1 flex max-h-40 flex-wrap gap-x-4 gap-y-1 overflow-y-auto">
              @for (p of people(); track p.id) {
                <label class="text-sm"><input type="checkbox" [checked]="sched.recipients.has(p.id)" (change)="toggle(p.id)" />
                  {{ p.first_name }} {{ p.last_name }} ({{ p.email }})</label>
              }
            </div>
            <app-field-error for="sc-recipient_ids" [errors]="prefixed(schedErrors(), 'sc-')" />
          </fieldset>
          <div><p-button type="submit" [label]="'reports.schedule' | t" data-testid="create-schedule" /></div>
        </form>
        @if (schedError()) { <p role="alert" class="mt-2 text-red-700">{{ schedError() }}</p> }
        <ul class="mt-3 divide-y" data-testid="schedules">
          @for (s of schedules(); track s.id) {
            <li class="flex flex-wrap items-center gap-2 py-2" [attr.data-schedule]="s.id">
              <span class="font-medium">{{ s.name }}</span>
              <span class="text-sm text-slate-700">{{ 'reportKind.' + s.kind | t }} · {{ 'frequency.' + s.frequency | t }}
                · {{ 'reports.recipientCount' | t: { n: s.recipient_ids.length } }}
                @if (s.last_period) { · {{ 'reports.lastPeriod' | t }} {{ s.last_period }} }</span>
              <button type="button" class="ml-auto text-sm text-red-800 underline" (click)="unschedule(s)">{{ 'reports.stop' | t }}<span class="sr-only"> {{ s.name }}</span></button>
            </li>
          } @empty { <li class="py-2 text-slate-600">{{ 'reports.noSchedules' | t }}</li> }
        </ul>
      </section>
    }
  `,
})
export class ReportsPage implements OnInit {
  private readonly api = inject(ApiService);
  private readonly reports = inject(ReportsService);
  private readonly auth = inject(AuthService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly i18n = inject(I18n);
  protected readonly admin = this.auth.hasRole(ADMINS);
  protected readonly superadmin = this.auth.hasRole([Role.Superadmin]);
  protected readonly kinds = REPORT_KINDS;
  protected readonly schedulable = SCHEDULABLE;
  protected readonly frequencies = FREQUENCIES;
  protected readonly size = fileSize;
  protected kind: ReportKind = 'evaluations_xlsx';
  protected values: FilterValues = {};
  protected sched = { name: '', kind: 'campaign_pdf' as ReportKind, frequency: 'weekly' as string, values: {} as FilterValues, recipients: new Set<number>() };
  protected readonly rows = signal<Report[]>([]);
  protected readonly total = signal(0);
  protected readonly page = signal(1);
  protected readonly pages = signal(1);
  protected readonly campaigns = signal<Campaign[]>([]);
  protected readonly zones = signal<Zone[]>([]);
  protected readonly surveys = signal<Survey[]>([]);
  protected readonly companies = signal<Company[]>([]);
  protected readonly people = signal<Person[]>([]);
  protected readonly schedules = signal<Schedule[]>([]);
  protected readonly error = signal('');
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly schedError = signal('');
  protected readonly schedErrors = signal<Record<string, string>>({});
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly choices = computed(() => ({
    campaign_id: this.campaigns().map((c) => ({ id: c.id, label: c.name })),
    zone_id: this.zones().map((z) => ({ id: z.id, label: z.name })),
    survey_id: this.surveys().map((s) => ({ id: s.id, label: `${s.name} (v${s.version})` })),
  }));

  ngOnInit(): void {
    this.api.all<Campaign>('/campaigns').subscribe((rows) => this.campaigns.set(rows));
    this.api.all<Zone>('/zones').subscribe((rows) => this.zones.set(rows));
    this.api.all<Survey>('/surveys').subscribe((rows) => this.surveys.set(rows));
    if (this.superadmin) this.api.all<Company>('/companies').subscribe((rows) => this.companies.set(rows));
    if (this.admin) {
      this.api.all<Person>('/users').subscribe((rows) => this.people.set(rows));
      this.loadSchedules();
    }
    this.load(1);
    this.destroyRef.onDestroy(() => this.timer && clearTimeout(this.timer));
  }

  fields(): readonly FilterKey[] {
    return KIND_FILTERS[this.kind];
  }

  scheduleFields(): readonly FilterKey[] {
    return KIND_FILTERS[this.sched.kind].filter((f) => !f.startsWith('date_'));
  }

  options(field: FilterKey): { id: number; label: string }[] {
    return (this.choices() as Record<string, { id: number; label: string }[]>)[field] ?? [];
  }

  /** Field errors keyed for ids with a prefix (the schedule form's fields share names with the request form's). */
  prefixed(errors: Record<string, string>, prefix: string): Record<string, string> {
    return Object.fromEntries(Object.entries(errors).map(([k, v]) => [prefix + k, v]));
  }

  load(page: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.api.page<Report>('/reports', { page, page_size: PAGE_SIZE }).subscribe({
      next: (p) => {
        this.rows.set(p.items);
        this.total.set(p.total);
        this.page.set(p.page);
        this.pages.set(p.totalPages);
        if (p.items.some((r) => !settled(r))) this.timer = setTimeout(() => this.load(this.page()), POLL_MS);
      },
      error: (err) => this.error.set(errorMessage(err)),
    });
  }

  request(): void {
    this.error.set('');
    const { body, errors } = reportRequest(this.kind, this.values);
    if (this.superadmin && !body['company_id']) errors['company_id'] = this.i18n.t('submit.required');
    if (Object.keys(errors).length) {
      this.errors.set(Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, this.i18n.t(v)])));
      this.error.set(this.i18n.t('form.fix'));
      return;
    }
    this.errors.set({});
    this.reports.request(body).subscribe({
      next: () => this.load(1),
      error: (err) => showFailure(err, (k) => this.i18n.t(k), this.errors, this.error),
    });
  }

  /** A fresh signed link each time (links are short-lived), followed as a download. */
  download(r: Report): void {
    this.reports.get(r.id).subscribe({
      next: (fresh) => (fresh.download_url ? openLink(fresh.download_url, fresh.filename ?? `reporte-${r.id}`) : this.load(this.page())),
      error: (err) => this.error.set(errorMessage(err)),
    });
  }

  toggle(id: number): void {
    if (this.sched.recipients.has(id)) this.sched.recipients.delete(id);
    else this.sched.recipients.add(id);
  }

  schedule(): void {
    const { body, errors } = reportRequest(this.sched.kind, { ...this.sched.values, company_id: this.values.company_id }, false);
    if (!this.sched.name.trim()) errors['name'] = 'submit.required';
    if (!this.sched.recipients.size) errors['recipient_ids'] = 'submit.required';
    if (Object.keys(errors).length) {
      this.schedErrors.set(Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, this.i18n.t(v)])));
      this.schedError.set(this.i18n.t('form.fix'));
      return;
    }
    const payload = { ...body, name: this.sched.name.trim(), frequency: this.sched.frequency, recipient_ids: [...this.sched.recipients] };
    this.schedErrors.set({});
    this.schedError.set('');
    this.reports.createSchedule(payload).subscribe({
      next: () => {
        this.sched = { ...this.sched, name: '', recipients: new Set() };
        this.loadSchedules();
      },
      error: (err) => showFailure(err, (k) => this.i18n.t(k), this.schedErrors, this.schedError),
    });
  }

  unschedule(s: Schedule): void {
    if (!confirm(this.i18n.t('reports.confirmStop', { name: s.name }))) return;
    this.reports.deleteSchedule(s.id).subscribe({
      next: () => this.loadSchedules(),
      error: (err) => this.schedError.set(errorMessage(err)),
    });
  }

  private loadSchedules(): void {
    this.reports.schedules().subscribe({
      next: (rows) => this.schedules.set(rows),
      error: (err) => this.schedError.set(errorMessage(err)),
    });
  }
}
