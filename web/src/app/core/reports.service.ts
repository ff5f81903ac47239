import { Injectable, inject } from '@angular/core';
import { Observable, filter, last, switchMap, takeWhile, timer } from 'rxjs';
import { ApiService } from './api.service';

/** The report kinds of POST /api/v1/reports, with the filters each one reads (siete/reports/schemas.py). */
export const REPORT_KINDS = ['evaluation_pdf', 'campaign_pdf', 'evaluations_xlsx', 'evaluations_csv', 'survey_xlsx', 'survey_csv'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
/** What a schedule may produce (an evaluation's PDF is one-off). */
export const SCHEDULABLE: readonly ReportKind[] = REPORT_KINDS.filter((k) => k !== 'evaluation_pdf');
export const FREQUENCIES = ['weekly', 'monthly'] as const;

export type FilterKey = 'date_from' | 'date_to' | 'campaign_id' | 'zone_id' | 'evaluation_id' | 'survey_id';

/** The filters a kind uses; a schedule's period sets the dates itself. */
export const KIND_FILTERS: Record<ReportKind, readonly FilterKey[]> = {
  evaluation_pdf: ['evaluation_id'],
  campaign_pdf: ['campaign_id', 'zone_id', 'date_from', 'date_to'],
  evaluations_xlsx: ['campaign_id', 'zone_id', 'date_from', 'date_to'],
  evaluations_csv: ['campaign_id', 'zone_id', 'date_from', 'date_to'],
  survey_xlsx: ['survey_id', 'campaign_id', 'zone_id', 'date_from', 'date_to'],
  survey_csv: ['survey_id', 'campaign_id', 'zone_id', 'date_from', 'date_to'],
};

export interface Report {
  id: number;
  created_at: string;
  kind: ReportKind;
  filters: Record<string, unknown>;
  status: 'pending' | 'running' | 'completed' | 'failed';
  progress: number;
  error_code: string | null;
  error_message: string | null;
  filename: string | null;
  content_type: string | null;
  size_bytes: number | null;
  rows: number | null;
  schedule_id: number | null;
  period: string | null;
  download_url: string | null;
  download_expires_at: string | null;
}

export interface Schedule {
  id: number;
  name: string;
  kind: ReportKind;
  frequency: (typeof FREQUENCIES)[number];
  filters: Record<string, unknown>;
  recipient_ids: number[];
  active: boolean;
  last_period: string | null;
}

export type FilterValues = Partial<Record<FilterKey | 'company_id', string | number | null>>;

/** The request body for `kind`: only the filters it reads (ids as numbers), plus the errors the API would give. */
export function reportRequest(kind: ReportKind, values: FilterValues, dates = true): {
  body: Record<string, unknown>;
  errors: Record<string, string>;
} {
  const body: Record<string, unknown> = { kind };
  for (const key of KIND_FILTERS[kind]) {
    const value = values[key];
    if (value === null || value === undefined || value === '' || (!dates && key.startsWith('date_'))) continue;
    body[key] = key.startsWith('date_') ? String(value) : Number(value);
  }
  if (values.company_id) body['company_id'] = Number(values.company_id);
  const errors: Record<string, string> = {};
  if (kind === 'evaluation_pdf' && body['evaluation_id'] === undefined) errors['evaluation_id'] = 'submit.required';
  if (kind.startsWith('survey_') && body['survey_id'] === undefined && body['campaign_id'] === undefined) {
    errors['survey_id'] = 'reports.surveyOrCampaign';
  }
  if (body['date_from'] && body['date_to'] && String(body['date_from']) > String(body['date_to'])) {
    errors['date_to'] = 'reports.datesOrder';
  }
  return { body, errors };
}

export function settled(report: Pick<Report, 'status'>): boolean {
  return report.status === 'completed' || report.status === 'failed';
}

export const POLL_MS = 1500;

/** Server-side reports and their schedules (/api/v1/reports). */
@Injectable({ providedIn: 'root' })
export class ReportsService {
  private readonly api = inject(ApiService);

  request(body: Record<string, unknown>): Observable<Report> {
    return this.api.post<Report>('/reports', body);
  }

  get(id: number): Observable<Report> {
    return this.api.get<Report>(`/reports/${id}`);
  }

  /** The report as it is re-read every `every` ms, until it completes or fails (that state included). */
  follow(id: number, every = POLL_MS): Observable<Report> {
    return timer(0, every).pipe(
      switchMap(() => this.get(id)),
      takeWhile((report) => !settled(report), true),
    );
  }

  /** Request a report and wait for its final state. */
  build(body: Record<string, unknown>, every = POLL_MS): Observable<Report> {
    return this.request(body).pipe(
      switchMap((report) => this.follow(report.id, every)),
      filter((report: Report) => settled(report)),
      last(),
    );
  }

  schedules(): Observable<Schedule[]> {
    return this.api.all<Schedule>('/reports/schedules');
  }

  createSchedule(body: Record<string, unknown>): Observable<Schedule> {
    return this.api.post<Schedule>('/reports/schedules', body);
  }

  deleteSchedule(id: number): Observable<unknown> {
    return this.api.delete(`/reports/schedules/${id}`);
  }
}
