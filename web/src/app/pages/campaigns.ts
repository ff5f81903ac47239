import { Component, OnInit, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { CsvExport } from '../components/csv-export';
import { ApiService, errorMessage } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { TranslatePipe } from '../core/i18n';
import { Campaign } from '../core/models';
import { ADMINS } from '../core/roles';

const COLUMNS = ['id', 'name', 'start_date', 'end_date', 'goal', 'survey_id', 'company_id'];

/** The campaigns the caller may see; admins create new ones. */
@Component({
  selector: 'app-campaigns',
  imports: [RouterLink, CsvExport, TranslatePipe],
  template: `
    <div class="mb-3 flex flex-wrap items-center gap-3">
      <h1 class="text-2xl font-bold">{{ 'nav.campaigns' | t }}</h1>
      <div class="ml-auto flex gap-2">
        <app-csv-export path="/campaigns" [columns]="columns" filename="campanas.csv" />
        @if (isAdmin) { <a routerLink="/campaigns/new" class="rounded bg-blue-700 px-4 py-2 text-white" data-testid="new-campaign">{{ 'campaign.new' | t }}</a> }
      </div>
    </div>
    @if (error()) { <p role="alert" class="text-red-700">{{ error() }}</p> }
    <ul class="grid gap-3 md:grid-cols-2 lg:grid-cols-3" data-testid="campaigns">
      @for (c of rows(); track c.id) {
        <li class="rounded-lg bg-white p-3 shadow-sm" [attr.data-campaign]="c.id">
          <a [routerLink]="['/campaigns', c.id]" class="font-semibold text-blue-800 underline">{{ c.name }}</a>
          <p class="text-sm text-slate-700">{{ c.start_date }} → {{ c.end_date }} · {{ 'field.goal' | t }}: {{ c.goal }}</p>
          @if (c.description) { <p class="mt-1 text-sm">{{ c.description }}</p> }
        </li>
      } @empty { <li class="text-slate-600">{{ 'list.empty' | t }}</li> }
    </ul>
  `,
})
export class CampaignsPage implements OnInit {
  private readonly api = inject(ApiService);
  protected readonly isAdmin = inject(AuthService).hasRole(ADMINS);
  protected readonly columns = COLUMNS;
  protected readonly rows = signal<Campaign[]>([]);
  protected readonly error = signal('');

  ngOnInit(): void {
    this.api.all<Campaign>('/campaigns').subscribe({
      next: (rows) => this.rows.set(rows),
      error: (err) => this.error.set(errorMessage(err)),
    });
  }
}
