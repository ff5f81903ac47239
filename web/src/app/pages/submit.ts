import { Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { ButtonModule } from 'primeng/button';
import { ProgressBarModule } from 'primeng/progressbar';
import { FieldError } from '../components/field-error';
import { SurveyForm } from '../components/survey-form';
import { ApiService, errorMessage } from '../core/api.service';
import { formFailure } from '../core/forms';
import { I18n, TranslatePipe } from '../core/i18n';
import { Campaign, Survey, Zone } from '../core/models';
import { UploadService } from '../core/upload.service';

/** Local date as YYYY-MM-DD (the campaign's "running today"). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The shopper's phone form: campaign, zone, video (record or choose), survey answers, upload with real progress
 * (to Cloudflare Stream directly when the server uses it). */
@Component({
  selector: 'app-submit',
  imports: [FormsModule, ButtonModule, ProgressBarModule, FieldError, SurveyForm, TranslatePipe],
  template: `
    <h1 class="mb-3 text-2xl font-bold">{{ 'nav.submit' | t }}</h1>
    <form class="max-w-xl space-y-4" (ngSubmit)="submit()" novalidate>
      <div>
        <label for="s-campaign" class="block text-sm font-medium">{{ 'field.campaign' | t }}</label>
        <select id="s-campaign" name="campaign_id" [(ngModel)]="campaignId" (ngModelChange)="pickCampaign($event)" required
                class="mt-1 w-full rounded border border-slate-400 px-3 py-2" aria-describedby="campaign_id-error">
          <option value="">{{ 'submit.pickCampaign' | t }}</option>
          @for (c of campaigns(); track c.id) { <option [value]="c.id">{{ c.name }}</option> }
        </select>
        <app-field-error for="campaign_id" [errors]="errors()" />
      </div>
      <div>
        <label for="s-zone" class="block text-sm font-medium">{{ 'field.zone' | t }}</label>
        <select id="s-zone" name="zone_id" [(ngModel)]="zoneId" required [disabled]="!zones().length"
                class="mt-1 w-full rounded border border-slate-400 px-3 py-2" aria-describedby="zone_id-error">
          <option value="">{{ 'submit.pickZone' | t }}</option>
          @for (z of zones(); track z.id) { <option [value]="z.id">{{ z.name }}</option> }
        </select>
        <app-field-error for="zone_id" [errors]="errors()" />
      </div>
      <fieldset class="rounded border border-slate-300 p-3">
        <legend class="px-1 text-sm font-medium">{{ 'submit.video' | t }}</legend>
        <div class="flex flex-wrap gap-3">
          <label class="cursor-pointer rounded bg-slate-800 px-4 py-2 text-white focus-within:ring-2 focus-within:ring-blue-500">
            {{ 'submit.record' | t }}
            <input type="file" accept="video/*" capture="environment" class="sr-only" (change)="pickFile($event)" />
          </label>
          <label class="cursor-pointer rounded border border-slate-800 px-4 py-2 focus-within:ring-2 focus-within:ring-blue-500">
            {{ 'submit.choose' | t }}
            <input type="file" accept="video/*,.mp4,.mov,.webm,.mkv,.avi" class="sr-only" (change)="pickFile($event)"
                   data-testid="video-input" />
          </label>
        </div>
        @if (file(); as f) { <p class="mt-2 text-sm" data-testid="picked">{{ f.name }} · {{ (f.size / 1048576).toFixed(1) }} MB</p> }
        <app-field-error for="video" [errors]="errors()" />
      </fieldset>
      <div>
        <label for="s-comments" class="block text-sm font-medium">{{ 'field.comments' | t }}</label>
        <textarea id="s-comments" name="comments" rows="3" [(ngModel)]="comments" maxlength="5000"
                  class="mt-1 w-full rounded border border-slate-400 px-3 py-2"></textarea>
      </div>
      @if (survey(); as s) {
        <app-survey-form [survey]="s" [(answers)]="answers" [errors]="errors()" />
        <app-field-error for="answers" [errors]="errors()" />
      }
      @if (uploading() || progress() > 0) {
        <div aria-live="polite">
          <p class="text-sm" data-testid="upload-via" [attr.data-via]="via()">{{ (via() === 'stream' ? 'submit.stream' : 'submit.uploading') | t }} {{ progress() }}%</p>
          <p-progressbar [value]="progress()" data-testid="upload-progress" [attr.aria-label]="'submit.uploading' | t" />
        </div>
      }
      @if (error()) { <p role="alert" class="text-red-700" data-testid="submit-error">{{ error() }}</p> }
      <p-button type="submit" [label]="'submit.send' | t" [loading]="uploading()" styleClass="w-full" />
    </form>
  `,
})
export class SubmitPage implements OnInit {
  private readonly api = inject(ApiService);
  private readonly uploads = inject(UploadService);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18n);
  protected readonly campaigns = signal<Campaign[]>([]);
  protected readonly zones = signal<Zone[]>([]);
  protected readonly survey = signal<Survey | null>(null);
  protected readonly file = signal<File | null>(null);
  protected readonly progress = signal(0);
  protected readonly uploading = signal(false);
  protected readonly via = signal<'stream' | 'direct' | null>(null);
  protected readonly error = signal('');
  protected readonly errors = signal<Record<string, string>>({});
  protected campaignId = '';
  protected zoneId = '';
  protected comments = '';
  protected answers: Record<string, unknown> = {};

  ngOnInit(): void {
    this.api.all<Campaign>('/campaigns', { active_on: today() }).subscribe({
      next: (rows) => this.campaigns.set(rows),
      error: (err) => this.error.set(errorMessage(err)),
    });
  }

  pickCampaign(id: string): void {
    this.zoneId = '';
    this.zones.set([]);
    this.survey.set(null);
    this.answers = {};
    const campaign = this.campaigns().find((c) => String(c.id) === String(id));
    if (!campaign) {
      return;
    }
    this.api.all<Zone>(`/campaigns/${campaign.id}/zones`).subscribe((rows) => {
      this.zones.set(rows);
      if (rows.length === 1) this.zoneId = String(rows[0].id);
    });
    if (campaign.survey_id) {
      this.api.get<Survey>(`/surveys/${campaign.survey_id}`).subscribe((s) => this.survey.set(s));
    }
  }

  pickFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.file.set(input.files?.[0] ?? null);
  }

  submit(): void {
    const errors: Record<string, string> = {};
    if (!this.campaignId) errors['campaign_id'] = 'submit.required';
    if (!this.zoneId) errors['zone_id'] = 'submit.required';
    if (!this.file()) errors['video'] = 'submit.required';
    if (Object.keys(errors).length) {
      this.errors.set(Object.fromEntries(Object.keys(errors).map((k) => [k, this.i18n.t('submit.required')])));
      return;
    }
    const submission = { campaign_id: Number(this.campaignId), zone_id: Number(this.zoneId), comments: this.comments || null, answers: this.answers };
    this.errors.set({});
    this.error.set('');
    this.uploading.set(true);
    this.progress.set(0);
    this.uploads.submit(submission, this.file()!).subscribe({
      next: (event) => {
        if (event.type === 'progress') {
          this.via.set(event.via);
          this.progress.set(event.percent);
        } else {
          void this.router.navigate(['/evaluations', event.evaluationId]);
        }
      },
      error: (err) => {
        this.uploading.set(false);
        this.progress.set(0);
        const failure = formFailure(err, (k) => this.i18n.t(k));
        this.errors.set(failure.fields);
        this.error.set(failure.message);
      },
    });
  }

}
