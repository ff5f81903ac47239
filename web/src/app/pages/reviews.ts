import { DatePipe } from '@angular/common';
import { Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Pager } from '../components/pager';
import { StatusTag } from '../components/status-tag';
import { ApiService, errorMessage } from '../core/api.service';
import { I18n, TranslatePipe } from '../core/i18n';
import { Campaign, Evaluation, Zone } from '../core/models';
import { ReviewService } from '../core/review.service';

const PAGE_SIZE = 20;

/** The reviewers' queue: analyses waiting in review, the most critical first; a row opens the evaluation to review. */
@Component({
  selector: 'app-reviews',
  imports: [FormsModule, RouterLink, DatePipe, Pager, StatusTag, TranslatePipe],
  template: `
    <div class="mb-1 flex flex-wrap items-center gap-3">
      <h1 class="text-2xl font-bold">{{ 'review.queue' | t }}</h1>
      <span class="text-sm text-slate-600" data-testid="total">{{ 'list.total' | t: { n: total() } }}</span>
    </div>
    <p class="mb-3 text-sm text-slate-700">{{ 'review.queueHint' | t }}</p>
    <form class="mb-3 flex flex-wrap items-end gap-3" (ngSubmit)="search(1)">
      <div><label for="rq-campaign" class="block text-sm">{{ 'field.campaign' | t }}</label>
        <select id="rq-campaign" name="campaign" [(ngModel)]="filters.campaign_id" class="rounded border border-slate-400 px-2 py-1">
          <option value="">{{ 'filter.all' | t }}</option>
          @for (c of campaigns(); track c.id) { <option [value]="c.id">{{ c.name }}</option> }
        </select></div>
      <div><label for="rq-zone" class="block text-sm">{{ 'field.zone' | t }}</label>
        <select id="rq-zone" name="zone" [(ngModel)]="filters.zone_id" class="rounded border border-slate-400 px-2 py-1">
          <option value="">{{ 'filter.all' | t }}</option>
          @for (z of zones(); track z.id) { <option [value]="z.id">{{ z.name }}</option> }
        </select></div>
      <div><label for="rq-user" class="block text-sm">{{ 'role.shopper' | t }} (ID)</label>
        <input id="rq-user" name="user" type="number" min="1" [(ngModel)]="filters.user_id" class="w-28 rounded border border-slate-400 px-2 py-1" /></div>
      <button type="submit" class="rounded bg-blue-700 px-4 py-1.5 text-white hover:bg-blue-800">{{ 'filter.apply' | t }}</button>
    </form>
    @if (error()) { <p role="alert" class="text-red-700">{{ error() }}</p> }
    <div class="overflow-x-auto rounded-lg bg-white shadow-sm">
      <table class="w-full text-sm" data-testid="reviews-table">
        <caption class="sr-only">{{ 'review.queue' | t }}</caption>
        <thead class="bg-slate-50 text-left"><tr>
          <th scope="col" class="p-2">#</th><th scope="col" class="p-2">{{ 'field.date' | t }}</th>
          <th scope="col" class="p-2">{{ 'field.campaign' | t }}</th><th scope="col" class="p-2">{{ 'field.zone' | t }}</th>
          <th scope="col" class="p-2">{{ 'role.shopper' | t }}</th><th scope="col" class="p-2">{{ 'field.status' | t }}</th>
        </tr></thead>
        <tbody>
          @for (e of rows(); track e.id) {
            <tr class="border-t" [attr.data-review]="e.id">
              <td class="p-2"><a class="font-medium text-blue-800 underline" [routerLink]="['/evaluations', e.id]">#{{ e.id }}</a></td>
              <td class="p-2">{{ (e.completed_at || e.created_at) | date: 'short' : undefined : i18n.locale() }}</td>
              <td class="p-2">{{ campaignName(e.campaign_id) }}</td>
              <td class="p-2">{{ zoneName(e.zone_id) }}</td>
              <td class="p-2">#{{ e.user_id }}</td>
              <td class="p-2"><app-status-tag [status]="e.status" /></td>
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
export class ReviewsPage implements OnInit {
  private readonly api = inject(ApiService);
  private readonly review = inject(ReviewService);
  protected readonly i18n = inject(I18n);
  protected filters: Record<string, string> = { campaign_id: '', zone_id: '', user_id: '' };
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
    this.api.all<Zone>('/zones').subscribe((rows) => this.zones.set(rows));
    this.search(1);
  }

  campaignName(id: number): string {
    return this.campaignNames().get(id) ?? `#${id}`;
  }

  zoneName(id: number): string {
    return this.zoneNames().get(id) ?? `#${id}`;
  }

  search(page: number): void {
    this.error.set('');
    this.review.queue({ ...this.filters, page, page_size: PAGE_SIZE }).subscribe({
      next: (p) => {
        this.rows.set(p.items);
        this.total.set(p.total);
        this.page.set(p.page);
        this.pages.set(p.totalPages);
      },
      error: (err) => this.error.set(errorMessage(err)),
    });
  }
}
