import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Analysis, Evaluation } from '../core/models';
import { ReviewPanel } from './review-panel';

const ANALYSIS = {
  id: 1, evaluation_id: 5, adjustments: [],
  operative_view: { IOC: { score: 60 }, IRD: { score: 10 }, CES: { score: 40 }, NPS_inferido: 7,
    calidad_basica: { saludo: true, identificacion: true, oferta: false, cierre: true, valor_agregado: false } },
} as unknown as Analysis;

type Panel = { value: string | number; reason: string; backReason: string; pick(t: string): void; override(): void;
  sendBack(): void; publish(): void };

describe('ReviewPanel', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  function open(status: Evaluation['status'] = 'in_review') {
    const fixture = TestBed.createComponent(ReviewPanel);
    fixture.componentRef.setInput('evaluation', { id: 5, status } as Evaluation);
    fixture.componentRef.setInput('analysis', ANALYSIS);
    fixture.detectChanges();
    return { fixture, panel: fixture.componentInstance as unknown as Panel, el: fixture.nativeElement as HTMLElement };
  }

  it('asks for a value and a reason before calling the API', () => {
    const { fixture, panel, el } = open();
    panel.override();
    fixture.detectChanges();
    http.expectNone('/api/v1/evaluation-analysis/5/overrides');
    expect(el.querySelector('#ov-value-error')?.textContent).toContain('cumple');
    expect(el.querySelector('#ov-reason-error')?.textContent).toContain('motivo');
  });

  it('shows the current value of the chosen target and a KPI as a number in its range', () => {
    const { fixture, panel, el } = open();
    expect(el.querySelector('#ov-current')?.textContent).toContain('cumple');
    panel.pick('kpi:NPS_inferido');
    fixture.detectChanges();
    expect(el.querySelector('#ov-current')?.textContent).toContain('7');
    expect((el.querySelector('#ov-value') as HTMLInputElement).type).toBe('number');
    expect(el.querySelector('#ov-range')?.textContent).toContain('0');
    expect(el.querySelector('#ov-range')?.textContent).toContain('10');
  });

  it('sends the override and hands the stored analysis on', () => {
    const { fixture, panel } = open();
    const emitted: Analysis[] = [];
    fixture.componentInstance.changed.subscribe((a) => emitted.push(a));
    panel.pick('kpi:IOC');
    panel.value = 85;
    panel.reason = '  Ofreció el plan completo ';
    panel.override();
    const req = http.expectOne({ method: 'POST', url: '/api/v1/evaluation-analysis/5/overrides' });
    expect(req.request.body).toEqual({ target: 'kpi:IOC', value: 85, reason: 'Ofreció el plan completo' });
    req.flush({ ...ANALYSIS, id: 2 });
    expect(emitted.map((a) => a.id)).toEqual([2]);
  });

  it("shows the API's field errors beside this form's fields", () => {
    const { fixture, panel, el } = open();
    panel.value = 'false';
    panel.reason = 'Motivo suficiente';
    panel.override();
    http.expectOne('/api/v1/evaluation-analysis/5/overrides').flush(
      { errors: { json: { value: ['Must be true or false for a check or criterion'] } } }, { status: 422, statusText: 'Unprocessable' });
    fixture.detectChanges();
    expect(el.querySelector('#ov-value-error')?.textContent).toContain('Must be true or false');
    expect(el.querySelector('#sb-reason-error')).toBeNull();
  });

  it("offers the scorecard's criteria by name and overrides one as a verdict", () => {
    const fixture = TestBed.createComponent(ReviewPanel);
    fixture.componentRef.setInput('evaluation', { id: 5, status: 'completed' } as Evaluation);
    fixture.componentRef.setInput('analysis', { ...ANALYSIS, operative_view: { ...ANALYSIS.operative_view!,
      criterios: { tono: { nombre: 'Tono cordial', cumple: true, peso: 1, evidencia: null } } } } as Analysis);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const option = el.querySelector('#ov-target option[value="criterion:tono"]');
    expect(option?.textContent).toContain('Tono cordial');
    const panel = fixture.componentInstance as unknown as Panel;
    panel.pick('criterion:tono');
    panel.value = 'false';
    panel.reason = 'No fue cordial';
    panel.override();
    const req = http.expectOne('/api/v1/evaluation-analysis/5/overrides');
    expect(req.request.body).toEqual({ target: 'criterion:tono', value: false, reason: 'No fue cordial' });
    req.flush(ANALYSIS);
  });

  it('publishes and sends back only while the analysis is in review', () => {
    const { el } = open('completed');
    expect(el.querySelector('[data-testid=publish]')).toBeNull();
    expect(el.querySelector('[data-testid=send-back]')).toBeNull();
    expect(el.querySelector('[data-testid=override-form]')).not.toBeNull();
  });

  it('sends back with the reason and says a conflict on top', () => {
    const { fixture, panel, el } = open();
    const sent: Evaluation[] = [];
    fixture.componentInstance.sentBack.subscribe((e) => sent.push(e));
    panel.sendBack();
    http.expectNone('/api/v1/evaluations/5/send-back');
    panel.backReason = 'Transcripción cortada';
    panel.sendBack();
    http.expectOne('/api/v1/evaluations/5/send-back').flush({ id: 5, status: 'analyzing' });
    expect(sent.map((e) => e.status)).toEqual(['analyzing']);
    panel.publish();
    http.expectOne('/api/v1/evaluations/5/publish').flush({ message: 'Evaluation 5 is not in review' }, { status: 409, statusText: 'Conflict' });
    fixture.detectChanges();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('not in review');
  });
});
