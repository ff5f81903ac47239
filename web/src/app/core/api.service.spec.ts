import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ApiService, fieldErrors } from './api.service';

describe('ApiService', () => {
  it('reads every page of a list following X-Pagination', () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const api = TestBed.inject(ApiService);
    const http = TestBed.inject(HttpTestingController);
    let rows: number[] = [];
    api.all<number>('/zones', { q: 'centro', empty: '' }).subscribe((r) => (rows = r));
    const first = http.expectOne((r) => r.url === '/api/v1/zones' && r.params.get('page') === '1');
    expect(first.request.params.get('q')).toBe('centro');
    expect(first.request.params.has('empty')).toBeFalse();
    first.flush([1, 2], { headers: { 'X-Pagination': JSON.stringify({ total: 3, total_pages: 2, page: 1 }) } });
    http.expectOne((r) => r.params.get('page') === '2').flush([3], {
      headers: { 'X-Pagination': JSON.stringify({ total: 3, total_pages: 2, page: 2 }) },
    });
    expect(rows).toEqual([1, 2, 3]);
    http.verify();
  });

  it('flattens the API field errors, nested ones as dotted paths', () => {
    const error = new HttpErrorResponse({
      status: 422,
      error: { errors: { json: { zone_id: ['Not in campaign'], answers: { q1: ['Must be a number'] } }, files: { video: ['Missing'] } } },
    });
    expect(fieldErrors(error)).toEqual({ zone_id: 'Not in campaign', 'answers.q1': 'Must be a number', video: 'Missing' });
  });
});
