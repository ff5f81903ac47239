import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { ApiService, Page, Params } from './api.service';
import { Analysis, CHECKS, Calibration, Dispute, Evaluation, OperativeView } from './models';

/** The KPIs a reviewer may set and their ranges (the API's `review/targets.py`). */
export const KPI_RANGES: Record<string, [number, number]> = { IOC: [0, 100], IRD: [0, 100], CES: [0, 100], NPS_inferido: [0, 10] };

/** Every target of an operative view: the five checks, then the KPIs, as `check:<name>` / `kpi:<name>`. */
export const TARGETS: readonly string[] = [...CHECKS.map((c) => `check:${c}`), ...Object.keys(KPI_RANGES).map((k) => `kpi:${k}`)];

/** The targets of one analysis: the checks, its scorecard's criteria (`criterion:<key>`), then the KPIs. */
export function targetsOf(view: OperativeView | null | undefined): string[] {
  const criteria = Object.keys(view?.criterios ?? {}).sort().map((k) => `criterion:${k}`);
  return [...TARGETS.filter((t) => t.startsWith('check:')), ...criteria, ...TARGETS.filter(isKpi)];
}

export function isKpi(target: string): boolean {
  return target.startsWith('kpi:');
}

/** The text key naming a target (`check.saludo`, `kpi.NPS`); a scorecard criterion shows its own key. */
export function targetKey(target: string): string {
  const [kind, name] = target.split(':');
  if (kind === 'check') return `check.${name}`;
  if (kind === 'kpi') return name === 'NPS_inferido' ? 'kpi.NPS' : `kpi.${name}`;
  return name ?? target;
}

/** A target's name for people: a criterion by its scorecard name when the analysis has it, else the text key. */
export function targetName(target: string, view: OperativeView | null | undefined, t: (key: string) => string): string {
  const [kind, name] = target.split(':');
  if (kind === 'criterion') return view?.criterios?.[name]?.nombre ?? name;
  return t(targetKey(target));
}

/** The current value of `target` in `view` (what the client reads): a check's verdict or a KPI's score. */
export function readTarget(view: OperativeView | null | undefined, target: string): boolean | number | null {
  const [kind, name] = target.split(':');
  if (!view) return null;
  if (kind === 'check') return view.calidad_basica?.[name as keyof OperativeView['calidad_basica']] ?? null;
  if (kind === 'criterion') return view.criterios?.[name]?.cumple ?? null;
  if (name === 'NPS_inferido') return view.NPS_inferido ?? null;
  const indicator = (view as unknown as Record<string, { score?: number } | undefined>)[name];
  return indicator?.score ?? null;
}

/** What a form field holds turned into the API's value: a boolean for a check, a whole number in range for a KPI;
 * the message key when it is not one. */
export function parseValue(target: string, raw: string): { value: boolean | number } | { error: string } {
  if (!isKpi(target)) {
    if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
    return { error: 'review.valueCheck' };
  }
  const [low, high] = KPI_RANGES[target.slice(4)];
  const text = raw.trim();
  const value = Number(text);
  if (text === '' || !Number.isInteger(value) || value < low || value > high) return { error: 'review.valueKpi' };
  return { value };
}

/** Calls of the review workflow: the queue, overrides, publication, send-back, disputes and calibration. */
@Injectable({ providedIn: 'root' })
export class ReviewService {
  private readonly api = inject(ApiService);

  queue(params: Params): Observable<Page<Evaluation>> {
    return this.api.page<Evaluation>('/reviews', params);
  }

  override(evaluationId: number, target: string, value: boolean | number, reason: string): Observable<Analysis> {
    return this.api.post<Analysis>(`/evaluation-analysis/${evaluationId}/overrides`, { target, value, reason });
  }

  publish(evaluationId: number, note?: string): Observable<Analysis> {
    return this.api.post<Analysis>(`/evaluations/${evaluationId}/publish`, note ? { note } : {});
  }

  sendBack(evaluationId: number, reason: string): Observable<Evaluation> {
    return this.api.post<Evaluation>(`/evaluations/${evaluationId}/send-back`, { reason });
  }

  disputes(params: Params): Observable<Page<Dispute>> {
    return this.api.page<Dispute>('/disputes', params);
  }

  openDispute(evaluationId: number, target: string, comment: string): Observable<Dispute> {
    return this.api.post<Dispute>('/disputes', { evaluation_id: evaluationId, target, comment });
  }

  /** Accepting without a value flips a check (the API's default); a KPI needs one. */
  accept(disputeId: number, reason: string, value?: boolean | number): Observable<Dispute> {
    return this.api.post<Dispute>(`/disputes/${disputeId}/accept`, value === undefined ? { reason } : { reason, value });
  }

  reject(disputeId: number, reason: string): Observable<Dispute> {
    return this.api.post<Dispute>(`/disputes/${disputeId}/reject`, { reason });
  }

  calibration(params: Params): Observable<Calibration> {
    return this.api.get<Calibration>('/calibration', params);
  }
}
