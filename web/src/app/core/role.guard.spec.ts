import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Observable, firstValueFrom } from 'rxjs';
import { ActivatedRouteSnapshot, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import { anonymousGuard, roleGuard } from './role.guard';
import { ADMINS, Role } from './roles';
import { fakeJwt } from './testing';

function run(guard: typeof roleGuard, roles: Role[], url = '/users', reviewer = false) {
  const route = { data: { roles, reviewer } } as unknown as ActivatedRouteSnapshot;
  return TestBed.runInInjectionContext(() => guard(route, { url } as RouterStateSnapshot));
}

function signIn(role: Role | null) {
  localStorage.clear();
  if (role !== null) {
    const token = fakeJwt({ sub: '1', email: 'u@x.y', role, company_id: 1, exp: Date.now() / 1000 + 600 });
    localStorage.setItem('siete.tokens', JSON.stringify({ access_token: token, refresh_token: 'r' }));
  }
  TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
}

describe('roleGuard', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('lets a listed role in', () => {
    signIn(Role.Admin);
    expect(run(roleGuard, [...ADMINS])).toBeTrue();
  });

  it('sends a shopper opening an admin page home', () => {
    signIn(Role.Shopper);
    const result = run(roleGuard, [...ADMINS]) as UrlTree;
    expect(TestBed.inject(Router).serializeUrl(result)).toBe('/');
  });

  it('sends an anonymous visitor to login with the page to return to', () => {
    signIn(null);
    const result = run(roleGuard, [...ADMINS], '/payments') as UrlTree;
    expect(TestBed.inject(Router).serializeUrl(result)).toBe('/login?next=%2Fpayments');
  });

  it('lets a reviewer into a reviewer page once the user record says so, and sends others home', async () => {
    signIn(Role.Manager);
    const http = TestBed.inject(HttpTestingController);
    const allowed = firstValueFrom(run(roleGuard, [Role.Manager], '/reviews', true) as Observable<unknown>);
    http.expectOne('/api/v1/auth/me').flush({ id: 1, role: Role.Manager, is_reviewer: true });
    expect(await allowed).toBeTrue();
    TestBed.resetTestingModule();
    signIn(Role.Admin);
    const refused = firstValueFrom(run(roleGuard, [Role.Admin], '/reviews', true) as Observable<unknown>);
    TestBed.inject(HttpTestingController).expectOne('/api/v1/auth/me').flush({ id: 1, role: Role.Admin, is_reviewer: false });
    expect(TestBed.inject(Router).serializeUrl((await refused) as UrlTree)).toBe('/');
  });

  it('counts a superadmin as a reviewer even when the record cannot be read', async () => {
    signIn(Role.Superadmin);
    const allowed = firstValueFrom(run(roleGuard, [Role.Superadmin], '/reviews', true) as Observable<unknown>);
    TestBed.inject(HttpTestingController).expectOne('/api/v1/auth/me').flush({}, { status: 500, statusText: 'Error' });
    expect(await allowed).toBeTrue();
  });

  it('keeps a signed-in user off the login page', () => {
    signIn(Role.Manager);
    expect(run(anonymousGuard, []) instanceof UrlTree).toBeTrue();
  });
});
