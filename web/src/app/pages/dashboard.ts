import { DecimalPipe } from '@angular/common';
import { Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ChartConfiguration } from 'chart.js';
import { forkJoin, of } from 'rxjs';
import { ProgressBarModule } from 'primeng/progressbar';
import { ChartView } from '../components/chart';
import { StatusTag } from '../components/status-tag';
import { ApiService, errorMessage } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { I18n, TranslatePipe } from '../core/i18n';
import { CHECKS, Campaign, Dashboard, Trends, Zone } from '../core/models';
import { Role, STAFF } from '../core/roles';

const KPI_CARDS = [
  { key: 'IOC', label: 'kpi.IOC' },
  { key: 'IRD', label: 'kpi.IRD' },
  { key: 'CES', label: 'kpi.CES' },
  { key: 'NPS_inferido', label: 'kpi.NPS' },
] as const;

/** The role's dashboard (seed §9.2): KPI cards, NPS/IRD trends, compliance per check, campaigns, zones, people. */
@Component({
  selector: 'app-dashboard',
  imports: [FormsModule, RouterLink, DecimalPipe, ChartView, StatusTag, ProgressBarModule, TranslatePipe],
  template: `
    <h1 class="mb-3 text-2xl font-bold">{{ 'dashboard.title' | t }}</h1>
    <form class="mb-4 flex flex-wrap items-end gap-3" (ngSubmit)="load()" [attr.aria-label]="'filters' | t">
      <div><label for="d-from" class="block text-sm">{{ 'filter.from' | t }}</label>
        <input id="d-from" name="from" type="date" [(ngModel)]="filters.date_from" class="rounded border border-slate-400 px-2 py-1" /></div>
      <div><label for="d-to" class="block text-sm">{{ 'filter.to' | t }}</label>
        <input id="d-to" name="to" type="date" [(ngModel)]="filters.date_to" class="rounded border border-slate-400 px-2 py-1" /></div>
      <div><label for="d-campaign" class="block text-sm">{{ 'field.campaign' | t }}</label>
        <select id="d-campaign" name="campaign" [(ngModel)]="filters.campaign_id" class="rounded border border-slate-400 px-2 py-1">
          <option value="">{{ 'filter.all' | t }}</option>
          @for (c of campaigns(); track c.id) { <option [value]="c.id">{{ c.name }}</option> }
        </select></div>
      @if (staff) {
        <div><label for="d-zone" class="block text-sm">{{ 'field.zone' | t }}</label>
          <select id="d-zone" name="zone" [(ngModel)]="filters.zone_id" class="rounded border border-slate-400 px-2 py-1">
            <option value="">{{ 'filter.all' | t }}</option>
            @for (z of zones(); track z.id) { <option [value]="z.id">{{ z.name }}</option> }
          </select></div>
        <div><label for="d-interval" class="block text-sm">{{ 'filter.interval' | t }}</label>
          <select id="d-interval" name="interval" [(ngModel)]="interval" class="rounded border border-slate-400 px-2 py-1">
            <option value="day">{{ 'interval.day' | t }}</option>
            <option value="week">{{ 'interval.week' | t }}</option>
            <option value="month">{{ 'interval.month' | t }}</option>
          </select></div>
      }
      <button type="submit" class="rounded bg-blue-700 px-4 py-1.5 text-white hover:bg-blue-800">{{ 'filter.apply' | t }}</button>
    </form>
    @if (error()) { <p role="alert" class="text-red-700">{{ error() }}</p> }
    @if (data(); as d) {
      <section class="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8" data-testid="kpis" [attr.aria-label]="'dashboard.kpis' | t">
        @if (d.kpis; as kpis) {
          @for (card of kpiCards; track card.key) {
            <div class="rounded-lg bg-white p-3 shadow-sm">
              <div class="text-xs uppercase text-slate-600">{{ card.label | t }}</div>
              <div class="text-2xl font-bold" [attr.data-kpi]="card.key">{{ (kpis[card.key] ?? null) === null ? '—' : (kpis[card.key] | number: '1.0-1') }}</div>
            </div>
          }
        }
        @for (count of counts; track count) {
          <div class="rounded-lg bg-white p-3 shadow-sm">
            <div class="text-xs uppercase text-slate-600">{{ 'count.' + count | t }}</div>
            <div class="text-2xl font-bold" [attr.data-count]="count">{{ $any(d)[count] }}</div>
          </div>
        }
      </section>
      @if (staff) {
        <section class="mt-4 grid gap-4 lg:grid-cols-2">
          <div class="rounded-lg bg-white p-3 shadow-sm">
            <h2 class="font-semibold">{{ 'dashboard.trends' | t }}</h2>
            <app-chart [config]="trendChart()" [label]="'dashboard.trends' | t" />
          </div>
          <div class="rounded-lg bg-white p-3 shadow-sm">
            <h2 class="font-semibold">{{ 'dashboard.quality' | t }}</h2>
            <app-chart [config]="qualityChart()" [label]="'dashboard.quality' | t" />
          </div>
        </section>
      }
      @if (d.companies) {
        <section class="mt-4 rounded-lg bg-white p-3 shadow-sm">
          <h2 class="mb-2 font-semibold">{{ 'dashboard.companies' | t }}</h2>
          <div class="overflow-x-auto"><table class="w-full text-sm">
            <thead><tr class="text-left"><th>{{ 'field.name' | t }}</th><th>{{ 'field.subscription_status' | t }}</th><th>{{ 'count.submitted' | t }}</th><th>{{ 'count.completed' | t }}</th><th>{{ 'kpi.NPS' | t }}</th></tr></thead>
            <tbody>@for (c of d.companies; track c.id) {
              <tr class="border-t"><td>{{ c.name }}</td><td>{{ c.subscription_status }}</td><td>{{ c.submitted }}</td><td>{{ c.completed }}</td><td>{{ c.kpis?.NPS_inferido ?? '—' }}</td></tr>
            }</tbody>
          </table></div>
        </section>
      }
      @if (d.by_campaign?.length) {
        <section class="mt-4 rounded-lg bg-white p-3 shadow-sm" data-testid="by-campaign">
          <h2 class="mb-2 font-semibold">{{ 'dashboard.byCampaign' | t }}</h2>
          @for (g of d.by_campaign; track g.id) {
            <div class="mb-3">
              <div class="flex justify-between text-sm"><span>{{ g.name }}</span>
                <span>{{ g.completed }} / {{ g.goal || '—' }} · NPS {{ g.kpis?.NPS_inferido ?? '—' }}</span></div>
              @if (g.goal) { <p-progressbar [value]="goalPct(g.completed, g.goal)" [showValue]="false" styleClass="h-2"
                  [attr.aria-label]="g.name + ': ' + goalPct(g.completed, g.goal) + '%'" /> }
            </div>
          }
        </section>
      }
      <section class="mt-4 grid gap-4 lg:grid-cols-3">
        @if (d.by_zone?.length) {
          <div class="rounded-lg bg-white p-3 shadow-sm">
            <h2 class="mb-2 font-semibold">{{ 'dashboard.byZone' | t }}</h2>
            <table class="w-full text-sm"><thead><tr class="text-left"><th>{{ 'field.zone' | t }}</th><th>{{ 'count.completed' | t }}</th><th>IRD</th></tr></thead>
              <tbody>@for (z of d.by_zone; track z.id) { <tr class="border-t"><td>{{ z.name }}</td><td>{{ z.completed }}</td><td>{{ z.kpis?.IRD ?? '—' }}</td></tr> }</tbody></table>
          </div>
        }
        @if (d.leaderboard?.length) {
          <div class="rounded-lg bg-white p-3 shadow-sm">
            <h2 class="mb-2 font-semibold">{{ 'dashboard.leaderboard' | t }}</h2>
            <ol class="list-decimal pl-5 text-sm">@for (l of d.leaderboard; track l.user_id) { <li>{{ l.name }} — {{ l.completed }}/{{ l.submitted }}</li> }</ol>
          </div>
        }
        @if (d.top_critical?.length) {
          <div class="rounded-lg bg-white p-3 shadow-sm">
            <h2 class="mb-2 font-semibold">{{ 'dashboard.critical' | t }}</h2>
            <ul class="space-y-2 text-sm">@for (c of d.top_critical; track c.evaluation_id) {
              <li><a class="text-blue-800 underline" [routerLink]="['/evaluations', c.evaluation_id]">#{{ c.evaluation_id }}</a>
                @for (q of c.quotes; track $index) { <q class="block italic">{{ q }}</q> }</li>
            }</ul>
          </div>
        }
      </section>
      @if (d.recent) {
        <section class="mt-4 rounded-lg bg-white p-3 shadow-sm">
          <h2 class="mb-2 font-semibold">{{ 'dashboard.recent' | t }}</h2>
          <ul class="divide-y">@for (e of d.recent; track e.id) {
            <li class="flex items-center justify-between py-2"><a class="text-blue-800 underline" [routerLink]="['/evaluations', e.id]">#{{ e.id }}</a><app-status-tag [status]="e.status" /></li>
          } @empty { <li class="py-2 text-slate-600">{{ 'dashboard.noRecent' | t }}</li> }</ul>
          <a routerLink="/submit" class="mt-3 inline-block rounded bg-blue-700 px-4 py-2 text-white">{{ 'nav.submit' | t }}</a>
        </section>
      }
    }
  `,
})
export class DashboardPage implements OnInit {
  private readonly api = inject(ApiService);
  private readonly auth = inject(AuthService);
  private readonly i18n = inject(I18n);
  protected readonly staff = this.auth.hasRole(STAFF);
  protected readonly kpiCards = KPI_CARDS;
  protected readonly counts = ['submitted', 'completed', 'in_progress', 'failed'];
  protected filters: Record<string, string> = { date_from: '', date_to: '', campaign_id: '', zone_id: '' };
  protected interval = 'week';
  protected readonly data = signal<Dashboard | null>(null);
  private readonly nps = signal<Trends | null>(null);
  private readonly ird = signal<Trends | null>(null);
  protected readonly campaigns = signal<Campaign[]>([]);
  protected readonly zones = signal<Zone[]>([]);
  protected readonly error = signal('');

  protected readonly trendChart = computed<ChartConfiguration>(() => {
    const nps = this.nps()?.series ?? [];
    const ird = this.ird()?.series ?? [];
    return {
      type: 'line',
      data: {
        labels: nps.map((p) => p.period),
        datasets: [
          { label: this.i18n.t('kpi.NPS'), data: nps.map((p) => p.value), borderColor: '#1d4ed8', yAxisID: 'y' },
          { label: this.i18n.t('kpi.IRD'), data: ird.map((p) => p.value), borderColor: '#b91c1c', yAxisID: 'y1' },
        ],
      },
      options: { scales: { y: { min: 0, max: 10 }, y1: { min: 0, max: 100, position: 'right' } } },
    };
  });

  protected readonly qualityChart = computed<ChartConfiguration>(() => {
    const quality = this.data()?.quality;
    return {
      type: 'bar',
      data: {
        labels: CHECKS.map((c) => this.i18n.t(`check.${c}`)),
        datasets: [{ label: '%', data: CHECKS.map((c) => quality?.[c] ?? null), backgroundColor: '#0f766e' }],
      },
      options: { scales: { y: { min: 0, max: 100 } } },
    };
  });

  ngOnInit(): void {
    this.api.all<Campaign>('/campaigns').subscribe((rows) => this.campaigns.set(rows));
    if (this.staff) {
      this.api.all<Zone>('/zones').subscribe((rows) => this.zones.set(rows));
    }
    this.load();
  }

  goalPct(done: number, goal: number): number {
    return Math.min(100, Math.round((done / goal) * 100));
  }

  load(): void {
    this.error.set('');
    const params = { ...this.filters };
    const trend = (kpi: string) =>
      this.staff ? this.api.get<Trends>('/dashboard/trends', { ...params, kpi, interval: this.interval }) : of(null);
    forkJoin([this.api.get<Dashboard>('/dashboard', params), trend('nps'), trend('ird')]).subscribe({
      next: ([dashboard, nps, ird]) => {
        this.data.set(dashboard);
        this.nps.set(nps);
        this.ird.set(ird);
      },
      error: (err) => this.error.set(errorMessage(err)),
    });
  }

  protected readonly Role = Role;
}
