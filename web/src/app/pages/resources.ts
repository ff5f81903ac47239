import { Component } from '@angular/core';
import { EMPTY } from 'rxjs';
import { CrudView, Resource, Row } from '../components/crud';
import { ADMINS, ROLE_KEYS, Role } from '../core/roles';

const SUPER = [Role.Superadmin];
const NOBODY: Role[] = [];
const companyField = { key: 'company_id', label: 'field.company_id', type: 'number' as const, createOnly: true, roles: SUPER };

/** Zones (work areas) of the company. */
export const ZONES: Resource = {
  title: 'nav.zones', path: '/zones', csv: 'zonas.csv', search: true,
  columns: [
    { key: 'id', label: 'field.id' }, { key: 'name', label: 'field.name' }, { key: 'city', label: 'field.city' },
    { key: 'state', label: 'field.state' }, { key: 'country', label: 'field.country' },
  ],
  fields: [
    { key: 'name', label: 'field.name', required: true }, { key: 'country', label: 'field.country', required: true },
    { key: 'state', label: 'field.state', required: true }, { key: 'city', label: 'field.city' }, companyField,
  ],
  create: ADMINS, edit: ADMINS, remove: ADMINS,
};

/** Users of every role the caller may see. */
export const USERS: Resource = {
  title: 'nav.users', path: '/users', csv: 'usuarios.csv', search: true,
  columns: [
    { key: 'id', label: 'field.id' }, { key: 'first_name', label: 'field.first_name' },
    { key: 'last_name', label: 'field.last_name' }, { key: 'email', label: 'field.email' },
    { key: 'role', label: 'field.role', show: (row: Row) => ROLE_KEYS[row['role'] as Role] ?? '', prefix: '' },
    { key: 'company_id', label: 'field.company_id' },
    { key: 'is_reviewer', label: 'user.reviewer', show: (row: Row) => (row['is_reviewer'] || row['role'] === Role.Superadmin ? 'yes' : 'no'), prefix: '' },
  ],
  fields: [
    { key: 'first_name', label: 'field.first_name', required: true }, { key: 'last_name', label: 'field.last_name', required: true },
    { key: 'email', label: 'field.email', type: 'email', required: true },
    { key: 'password', label: 'field.password', type: 'password', createOnly: true, required: true },
    { key: 'role', label: 'field.role', type: 'select', options: [
      { value: Role.Superadmin, label: 'role.superadmin' }, { value: Role.Admin, label: 'role.admin' },
      { value: Role.Manager, label: 'role.manager' }, { value: Role.Shopper, label: 'role.shopper' }] },
    { key: 'phone', label: 'field.phone' }, companyField,
  ],
  create: ADMINS, edit: ADMINS, remove: ADMINS,
  actions: [
    { label: 'user.grantReviewer', roles: SUPER, when: (r) => !r['is_reviewer'] && r['role'] !== Role.Shopper && r['role'] !== Role.Superadmin,
      run: (row, api) => api.put(`/users/${row.id}/reviewer`, { reviewer: true }) },
    { label: 'user.revokeReviewer', roles: SUPER, when: (r) => !!r['is_reviewer'],
      run: (row, api) => api.put(`/users/${row.id}/reviewer`, { reviewer: false }) },
  ],
};

/** Tenants (superadmin). */
export const COMPANIES: Resource = {
  title: 'nav.companies', path: '/companies', csv: 'empresas.csv', search: true,
  columns: [
    { key: 'id', label: 'field.id' }, { key: 'name', label: 'field.name' }, { key: 'country', label: 'field.country' },
    { key: 'subscription_status', label: 'field.subscription_status' }, { key: 'paid_until', label: 'field.paid_until' },
    { key: 'invite_code', label: 'field.invite_code' },
    { key: 'review_required', label: 'company.reviewRequired', show: (row: Row) => (row['review_required'] ? 'yes' : 'no'), prefix: '' },
  ],
  fields: [
    { key: 'name', label: 'field.name', required: true }, { key: 'email', label: 'field.email', type: 'email' },
    { key: 'phone', label: 'field.phone' }, { key: 'address', label: 'field.address' },
    { key: 'state', label: 'field.state' }, { key: 'country', label: 'field.country' },
  ],
  create: SUPER, edit: SUPER, remove: SUPER,
  actions: [
    { label: 'company.newInvite', roles: ADMINS, run: (row, api) => api.post(`/companies/${row.id}/invite-code`) },
    { label: 'company.requireReview', roles: SUPER, when: (r) => !r['review_required'],
      run: (row, api) => api.put(`/companies/${row.id}/review-policy`, { review_required: true }) },
    { label: 'company.stopReview', roles: SUPER, when: (r) => !!r['review_required'],
      run: (row, api) => api.put(`/companies/${row.id}/review-policy`, { review_required: false }) },
  ],
};

/** Subscription payments: admins record them, the superadmin confirms or rejects. */
export const PAYMENTS: Resource = {
  title: 'nav.payments', path: '/payments', csv: 'pagos.csv',
  columns: [
    { key: 'id', label: 'field.id' }, { key: 'company_id', label: 'field.company_id' }, { key: 'amount', label: 'field.amount' },
    { key: 'currency', label: 'field.currency' }, { key: 'period_start', label: 'field.period_start' },
    { key: 'period_end', label: 'field.period_end' }, { key: 'method', label: 'field.method', prefix: 'method.' },
    { key: 'status', label: 'field.status', prefix: 'payment.status.' },
  ],
  fields: [
    { key: 'amount', label: 'field.amount', required: true }, { key: 'currency', label: 'field.currency' },
    { key: 'period_start', label: 'field.period_start', type: 'date', required: true },
    { key: 'period_end', label: 'field.period_end', type: 'date', required: true },
    { key: 'method', label: 'field.method', type: 'select', required: true, options:
      ['transfer', 'card', 'cash', 'check', 'other'].map((m) => ({ value: m, label: `method.${m}` })) },
    { key: 'reference', label: 'field.reference' }, { key: 'paid_at', label: 'field.paid_at', type: 'date' }, companyField,
  ],
  create: ADMINS, edit: NOBODY, remove: NOBODY,
  actions: [
    { label: 'payment.confirm', roles: SUPER, when: (r) => r['status'] === 'pending',
      run: (row, api) => api.post(`/payments/${row.id}/confirm`, {}) },
    { label: 'payment.reject', roles: SUPER, when: (r) => r['status'] === 'pending', run: (row, api) => {
      const note = prompt('Nota / Note');
      return note ? api.post(`/payments/${row.id}/reject`, { note }) : EMPTY;
    } },
  ],
};

@Component({ selector: 'app-zones', imports: [CrudView], template: `<app-crud [resource]="resource" />` })
export class ZonesPage { protected readonly resource = ZONES; }

@Component({ selector: 'app-users', imports: [CrudView], template: `<app-crud [resource]="resource" />` })
export class UsersPage { protected readonly resource = USERS; }

@Component({ selector: 'app-companies', imports: [CrudView], template: `<app-crud [resource]="resource" />` })
export class CompaniesPage { protected readonly resource = COMPANIES; }

@Component({ selector: 'app-payments', imports: [CrudView], template: `<app-crud [resource]="resource" />` })
export class PaymentsPage { protected readonly resource = PAYMENTS; }
