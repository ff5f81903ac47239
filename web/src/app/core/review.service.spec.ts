import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { OperativeView } from './models';
import { ReviewService, TARGETS, parseValue, readTarget, targetKey, targetName, targetsOf } from './review.service';

const VIEW = {
  IOC: { score: 70, justificacion: '' }, IRD: { score: 20, justificacion: '' }, CES: { score: 55, justificacion: '' },
  NPS_inferido: 8, calidad_basica: { saludo: true, identificacion: false, oferta: true, cierre: false, valor_agregado: true },
} as unknown as OperativeView;

describe('review targets', () => {
  it('lists the five checks and the four KPIs as the API names them', () => {
    expect(TARGETS).toEqual(['check:saludo', 'check:identificacion', 'check:oferta', 'check:cierre', 'check:valor_agregado',
      'kpi:IOC', 'kpi:IRD', 'kpi:CES', 'kpi:NPS_inferido']);
  });

  it('reads the current verdict or score of a target', () => {
    expect(readTarget(VIEW, 'check:identificacion')).toBeFalse();
    expect(readTarget(VIEW, 'kpi:CES')).toBe(55);
    expect(readTarget(VIEW, 'kpi:NPS_inferido')).toBe(8);
    expect(readTarget(null, 'kpi:IOC')).toBeNull();
  });

  it('turns form text into a boolean for a check and a whole number in range for a KPI', () => {
    expect(parseValue('check:saludo', 'false')).toEqual({ value: false });
    expect(parseValue('check:saludo', '')).toEqual({ error: 'review.valueCheck' });
    expect(parseValue('kpi:IOC', '100')).toEqual({ value: 100 });
    expect(parseValue('kpi:IOC', '101')).toEqual({ error: 'review.valueKpi' });
    expect(parseValue('kpi:NPS_inferido', '11')).toEqual({ error: 'review.valueKpi' });
    expect(parseValue('kpi:NPS_inferido', '7.5')).toEqual({ error: 'review.valueKpi' });
    expect(parseValue('kpi:CES', ' ')).toEqual({ error: 'review.valueKpi' });
    expect(parseValue('kpi:CES', '0')).toEqual({ value: 0 });
  });

  it("adds the analysis' scorecard criteria between the checks and the KPIs, read and named from the view", () => {
    const view = { ...VIEW, criterios: {
      tono: { nombre: 'Tono cordial', cumple: false, peso: 2, evidencia: null },
      despedida: { nombre: 'Despedida', cumple: null, peso: 1, evidencia: null },
    } } as OperativeView;
    expect(targetsOf(view).slice(5, 7)).toEqual(['criterion:despedida', 'criterion:tono']);
    expect(targetsOf(view).length).toBe(11);
    expect(targetsOf(VIEW)).toEqual([...TARGETS]);
    expect(readTarget(view, 'criterion:tono')).toBeFalse();
    expect(readTarget(view, 'criterion:despedida')).toBeNull();
    expect(targetName('criterion:tono', view, (k) => k)).toBe('Tono cordial');
    expect(targetName('criterion:otro', view, (k) => k)).toBe('otro');
    expect(targetName('kpi:CES', view, (k) => `<${k}>`)).toBe('<kpi.CES>');
  });

  it('names targets with the interface texts', () => {
    expect(targetKey('check:cierre')).toBe('check.cierre');
    expect(targetKey('kpi:NPS_inferido')).toBe('kpi.NPS');
    expect(targetKey('kpi:IRD')).toBe('kpi.IRD');
    expect(targetKey('criterion:tono')).toBe('tono');
  });
});

describe('ReviewService', () => {
  let review: ReviewService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    review = TestBed.inject(ReviewService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('sends an override with its target, value and reason', () => {
    review.override(4, 'kpi:IOC', 80, 'Se ofreció el plan').subscribe();
    const req = http.expectOne({ method: 'POST', url: '/api/v1/evaluation-analysis/4/overrides' });
    expect(req.request.body).toEqual({ target: 'kpi:IOC', value: 80, reason: 'Se ofreció el plan' });
    req.flush({});
  });

  it('accepts a dispute without a value (the API flips the check) or with one', () => {
    review.accept(9, 'Tiene razón').subscribe();
    expect(http.expectOne('/api/v1/disputes/9/accept').request.body).toEqual({ reason: 'Tiene razón' });
    review.accept(9, 'Tiene razón', false).subscribe();
    expect(http.expectOne('/api/v1/disputes/9/accept').request.body).toEqual({ reason: 'Tiene razón', value: false });
  });

  it('publishes with or without a note and sends back with the reason', () => {
    review.publish(3).subscribe();
    expect(http.expectOne('/api/v1/evaluations/3/publish').request.body).toEqual({});
    review.publish(3, 'ok').subscribe();
    expect(http.expectOne('/api/v1/evaluations/3/publish').request.body).toEqual({ note: 'ok' });
    review.sendBack(3, 'Transcripción incompleta').subscribe();
    expect(http.expectOne('/api/v1/evaluations/3/send-back').request.body).toEqual({ reason: 'Transcripción incompleta' });
  });

  it('reads the queue and calibration with their filters, leaving empty ones out', () => {
    review.queue({ campaign_id: 2, zone_id: '', page: 1 }).subscribe();
    const queue = http.expectOne((r) => r.url === '/api/v1/reviews');
    expect(queue.request.params.get('campaign_id')).toBe('2');
    expect(queue.request.params.has('zone_id')).toBeFalse();
    queue.flush([]);
    review.calibration({ date_from: '2026-11-01', date_to: null }).subscribe();
    const cal = http.expectOne((r) => r.url === '/api/v1/calibration');
    expect(cal.request.params.get('date_from')).toBe('2026-11-01');
    expect(cal.request.params.has('date_to')).toBeFalse();
    cal.flush({ groups: [] });
  });
});
