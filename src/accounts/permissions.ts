/**
 * Roles as data: one table of role → allowed actions, enforced by the PermissionGuard and tested
 * as a table. Owners run the practice; practitioners author clinical work; front desk handles
 * clients' paperwork and printing but never authors clinical content.
 */
export const ROLES = ['owner', 'practitioner', 'front_desk'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = { owner: 'Owner', practitioner: 'Practitioner', front_desk: 'Front desk' };

export const ACTIONS = [
  'dashboard.view',
  'team.view',
  'team.manage',
  'practice.manage',
  'offerings.view',
  'offerings.edit',
  'clients.view',
  'clients.manage_paperwork',
  'intake.invite',
  'intake.read_answers',
  'clinical.author',
  'agreements.view',
  'agreements.author',
  'print.manage',
  /** Erasing a client's personal data: owners only, after a fresh re-authentication. */
  'clients.erase',
  /** The audit trail: who read and changed what, its chain verification, its CSV export. */
  'audit.view',
  /** Webhook endpoints: register (after a fresh re-authentication), change, delete, see deliveries, send again. */
  'webhooks.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const ALL: readonly Action[] = ACTIONS;

export const PERMISSIONS: Readonly<Record<Role, readonly Action[]>> = {
  owner: ALL,
  practitioner: [
    'dashboard.view',
    'team.view',
    'offerings.view',
    'offerings.edit',
    'clients.view',
    'clients.manage_paperwork',
    'intake.invite',
    'intake.read_answers',
    'clinical.author',
    'agreements.view',
    'agreements.author',
    'print.manage',
  ],
  front_desk: [
    'dashboard.view',
    'team.view',
    'offerings.view',
    'clients.view',
    'clients.manage_paperwork',
    'intake.invite',
    'agreements.view',
    'print.manage',
  ],
};

export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[role].includes(action);
}

/** Roles an owner may invite; there is one owner per practice. */
export const INVITABLE_ROLES = ['practitioner', 'front_desk'] as const satisfies readonly Role[];
export type InvitableRole = (typeof INVITABLE_ROLES)[number];
