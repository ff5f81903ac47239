import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Role } from '../core/roles';
import { fakeJwt } from '../core/testing';
import { CalibrationPage } from './calibration';

const PAGE = { headers: { 'X-Pagination': JSON.stringify({ total: 1, total_pages: 1, page: 1 }) } };
const GROUP = { target: 'check:saludo', provider: 'heuristic', model: 'rules-v1', prompt_version: 'builtin', scorecard_version: null,
  reviewed: 8, agreed: 6, agreement: 0.75, kappa: 0.4666, ai_yes: 5, human_yes: 4 };

type Page = { dateFrom: string; dateTo: string; companyId: string; load(): void };

describe('CalibrationPage', () => {
  let http: HttpTestingController;

  function open(role: Role) {
    localStorage.clear();
    const token = fakeJwt({ sub: '1', email: 'u@x.y', role, company_id: 1, exp: Date.now() / 1000 + 600 });
    localStorage.setItem('siete.tokens', JSON.stringify({ access_token: token, refresh_token: 'r' }));
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(CalibrationPage);
    fixture.detectChanges();
    return { fixture, page: fixture.componentInstance as unknown as Page, el: fixture.nativeElement as HTMLElement };
  }

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('shows agreement as a percentage and kappa per target and version, an undefined kappa as a dash', () => {
    const { fixture, el } = open(Role.Admin);
    expect(el.querySelector('#cal-company')).toBeNull();
    http.expectOne((r) => r.url === '/api/v1/calibration').flush(
      { reviewed_analyses: 8, groups: [GROUP, { ...GROUP, target: 'kpi:IOC', kappa: null, agreement: null }] });
    fixture.detectChanges();
    const rows = el.querySelectorAll('[data-testid=calibration-table] tbody tr');
    expect(rows.length).toBe(2);
    expect(rows[0].querySelector('th')?.textContent).toContain('Saludo');
    expect(rows[0].querySelector('[data-testid=agreement]')?.textContent).toContain('75');
    expect(rows[0].querySelector('[data-testid=kappa]')?.textContent?.trim()).toBe('0.47');
    expect(rows[1].querySelector('[data-testid=kappa]')?.textContent?.trim()).toBe('—');
    expect(el.querySelector('[data-testid=reviewed-analyses]')?.textContent).toContain('8');
  });

  it("sends the date range and, for a superadmin, one company; the API's date errors show beside the dates", () => {
    const { fixture, page, el } = open(Role.Superadmin);
    http.expectOne((r) => r.url === '/api/v1/companies').flush([{ id: 3, name: 'Demo' }], PAGE);
    http.expectOne((r) => r.url === '/api/v1/calibration').flush({ reviewed_analyses: 0, groups: [] });
    page.dateFrom = '2026-12-01';
    page.dateTo = '2026-11-01';
    page.companyId = '3';
    page.load();
    const req = http.expectOne((r) => r.url === '/api/v1/calibration');
    expect(req.request.params.get('date_from')).toBe('2026-12-01');
    expect(req.request.params.get('company_id')).toBe('3');
    req.flush({ errors: { query: { date_to: ['date_to is before date_from'] } } }, { status: 422, statusText: 'Unprocessable' });
    fixture.detectChanges();
    expect(el.querySelector('#date_to-error')?.textContent).toContain('before');
  });
});
