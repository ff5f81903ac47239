/** The API's four roles (a lower number is more powerful), as the JWT's `role` claim carries them. */
export enum Role {
  Superadmin = 0,
  Admin = 1,
  Manager = 2,
  Shopper = 3,
}

export const EVERYONE = [Role.Superadmin, Role.Admin, Role.Manager, Role.Shopper];
export const STAFF = [Role.Superadmin, Role.Admin, Role.Manager];
export const ADMINS = [Role.Superadmin, Role.Admin];

export const ROLE_KEYS: Record<Role, string> = {
  [Role.Superadmin]: 'role.superadmin',
  [Role.Admin]: 'role.admin',
  [Role.Manager]: 'role.manager',
  [Role.Shopper]: 'role.shopper',
};
