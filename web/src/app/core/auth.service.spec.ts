import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { AuthService, decodeClaims } from './auth.service';
import { authInterceptor } from './auth.interceptor';
import { Role } from './roles';
import { fakeJwt } from './testing';

const exp = Math.floor(Date.now() / 1000) + 3600;
const admin = fakeJwt({ sub: '2', email: 'ána@example.com', role: Role.Admin, company_id: 7, exp });

describe('AuthService', () => {
  let auth: AuthService;
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    auth = TestBed.inject(AuthService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('decodes the claims of a base64url token, non-ASCII included', () => {
    expect(decodeClaims(admin)).toEqual(jasmine.objectContaining({ email: 'ána@example.com', role: Role.Admin, company_id: 7 }));
    expect(decodeClaims('not-a-token')).toBeNull();
  });

  it('stores the token pair on login and exposes the role', () => {
    auth.login('a@b.c', 'secret-pass').subscribe();
    const req = http.expectOne('/api/v1/auth/login');
    expect(req.request.body).toEqual({ email: 'a@b.c', password: 'secret-pass' });
    expect(req.request.headers.has('Authorization')).toBeFalse();
    req.flush({ access_token: admin, refresh_token: 'r1' });
    expect(auth.role()).toBe(Role.Admin);
    expect(auth.hasRole([Role.Admin])).toBeTrue();
    expect(auth.hasRole([Role.Shopper])).toBeFalse();
    expect(JSON.parse(localStorage.getItem('siete.tokens')!).refresh_token).toBe('r1');
  });

  it('shares one refresh request among concurrent callers and sends the refresh token as the bearer', () => {
    localStorage.setItem('siete.tokens', JSON.stringify({ access_token: admin, refresh_token: 'r1' }));
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    auth = TestBed.inject(AuthService);
    http = TestBed.inject(HttpTestingController);
    const got: string[] = [];
    auth.refresh().subscribe((t) => got.push(t));
    auth.refresh().subscribe((t) => got.push(t));
    const req = http.expectOne('/api/v1/auth/refresh');
    expect(req.request.headers.get('Authorization')).toBe('Bearer r1');
    const fresh = fakeJwt({ sub: '2', email: 'x@y.z', role: Role.Admin, company_id: 7, exp: exp + 60 });
    req.flush({ access_token: fresh, refresh_token: 'r2' });
    expect(got).toEqual([fresh, fresh]);
    expect(auth.accessToken()).toBe(fresh);
  });

  it('revokes both tokens on logout, forgets them and goes to the login page', () => {
    localStorage.setItem('siete.tokens', JSON.stringify({ access_token: admin, refresh_token: 'r1' }));
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    auth = TestBed.inject(AuthService);
    http = TestBed.inject(HttpTestingController);
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    auth.logout();
    const req = http.expectOne('/api/v1/auth/logout');
    expect(req.request.body).toEqual({ refresh_token: 'r1' });
    expect(req.request.headers.get('Authorization')).toBe(`Bearer ${admin}`);
    req.flush(null, { status: 204, statusText: 'No Content' });
    expect(auth.loggedIn()).toBeFalse();
    expect(localStorage.getItem('siete.tokens')).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/login']);
  });
});
