import { Component, OnInit, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { forkJoin } from 'rxjs';
import { ButtonModule } from 'primeng/button';
import { ProgressBarModule } from 'primeng/progressbar';
import { FieldError } from '../components/field-error';
import { formFailure } from '../core/forms';
import { ApiService, errorMessage } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { I18n, TranslatePipe } from '../core/i18n';
import { CampaignDetail, Survey, Zone } from '../core/models';
import { ADMINS, Role, STAFF } from '../core/roles';

interface Person {
  id: number;
  first_name: string;
  last_name: string;
  email: string;
  role: Role;
}

/** A campaign: progress towards its goal per zone; admins edit dates, goal, survey, zones and assigned people. */
@Component({
  selector: 'app-campaign',
  imports: [FormsModule, RouterLink, ButtonModule, ProgressBarModule, FieldError, TranslatePipe],
  template: `
    <a routerLink="/campaigns" class="text-sm text-blue-800 underline">← {{ 'nav.campaigns' | t }}</a>
    <h1 class="my-2 text-2xl font-bold">{{ id() ? detail()?.name : ('campaign.new' | t) }}</h1>
    @if (error()) { <p role="alert" class="mb-2 text-red-700">{{ error() }}</p> }
    @if (detail(); as d) {
      <section class="mb-4 rounded-lg bg-white p-3 shadow-sm" data-testid="progress">
        <h2 class="font-semibold">{{ 'campaign.progress' | t }}</h2>
        <p class="text-sm">{{ d.progress.completed }} / {{ d.progress.goal }} ({{ d.progress.goal_pct }}%) ·
          {{ 'count.submitted' | t }} {{ d.progress.submitted }} · {{ 'count.failed' | t }} {{ d.progress.failed }}</p>
        <p-progressbar [value]="d.progress.goal_pct" [attr.aria-label]="'campaign.progress' | t" />
        <ul class="mt-2 text-sm">@for (z of d.zones; track z.zone_id) { <li>{{ z.zone_name }}: {{ z.completed }} / {{ z.submitted }}</li> }</ul>
      </section>
    }
    @if (isAdmin) {
      <form class="grid max-w-3xl gap-3 rounded-lg bg-white p-4 shadow-sm md:grid-cols-2" (ngSubmit)="save()" novalidate data-testid="campaign-form">
        <div class="col-span-full"><label for="c-name" class="block text-sm font-medium">{{ 'field.name' | t }} *</label>
          <input id="c-name" name="name" [(ngModel)]="model.name" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" aria-describedby="name-error" />
          <app-field-error for="name" [errors]="errors()" /></div>
        <div class="col-span-full"><label for="c-desc" class="block text-sm font-medium">{{ 'field.description' | t }}</label>
          <textarea id="c-desc" name="description" rows="2" [(ngModel)]="model.description" class="mt-1 w-full rounded border border-slate-400 px-2 py-1"></textarea></div>
        <div><label for="c-start" class="block text-sm font-medium">{{ 'field.start_date' | t }} *</label>
          <input id="c-start" name="start_date" type="date" [(ngModel)]="model.start_date" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" aria-describedby="start_date-error" />
          <app-field-error for="start_date" [errors]="errors()" /></div>
        <div><label for="c-end" class="block text-sm font-medium">{{ 'field.end_date' | t }} *</label>
          <input id="c-end" name="end_date" type="date" [(ngModel)]="model.end_date" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" aria-describedby="end_date-error" />
          <app-field-error for="end_date" [errors]="errors()" /></div>
        <div><label for="c-goal" class="block text-sm font-medium">{{ 'field.goal' | t }}</label>
          <input id="c-goal" name="goal" type="number" min="0" [(ngModel)]="model.goal" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" aria-describedby="goal-error" />
          <app-field-error for="goal" [errors]="errors()" /></div>
        <div><label for="c-survey" class="block text-sm font-medium">{{ 'field.survey' | t }}</label>
          <select id="c-survey" name="survey_id" [(ngModel)]="model.survey_id" class="mt-1 w-full rounded border border-slate-400 px-2 py-1" aria-describedby="survey_id-error">
            <option [ngValue]="null">—</option>
            @for (s of surveys(); track s.id) { <option [ngValue]="s.id">{{ s.name }} (v{{ s.version }})</option> }
          </select>
          <app-field-error for="survey_id" [errors]="errors()" /></div>
        <fieldset class="col-span-full"><legend class="text-sm font-medium">{{ 'nav.zones' | t }}</legend>
          <div class="flex flex-wrap gap-3">@for (z of allZones(); track z.id) {
            <label><input type="checkbox" [checked]="zoneIds.has(z.id)" (change)="flip(zoneIds, z.id)" /> {{ z.name }}</label>
          }</div></fieldset>
        <fieldset class="col-span-full"><legend class="text-sm font-medium">{{ 'campaign.people' | t }}</legend>
          <div class="flex flex-wrap gap-3">@for (p of people(); track p.id) {
            <label><input type="checkbox" [checked]="userIds.has(p.id)" (change)="flip(userIds, p.id)" /> {{ p.first_name }} {{ p.last_name }} ({{ (p.role === 2 ? 'role.manager' : 'role.shopper') | t }})</label>
          }</div></fieldset>
        <div class="col-span-full"><p-button type="submit" [label]="'list.save' | t" data-testid="save-campaign" /></div>
      </form>
    }
  `,
})
export class CampaignPage implements OnInit {
  private readonly i18n = inject(I18n);
  readonly id = input<string>();
  private readonly api = inject(ApiService);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  protected readonly isAdmin = this.auth.hasRole(ADMINS);
  protected readonly detail = signal<CampaignDetail | null>(null);
  protected readonly surveys = signal<Survey[]>([]);
  protected readonly allZones = signal<Zone[]>([]);
  protected readonly people = signal<Person[]>([]);
  protected readonly error = signal('');
  protected readonly errors = signal<Record<string, string>>({});
  protected model: Record<string, unknown> = { name: '', description: '', start_date: '', end_date: '', goal: 0, survey_id: null };
  protected zoneIds = new Set<number>();
  protected userIds = new Set<number>();

  ngOnInit(): void {
    if (this.auth.hasRole(STAFF)) {
      this.api.all<Survey>('/surveys').subscribe((rows) => this.surveys.set(rows));
      this.api.all<Zone>('/zones').subscribe((rows) => this.allZones.set(rows));
      this.api.all<Person>('/users').subscribe((rows) => this.people.set(rows.filter((p) => p.role >= Role.Manager)));
    }
    const id = this.id();
    if (id) {
      this.api.get<CampaignDetail>(`/campaigns/${id}`).subscribe({
        next: (d) => {
          this.detail.set(d);
          this.model = { name: d.name, description: d.description, start_date: d.start_date, end_date: d.end_date,
            goal: d.goal, survey_id: d.survey_id };
          this.zoneIds = new Set(d.zones.map((z) => z.zone_id));
        },
        error: (err) => this.error.set(errorMessage(err)),
      });
      if (this.auth.hasRole(STAFF)) {
        this.api.get<Person[]>(`/campaigns/${id}/users`).subscribe((rows) => (this.userIds = new Set(rows.map((u) => u.id))));
      }
    }
  }

  flip(set: Set<number>, id: number): void {
    if (set.has(id)) set.delete(id);
    else set.add(id);
  }

  save(): void {
    this.errors.set({});
    this.error.set('');
    const body = { ...this.model, goal: Number(this.model['goal'] || 0), description: this.model['description'] || null };
    const id = this.id();
    const call = id ? this.api.put<CampaignDetail>(`/campaigns/${id}`, body) : this.api.post<CampaignDetail>('/campaigns', body);
    call.subscribe({
      next: (saved) =>
        forkJoin([
          this.api.put(`/campaigns/${saved.id}/zones`, { ids: [...this.zoneIds] }),
          this.api.put(`/campaigns/${saved.id}/users`, { ids: [...this.userIds] }),
        ]).subscribe({
          next: () => (id ? this.ngOnInit() : void this.router.navigate(['/campaigns', saved.id])),
          error: (err) => this.error.set(errorMessage(err)),
        }),
      error: (err) => {
        const failure = formFailure(err, (k) => this.i18n.t(k));
        this.errors.set(failure.fields);
        this.error.set(failure.message);
      },
    });
  }
}
