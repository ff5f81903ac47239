import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import { anonymousGuard, roleGuard } from './role.guard';
import { ADMINS, Role } from './roles';
import { fakeJwt } from './testing';

function run(guard: typeof roleGuard, roles: Role[], url = '/users') {
  const route = { data: { roles } } as unknown as ActivatedRouteSnapshot;
  return TestBed.runInInjectionContext(() => guard(route, { url } as RouterStateSnapshot));
}

function signIn(role: Role | null) {
  localStorage.clear();
  if (role !== null) {
    const token = fakeJwt({ sub: '1', email: 'u@x.y', role, company_id: 1, exp: Date.now() / 1000 + 600 });
    localStorage.setItem('siete.tokens', JSON.stringify({ access_token: token, refresh_token: 'r' }));
  }
  TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient()] });
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

  it('keeps a signed-in user off the login page', () => {
    signIn(Role.Manager);
    expect(run(anonymousGuard, []) instanceof UrlTree).toBeTrue();
  });
});
