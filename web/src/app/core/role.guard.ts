import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';
import { Role } from './roles';

/** Lets in the roles listed in the route's `data.roles`; others go home, anonymous users to the login page. */
export const roleGuard: CanActivateFn = (route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!auth.loggedIn()) {
    return router.createUrlTree(['/login'], { queryParams: { next: state.url } });
  }
  const roles = (route.data['roles'] as Role[] | undefined) ?? [];
  return auth.hasRole(roles) ? true : router.createUrlTree(['/']);
};

/** Keeps a logged-in user off the login and register pages. */
export const anonymousGuard: CanActivateFn = () => {
  const auth = inject(AuthService);
  return auth.loggedIn() ? inject(Router).createUrlTree(['/']) : true;
};
