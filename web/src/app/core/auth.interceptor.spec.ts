import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';
import { Role } from './roles';
import { fakeJwt } from './testing';

const exp = Math.floor(Date.now() / 1000) + 3600;
const oldToken = fakeJwt({ sub: '4', email: 's@x.y', role: Role.Shopper, company_id: 1, exp });
const newToken = fakeJwt({ sub: '4', email: 's@x.y', role: Role.Shopper, company_id: 1, exp: exp + 1 });

describe('authInterceptor', () => {
  let client: HttpClient;
  let http: HttpTestingController;
  let navigate: jasmine.Spy;

  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem('siete.tokens', JSON.stringify({ access_token: oldToken, refresh_token: 'r1' }));
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    client = TestBed.inject(HttpClient);
    http = TestBed.inject(HttpTestingController);
    navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
  });

  afterEach(() => http.verify());

  it('sends the access token to the API only', () => {
    client.get('/api/v1/evaluations').subscribe();
    client.get('/elsewhere.json').subscribe();
    expect(http.expectOne('/api/v1/evaluations').request.headers.get('Authorization')).toBe(`Bearer ${oldToken}`);
    expect(http.expectOne('/elsewhere.json').request.headers.has('Authorization')).toBeFalse();
  });

  it('refreshes once on a 401 and retries the call with the new token', () => {
    let body: unknown;
    client.get('/api/v1/dashboard').subscribe((b) => (body = b));
    http.expectOne('/api/v1/dashboard').flush({ message: 'expired' }, { status: 401, statusText: 'Unauthorized' });
    const refresh = http.expectOne('/api/v1/auth/refresh');
    expect(refresh.request.headers.get('Authorization')).toBe('Bearer r1');
    refresh.flush({ access_token: newToken, refresh_token: 'r2' });
    const retry = http.expectOne('/api/v1/dashboard');
    expect(retry.request.headers.get('Authorization')).toBe(`Bearer ${newToken}`);
    retry.flush({ ok: true });
    expect(body).toEqual({ ok: true });
  });

  it('ends the session and goes to login when the refresh is refused', () => {
    let failed = false;
    client.get('/api/v1/dashboard').subscribe({ error: () => (failed = true) });
    http.expectOne('/api/v1/dashboard').flush({}, { status: 401, statusText: 'Unauthorized' });
    http.expectOne('/api/v1/auth/refresh').flush({}, { status: 401, statusText: 'Unauthorized' });
    expect(failed).toBeTrue();
    expect(TestBed.inject(AuthService).loggedIn()).toBeFalse();
    expect(navigate).toHaveBeenCalledWith(['/login'], jasmine.anything());
  });

  it('passes other errors through without refreshing', () => {
    let status = 0;
    client.get('/api/v1/users').subscribe({ error: (e) => (status = e.status) });
    http.expectOne('/api/v1/users').flush({}, { status: 403, statusText: 'Forbidden' });
    http.expectNone('/api/v1/auth/refresh');
    expect(status).toBe(403);
  });
});
