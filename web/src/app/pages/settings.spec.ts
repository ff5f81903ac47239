import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { CHECK_POLL_MS, SettingsPage } from './settings';

const PAGE = { headers: { 'X-Pagination': JSON.stringify({ total: 0, total_pages: 1, page: 1 }) } };
const CHECK = { id: 30, prompt_id: 8, status: 'running', progress: 0, total: 4, before_agreement: null, after_agreement: null,
  margin: 0.05, message: null };

describe('SettingsPage activation check', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    jasmine.clock().uninstall();
    http.verify();
  });
  const tick = (ms: number) => jasmine.clock().tick(ms);

  function reload() {
    http.expectOne('/api/v1/prompts/effective').flush({ source: 'company', version: 'c1', content: 'x'.repeat(30) });
    http.expectOne((r) => r.url === '/api/v1/prompts').flush([], PAGE);
  }

  it('follows the check until it is no longer running, shows the refusal and forces the activation', () => {
    jasmine.clock().install();
    const fixture = TestBed.createComponent(SettingsPage);
    fixture.detectChanges();
    reload();
    const page = fixture.componentInstance as unknown as { content: string; create(): void };
    page.content = 'Analiza la visita con mucho cuidado, por favor.';
    page.create();
    http.expectOne({ method: 'POST', url: '/api/v1/prompts' }).flush({ id: 8, version: 3, is_active: false, activation: CHECK });
    reload();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid=activation-check]')?.getAttribute('data-check-status')).toBe('running');
    expect(el.querySelector('[data-testid=force-activation]')).toBeNull();
    tick(CHECK_POLL_MS);
    http.expectOne('/api/v1/prompts/activation-checks/30').flush({ ...CHECK, progress: 50 });
    tick(CHECK_POLL_MS);
    const message = 'Agreement would drop from 0.90 to 0.70';
    http.expectOne('/api/v1/prompts/activation-checks/30').flush(
      { ...CHECK, status: 'refused', progress: 100, before_agreement: 0.9, after_agreement: 0.7, message });
    reload();
    fixture.detectChanges();
    tick(CHECK_POLL_MS * 2);
    http.expectNone('/api/v1/prompts/activation-checks/30');
    expect(el.querySelector('[data-testid=check-message]')?.textContent).toContain(message);
    expect(el.querySelector('[data-testid=check-agreement]')?.textContent).toContain('90 %');
    expect(el.querySelector('[data-testid=activation-check]')?.textContent).toContain('v3');
    spyOn(window, 'confirm').and.returnValue(true);
    (el.querySelector('[data-testid=force-activation] button') as HTMLButtonElement).click();
    const force = http.expectOne({ method: 'PUT', url: '/api/v1/prompts/8' });
    expect(force.request.body).toEqual({ is_active: true, force: true });
    force.flush({ id: 8, version: 3, is_active: true, activation: null });
    reload();
    fixture.detectChanges();
    expect(el.querySelector('[data-testid=activation-check]')).toBeNull();
    expect(el.querySelector('[data-testid=prompt-notice]')?.textContent).toContain('v3');
  });
});
