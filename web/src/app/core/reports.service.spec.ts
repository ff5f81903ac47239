import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Report, ReportsService, reportRequest } from './reports.service';

const report = (status: Report['status'], extra: Partial<Report> = {}): Partial<Report> => ({ id: 5, kind: 'evaluations_xlsx', status, progress: 0, ...extra });

describe('reportRequest', () => {
  it('sends only the filters the kind reads, ids as numbers', () => {
    const { body, errors } = reportRequest('evaluations_csv', { campaign_id: '3', zone_id: null, evaluation_id: 9, date_from: '2026-11-01', survey_id: 4 });
    expect(body).toEqual({ kind: 'evaluations_csv', campaign_id: 3, date_from: '2026-11-01' });
    expect(errors).toEqual({});
  });

  it('asks for what the API would refuse without', () => {
    expect(reportRequest('evaluation_pdf', {}).errors).toEqual({ evaluation_id: 'submit.required' });
    expect(reportRequest('survey_xlsx', {}).errors).toEqual({ survey_id: 'reports.surveyOrCampaign' });
    expect(reportRequest('survey_xlsx', { campaign_id: 2 }).errors).toEqual({});
    expect(reportRequest('campaign_pdf', { date_from: '2026-11-05', date_to: '2026-11-01' }).errors).toEqual({ date_to: 'reports.datesOrder' });
  });

  it('leaves the dates to a schedule, whose period sets them', () => {
    expect(reportRequest('campaign_pdf', { campaign_id: 1, date_from: '2026-11-01', company_id: 7 }, false).body)
      .toEqual({ kind: 'campaign_pdf', campaign_id: 1, company_id: 7 });
  });
});

describe('ReportsService', () => {
  let service: ReportsService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    service = TestBed.inject(ReportsService);
    http = TestBed.inject(HttpTestingController);
  });

  beforeEach(() => jasmine.clock().install());

  afterEach(() => {
    jasmine.clock().uninstall();
    http.verify();
  });

  it('requests a report and re-reads it until it is ready, ending with the completed one', () => {
    const seen: Report[] = [];
    let done = false;
    service.build({ kind: 'evaluations_xlsx' }, 1000).subscribe({ next: (r) => seen.push(r), complete: () => (done = true) });
    const post = http.expectOne({ method: 'POST', url: '/api/v1/reports' });
    expect(post.request.body).toEqual({ kind: 'evaluations_xlsx' });
    post.flush(report('pending'));
    jasmine.clock().tick(0);
    http.expectOne('/api/v1/reports/5').flush(report('running', { progress: 40 }));
    jasmine.clock().tick(1000);
    http.expectOne('/api/v1/reports/5').flush(report('completed', { progress: 100, download_url: '/api/v1/reports/5/download?token=t' }));
    jasmine.clock().tick(1000);
    http.expectNone('/api/v1/reports/5');
    expect(done).toBeTrue();
    expect(seen.map((r) => r.status)).toEqual(['completed']);
    expect(seen[0].download_url).toContain('token=t');
  });

  it('stops following a report that failed', () => {
    const states: string[] = [];
    service.follow(5, 1000).subscribe((r) => states.push(r.status));
    jasmine.clock().tick(0);
    http.expectOne('/api/v1/reports/5').flush(report('failed', { error_message: 'Sin datos' }));
    jasmine.clock().tick(3000);
    http.expectNone('/api/v1/reports/5');
    expect(states).toEqual(['failed']);
  });

  it('creates and stops schedules', () => {
    service.createSchedule({ name: 'Semanal', kind: 'campaign_pdf', frequency: 'weekly', recipient_ids: [2] }).subscribe();
    expect(http.expectOne({ method: 'POST', url: '/api/v1/reports/schedules' }).request.body.recipient_ids).toEqual([2]);
    service.deleteSchedule(8).subscribe();
    http.expectOne({ method: 'DELETE', url: '/api/v1/reports/schedules/8' }).flush(null);
  });
});
