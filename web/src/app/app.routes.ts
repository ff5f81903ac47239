import { Routes } from '@angular/router';
import { anonymousGuard, roleGuard } from './core/role.guard';
import { ADMINS, EVERYONE, Role, STAFF } from './core/roles';
import { Shell } from './components/shell';

/** One entry per navigation item: its path, label, icon and the roles that see it (Appendix A of the seed). */
export interface NavItem {
  path: string;
  label: string;
  roles: readonly Role[];
  /** Shown only to reviewers (superadmins, or users with the reviewer permission) among `roles`. */
  reviewer?: boolean;
}

export const NAV: readonly NavItem[] = [
  { path: '/', label: 'nav.dashboard', roles: EVERYONE },
  { path: '/evaluations', label: 'nav.evaluations', roles: EVERYONE },
  { path: '/reviews', label: 'nav.reviews', roles: STAFF, reviewer: true },
  { path: '/disputes', label: 'nav.disputes', roles: STAFF },
  { path: '/submit', label: 'nav.submit', roles: [Role.Shopper] },
  { path: '/campaigns', label: 'nav.campaigns', roles: EVERYONE },
  { path: '/surveys', label: 'nav.surveys', roles: STAFF },
  { path: '/zones', label: 'nav.zones', roles: STAFF },
  { path: '/users', label: 'nav.users', roles: STAFF },
  { path: '/companies', label: 'nav.companies', roles: [Role.Superadmin] },
  { path: '/company', label: 'nav.company', roles: [Role.Admin] },
  { path: '/reports', label: 'nav.reports', roles: STAFF },
  { path: '/calibration', label: 'nav.calibration', roles: ADMINS },
  { path: '/payments', label: 'nav.payments', roles: ADMINS },
  { path: '/settings', label: 'nav.settings', roles: ADMINS },
  { path: '/notifications', label: 'nav.notifications', roles: EVERYONE },
];

const page = (roles: readonly Role[]) => ({ canActivate: [roleGuard], data: { roles } });

export const routes: Routes = [
  { path: 'login', canActivate: [anonymousGuard], loadComponent: () => import('./pages/login').then((m) => m.LoginPage) },
  {
    path: 'register',
    canActivate: [anonymousGuard],
    loadComponent: () => import('./pages/register').then((m) => m.RegisterPage),
  },
  {
    path: '',
    component: Shell,
    children: [
      { path: '', ...page(EVERYONE), loadComponent: () => import('./pages/dashboard').then((m) => m.DashboardPage) },
      {
        path: 'evaluations',
        ...page(EVERYONE),
        loadComponent: () => import('./pages/evaluations').then((m) => m.EvaluationsPage),
      },
      {
        path: 'evaluations/:id',
        ...page(EVERYONE),
        loadComponent: () => import('./pages/evaluation').then((m) => m.EvaluationPage),
      },
      {
        path: 'reviews',
        canActivate: [roleGuard],
        data: { roles: STAFF, reviewer: true },
        loadComponent: () => import('./pages/reviews').then((m) => m.ReviewsPage),
      },
      { path: 'disputes', ...page(STAFF), loadComponent: () => import('./pages/disputes').then((m) => m.DisputesPage) },
      {
        path: 'calibration',
        ...page(ADMINS),
        loadComponent: () => import('./pages/calibration').then((m) => m.CalibrationPage),
      },
      { path: 'submit', ...page([Role.Shopper]), loadComponent: () => import('./pages/submit').then((m) => m.SubmitPage) },
      {
        path: 'campaigns',
        ...page(EVERYONE),
        loadComponent: () => import('./pages/campaigns').then((m) => m.CampaignsPage),
      },
      {
        path: 'campaigns/new',
        ...page(ADMINS),
        loadComponent: () => import('./pages/campaign').then((m) => m.CampaignPage),
      },
      {
        path: 'campaigns/:id',
        ...page(EVERYONE),
        loadComponent: () => import('./pages/campaign').then((m) => m.CampaignPage),
      },
      { path: 'surveys', ...page(STAFF), loadComponent: () => import('./pages/surveys').then((m) => m.SurveysPage) },
      { path: 'surveys/new', ...page(ADMINS), loadComponent: () => import('./pages/survey').then((m) => m.SurveyPage) },
      { path: 'surveys/:id', ...page(STAFF), loadComponent: () => import('./pages/survey').then((m) => m.SurveyPage) },
      { path: 'zones', ...page(STAFF), loadComponent: () => import('./pages/resources').then((m) => m.ZonesPage) },
      { path: 'users', ...page(STAFF), loadComponent: () => import('./pages/resources').then((m) => m.UsersPage) },
      {
        path: 'companies',
        ...page([Role.Superadmin]),
        loadComponent: () => import('./pages/resources').then((m) => m.CompaniesPage),
      },
      { path: 'company', ...page([Role.Admin]), loadComponent: () => import('./pages/company').then((m) => m.CompanyPage) },
      { path: 'reports', ...page(STAFF), loadComponent: () => import('./pages/reports').then((m) => m.ReportsPage) },
      {
        path: 'payments',
        ...page(ADMINS),
        loadComponent: () => import('./pages/resources').then((m) => m.PaymentsPage),
      },
      { path: 'settings', ...page(ADMINS), loadComponent: () => import('./pages/settings').then((m) => m.SettingsPage) },
      {
        path: 'notifications',
        ...page(EVERYONE),
        loadComponent: () => import('./pages/notifications').then((m) => m.NotificationsPage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
