import { Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { CsvExport } from '../components/csv-export';
import { ApiService, errorMessage } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { TranslatePipe } from '../core/i18n';
import { Survey } from '../core/models';
import { ADMINS } from '../core/roles';

/** Survey forms with their version; older versions on request. */
@Component({
  selector: 'app-surveys',
  imports: [FormsModule, RouterLink, CsvExport, TranslatePipe],
  template: `
    <div class="mb-3 flex flex-wrap items-center gap-3">
      <h1 class="text-2xl font-bold">{{ 'nav.surveys' | t }}</h1>
      <label class="text-sm"><input type="checkbox" [(ngModel)]="versions" (ngModelChange)="load()" /> {{ 'survey.allVersions' | t }}</label>
      <div class="ml-auto flex gap-2">
        <app-csv-export path="/surveys" [columns]="columns" filename="encuestas.csv" [params]="csvParams" />
        @if (isAdmin) { <a routerLink="/surveys/new" class="rounded bg-blue-700 px-4 py-2 text-white" data-testid="new-survey">{{ 'survey.new' | t }}</a> }
      </div>
    </div>
    @if (error()) { <p role="alert" class="text-red-700">{{ error() }}</p> }
    <table class="w-full rounded-lg bg-white text-sm shadow-sm" data-testid="surveys-table">
      <caption class="sr-only">{{ 'nav.surveys' | t }}</caption>
      <thead class="bg-slate-50 text-left"><tr><th class="p-2">#</th><th class="p-2">{{ 'field.name' | t }}</th><th class="p-2">{{ 'survey.version' | t }}</th><th class="p-2">{{ 'survey.questions' | t }}</th></tr></thead>
      <tbody>@for (s of rows(); track s.id) {
        <tr class="border-t"><td class="p-2">{{ s.id }}</td>
          <td class="p-2"><a [routerLink]="['/surveys', s.id]" class="text-blue-800 underline">{{ s.name }}</a></td>
          <td class="p-2">v{{ s.version }}{{ s.is_current ? '' : ' (' + ('survey.old' | t) + ')' }}</td><td class="p-2">{{ s.questions.length }}</td></tr>
      } @empty { <tr><td colspan="4" class="p-4 text-center text-slate-600">{{ 'list.empty' | t }}</td></tr> }</tbody>
    </table>
  `,
})
export class SurveysPage implements OnInit {
  private readonly api = inject(ApiService);
  protected readonly isAdmin = inject(AuthService).hasRole(ADMINS);
  protected readonly rows = signal<Survey[]>([]);
  protected readonly error = signal('');
  protected versions = false;
  protected readonly columns = ['id', 'name', 'version', 'is_current', 'company_id', 'created_at', 'questions'];
  protected readonly csvParams = () => ({ include_versions: this.versions || null });

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.api.all<Survey>('/surveys', { include_versions: this.versions || null }).subscribe({
      next: (rows) => this.rows.set(rows),
      error: (err) => this.error.set(errorMessage(err)),
    });
  }
}
