import { registerLocaleData } from '@angular/common';
import { provideHttpClient } from '@angular/common/http';
import localeEsDo from '@angular/common/locales/es-DO';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Dispute } from '../core/models';
import { Role } from '../core/roles';
import { fakeJwt } from '../core/testing';
import { DisputesPage } from './disputes';

const PAGE = { headers: { 'X-Pagination': JSON.stringify({ total: 1, total_pages: 1, page: 1 }) } };
const OPEN = { id: 4, evaluation_id: 9, target: 'check:oferta', comment: 'Sí ofreció', status: 'open', created_at: '2026-12-01T10:00:00' };

type Page = { value: string; reason: string; status: string; open(d: Dispute): void; resolve(a: 'accept' | 'reject'): void;
  search(p: number): void };

describe('DisputesPage', () => {
  let http: HttpTestingController;

  beforeAll(() => registerLocaleData(localeEsDo, 'es-DO'));

  function signIn(role: Role, isReviewer: boolean) {
    localStorage.clear();
    const token = fakeJwt({ sub: '1', email: 'u@x.y', role, company_id: 1, exp: Date.now() / 1000 + 600 });
    localStorage.setItem('siete.tokens', JSON.stringify({ access_token: token, refresh_token: 'r' }));
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(DisputesPage);
    fixture.detectChanges();
    http.expectOne('/api/v1/auth/me').flush({ id: 1, role, is_reviewer: isReviewer });
    http.expectOne((r) => r.url === '/api/v1/disputes').flush([OPEN], PAGE);
    fixture.detectChanges();
    return { fixture, page: fixture.componentInstance as unknown as Page, el: fixture.nativeElement as HTMLElement };
  }

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('offers resolution to reviewers only', () => {
    const { el } = signIn(Role.Admin, false);
    expect(el.querySelector('[data-testid=resolve]')).toBeNull();
    TestBed.resetTestingModule();
    const reviewer = signIn(Role.Manager, true);
    expect(reviewer.el.querySelector('[data-testid=resolve]')).not.toBeNull();
  });

  it('accepts a check without a value (the API flips it) after asking for the reason', () => {
    const { fixture, page, el } = signIn(Role.Superadmin, false);
    page.open(OPEN as Dispute);
    page.resolve('accept');
    fixture.detectChanges();
    http.expectNone('/api/v1/disputes/4/accept');
    expect(el.querySelector('#rs-reason-error')).not.toBeNull();
    page.reason = 'Se escucha la oferta';
    page.resolve('accept');
    const req = http.expectOne({ method: 'POST', url: '/api/v1/disputes/4/accept' });
    expect(req.request.body).toEqual({ reason: 'Se escucha la oferta' });
    req.flush({ ...OPEN, status: 'accepted' });
    http.expectOne((r) => r.url === '/api/v1/disputes').flush([{ ...OPEN, status: 'accepted' }], PAGE);
  });

  it('needs a value in range to accept a KPI dispute and rejects with the reason', () => {
    const { fixture, page, el } = signIn(Role.Superadmin, false);
    page.open({ ...OPEN, target: 'kpi:NPS_inferido' } as Dispute);
    page.reason = 'Motivo';
    page.resolve('accept');
    fixture.detectChanges();
    http.expectNone('/api/v1/disputes/4/accept');
    expect(el.querySelector('#rs-value-error')).not.toBeNull();
    page.value = '9';
    page.resolve('accept');
    expect(http.expectOne('/api/v1/disputes/4/accept').request.body).toEqual({ reason: 'Motivo', value: 9 });
    TestBed.resetTestingModule();
    const again = signIn(Role.Superadmin, false);
    again.page.open(OPEN as Dispute);
    again.page.reason = 'No se escucha';
    again.page.resolve('reject');
    http.expectOne({ method: 'POST', url: '/api/v1/disputes/4/reject' }).flush({ ...OPEN, status: 'rejected' });
    http.expectOne((r) => r.url === '/api/v1/disputes').flush([], PAGE);
  });

  it('filters by status', () => {
    const { page } = signIn(Role.Admin, false);
    page.status = 'open';
    page.search(1);
    const req = http.expectOne((r) => r.url === '/api/v1/disputes');
    expect(req.request.params.get('status')).toBe('open');
    req.flush([], PAGE);
  });
});
