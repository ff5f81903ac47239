import { DatePipe } from '@angular/common';
import { Component, DestroyRef, OnInit, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ButtonModule } from 'primeng/button';
import { CsvExport } from '../components/csv-export';
import { StatusTag } from '../components/status-tag';
import { ApiService, Params, errorMessage } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { I18n, TranslatePipe } from '../core/i18n';
import { LiveService } from '../core/live.service';
import { Campaign, Evaluation, Zone } from '../core/models';
import { STAFF } from '../core/roles';
import { Pager } from '../components/pager';

export const EVALUATION_CSV_COLUMNS = [
  'id', 'created_at', 'campaign_id', 'zone_id', 'user_id', 'status', 'stage', 'progress', 'duration_seconds',
  'error_code', 'completed_at',
];
const PAGE_SIZE = 20;
const POLL_MS = 5000;

/** Evaluations with filters; status chips follow the live stream, and rows in progress are re-read until settled. */
@Component({
  selector: 'app-evaluations',
  imports: [Pager, FormsModule, RouterLink, DatePipe, ButtonModule, CsvExport, StatusTag, TranslatePipe],
  template: `
    <div class="mb-3 flex flex-wrap items-center gap-3">
      <h1 class="text-2xl font-bold">{{ 'nav.evaluations' | t }}</h1>
      <span class="text-sm text-slate-600" data-testid="total">{{ 'list.total' | t: { n: total() } }}</span>
      <app-csv-export class="ml-auto" path="/evaluations" [columns]="csvColumns" filename="evaluaciones.csv" [params]="csvParams" />
    </div>
    <form class="mb-3 flex flex-wrap items-end gap-3" (ngSubmit)="search(1)">
      <div><label for="f-status" class="block text-sm">{{ 'field.status' | t }}</label>
        <select id="f-status" name="status" [(ngModel)]="filters.status" class="rounded border border-slate-400 px-2 py-1">
          <option value="">{{ 'filter.all' | t }}</option>
          @for (s of statuses; track s) { <option [value]="s">{{ 'status.' + s | t }}</option> }
        </select></div>
      <div><label for="f-campaign" class="block text-sm">{{ 'field.campaign' | t }}</label>
        <select id="f-campaign" name="campaign" [(ngModel)]="filters.campaign_id" class="rounded border border-slate-400 px-2 py-1">
          <option value="">{{ 'filter.all' | t }}</option>
          @for (c of campaigns(); track c.id) { <option [value]="c.id">{{ c.name }}</option> }
        </select></div>
      @if (staff) {
        <div><label for="f-zone" class="block text-sm">{{ 'field.zone' | t }}</label>
          <select id="f-zone" name="zone" [(ngModel)]="filters.zone_id" class="rounded border border-slate-400 px-2 py-1">
            <option value="">{{ 'filter.all' | t }}</option>
            @for (z of zones(); track z.id) { <option [value]="z.id">{{ z.name }}</option> }
          </select></div>
      }
      <div><label for="f-from" class="block text-sm">{{ 'filter.from' | t }}</label>
        <input id="f-from" name="from" type="date" [(ngModel)]="filters.date_from" class="rounded border border-slate-400 px-2 py-1" /></div>
      <div><label for="f-to" class="block text-sm">{{ 'filter.to' | t }}</label>
        <input id="f-to" name="to" type="date" [(ngModel)]="filters.date_to" class="rounded border border-slate-400 px-2 py-1" /></div>
      <button type="submit" class="rounded bg-blue-700 px-4 py-1.5 text-white hover:bg-blue-800">{{ 'filter.apply' | t }}</button>
    </form>
    @if (error()) { <p role="alert" class="text-red-700">{{ error() }}</p> }
    <div class="overflow-x-auto rounded-lg bg-white shadow-sm">
      <table class="w-full text-sm" data-testid="evaluations-table">
        <caption class="sr-only">{{ 'nav.evaluations' | t }}</caption>
        <thead class="bg-slate-50 text-left"><tr>
          <th class="p-2">#</th><th class="p-2">{{ 'field.date' | t }}</th><th class="p-2">{{ 'field.campaign' | t }}</th>
          <th class="p-2">{{ 'field.zone' | t }}</th><th class="p-2">{{ 'field.status' | t }}</th><th class="p-2">{{ 'field.progress' | t }}</th>
        </tr></thead>
        <tbody>
          @for (e of rows(); track e.id) {
            <tr class="border-t" [attr.data-evaluation]="e.id">
              <td class="p-2"><a class="font-medium text-blue-800 underline" [routerLink]="['/evaluations', e.id]">#{{ e.id }}</a></td>
              <td class="p-2">{{ e.created_at | date: 'short' : undefined : i18n.locale() }}</td>
              <td class="p-2">{{ campaignName(e.campaign_id) }}</td>
              <td class="p-2">{{ zoneName(e.zone_id) }}</td>
              <td class="p-2"><app-status-tag [status]="e.status" /></td>
              <td class="p-2">{{ e.progress }}%</td>
            </tr>
          } @empty {
            <tr><td colspan="6" class="p-4 text-center text-slate-600">{{ 'list.empty' | t }}</td></tr>
          }
        </tbody>
      </table>
    </div>
    <app-pager [page]="page()" [pages]="pages()" (go)="search($event)" />
  `,
})
export class EvaluationsPage implements OnInit {
  private readonly api = inject(ApiService);
  private readonly auth = inject(AuthService);
  private readonly live = inject(LiveService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly i18n = inject(I18n);
  protected readonly staff = this.auth.hasRole(STAFF);
  protected readonly csvColumns = EVALUATION_CSV_COLUMNS;
  /** Every row the filters match (all pages), as the API returns them. */
  protected readonly csvParams = () => this.params();
  protected readonly statuses = ['pending', 'analyzing', 'in_review', 'completed', 'failed'];
  protected filters: Record<string, string> = { status: '', campaign_id: '', zone_id: '', date_from: '', date_to: '' };
  protected readonly rows = signal<Evaluation[]>([]);
  protected readonly total = signal(0);
  protected readonly page = signal(1);
  protected readonly pages = signal(1);
  protected readonly campaigns = signal<Campaign[]>([]);
  protected readonly zones = signal<Zone[]>([]);
  protected readonly error = signal('');
  private readonly campaignNames = computed(() => new Map(this.campaigns().map((c) => [c.id, c.name])));
  private readonly zoneNames = computed(() => new Map(this.zones().map((z) => [z.id, z.name])));

  ngOnInit(): void {
    this.api.all<Campaign>('/campaigns').subscribe((rows) => this.campaigns.set(rows));
    if (this.staff) {
      this.api.all<Zone>('/zones').subscribe((rows) => this.zones.set(rows));
    }
    this.search(1);
    this.live.notifications$.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((n) => {
      if (n.evaluation_id) {
        this.refreshRow(n.evaluation_id);
      }
    });
    const timer = setInterval(() => this.rows().filter((e) => !this.settled(e)).forEach((e) => this.refreshRow(e.id)), POLL_MS);
    this.destroyRef.onDestroy(() => clearInterval(timer));
  }

  campaignName(id: number): string {
    return this.campaignNames().get(id) ?? `#${id}`;
  }

  zoneName(id: number): string {
    return this.zoneNames().get(id) ?? `#${id}`;
  }

  search(page: number): void {
    this.error.set('');
    this.api.page<Evaluation>('/evaluations', { ...this.params(), page, page_size: PAGE_SIZE }).subscribe({
      next: (p) => {
        this.rows.set(p.items);
        this.total.set(p.total);
        this.page.set(p.page);
        this.pages.set(p.totalPages);
      },
      error: (err) => this.error.set(errorMessage(err)),
    });
  }

  private params(): Params {
    return { ...this.filters, sort: '-created_at' };
  }

  private settled(e: Evaluation): boolean {
    return e.status === 'completed' || e.status === 'failed' || e.status === 'in_review';
  }

  private refreshRow(id: number): void {
    if (!this.rows().some((e) => e.id === id)) {
      return;
    }
    this.api.get<Evaluation>(`/evaluations/${id}`).subscribe((fresh) =>
      this.rows.update((rows) => rows.map((e) => (e.id === id ? { ...e, ...fresh } : e))),
    );
  }
}
