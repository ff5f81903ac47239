import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, switchMap, throwError } from 'rxjs';
import { AUTH_URL, AuthService } from './auth.service';

const OPEN = [`${AUTH_URL}/login`, `${AUTH_URL}/register`, `${AUTH_URL}/refresh`];

function withToken(req: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  return token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;
}

/** Adds the bearer token to API calls; on a 401 refreshes once and retries, and if that fails ends the session. */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!req.url.startsWith('/api/') || OPEN.some((url) => req.url.startsWith(url))) {
    return next(req);
  }
  return next(withToken(req, auth.accessToken())).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || req.url.startsWith(`${AUTH_URL}/logout`)) {
        return throwError(() => error);
      }
      if (!auth.canRefresh()) {
        auth.clear();
        void router.navigate(['/login'], { queryParams: { next: router.url } });
        return throwError(() => error);
      }
      return auth.refresh().pipe(
        catchError((refreshError: unknown) => {
          auth.clear();
          void router.navigate(['/login'], { queryParams: { next: router.url } });
          return throwError(() => refreshError);
        }),
        switchMap((token) => next(withToken(req, token))),
      );
    }),
  );
};
