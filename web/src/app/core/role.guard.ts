import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { map } from 'rxjs';
import { AuthService } from './auth.service';
import { Role } from './roles';

/** Lets in the roles listed in the route's `data.roles` (and only reviewers with `data.reviewer`); others go home,
 * anonymous users to the login page. */
export const roleGuard: CanActivateFn = (route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!auth.loggedIn()) {
    return router.createUrlTree(['/login'], { queryParams: { next: state.url } });
  }
  const roles = (route.data['roles'] as Role[] | undefined) ?? [];
  if (!auth.hasRole(roles)) {
    return router.createUrlTree(['/']);
  }
  if (!route.data['reviewer']) {
    return true;
  }
  // The reviewer permission is in the user record, not the token: read it before deciding.
  return auth.profile().pipe(map(() => (auth.isReviewer() ? true : router.createUrlTree(['/']))));
};

/** Keeps a logged-in user off the login and register pages. */
export const anonymousGuard: CanActivateFn = () => {
  const auth = inject(AuthService);
  return auth.loggedIn() ? inject(Router).createUrlTree(['/']) : true;
};
