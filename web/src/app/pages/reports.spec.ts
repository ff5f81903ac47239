import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ReportsPage, fileSize } from './reports';

const PAGE = { headers: { 'X-Pagination': JSON.stringify({ total: 0, total_pages: 1, page: 1 }) } };

describe('report sizes', () => {
  it('reads in B, KB and MB', () => {
    expect(fileSize(null)).toBe('—');
    expect(fileSize(800)).toBe('800 B');
    expect(fileSize(2560)).toBe('2.5 KB');
    expect(fileSize(3 * 1048576)).toBe('3.0 MB');
  });
});

describe('ReportsPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  function open() {
    const fixture = TestBed.createComponent(ReportsPage);
    fixture.detectChanges();
    for (const path of ['/api/v1/campaigns', '/api/v1/zones', '/api/v1/surveys', '/api/v1/reports']) {
      http.expectOne((r) => r.url === path).flush([], PAGE);
    }
    return fixture;
  }

  it('asks for the evaluation before requesting its PDF, then sends only what that kind reads', () => {
    const fixture = open();
    const page = fixture.componentInstance as unknown as { kind: string; values: Record<string, unknown>; request(): void };
    page.kind = 'evaluation_pdf';
    page.values = { evaluation_id: null, campaign_id: 3 };
    page.request();
    fixture.detectChanges();
    http.expectNone('/api/v1/reports');
    expect(fixture.nativeElement.querySelector('#evaluation_id-error').textContent).toContain('Obligatorio');
    page.values = { evaluation_id: '12', campaign_id: 3 };
    page.request();
    const post = http.expectOne({ method: 'POST', url: '/api/v1/reports' });
    expect(post.request.body).toEqual({ kind: 'evaluation_pdf', evaluation_id: 12 });
    post.flush({ id: 1, status: 'pending' });
    http.expectOne((r) => r.url === '/api/v1/reports' && r.method === 'GET').flush([], PAGE);
  });

  it('shows the API field errors beside the fields', () => {
    const fixture = open();
    const page = fixture.componentInstance as unknown as { kind: string; values: Record<string, unknown>; request(): void };
    page.kind = 'survey_csv';
    page.values = { survey_id: 99 };
    page.request();
    http.expectOne({ method: 'POST', url: '/api/v1/reports' }).flush(
      { message: 'Unprocessable Entity', errors: { json: { survey_id: ['Survey 99 not found'] } } }, { status: 422, statusText: 'Unprocessable Entity' });
    fixture.detectChanges();
    expect(fixture.nativeElement.querySelector('#survey_id-error').textContent).toContain('Survey 99 not found');
    expect(fixture.nativeElement.querySelector('[data-testid=report-error]').textContent).toContain('Revisa los campos');
  });
});
