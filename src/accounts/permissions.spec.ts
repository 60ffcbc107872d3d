import { ACTIONS, type Action, can, INVITABLE_ROLES, PERMISSIONS, type Role, ROLES } from './permissions';

/**
 * The permission table, written out by hand. Changing who may do what in permissions.ts must
 * break this spec until the matrix below is updated to match: Y = allowed, - = refused.
 */
const Y = true;
const _ = false;
const EXPECTED: Record<Action, Record<Role, boolean>> = {
  //                            owner  practitioner  front_desk
  'dashboard.view': { owner: Y, practitioner: Y, front_desk: Y },
  'team.view': { owner: Y, practitioner: Y, front_desk: Y },
  'team.manage': { owner: Y, practitioner: _, front_desk: _ },
  'practice.manage': { owner: Y, practitioner: _, front_desk: _ },
  'offerings.view': { owner: Y, practitioner: Y, front_desk: Y },
  'offerings.edit': { owner: Y, practitioner: Y, front_desk: _ },
  'clients.view': { owner: Y, practitioner: Y, front_desk: Y },
  'clients.manage_paperwork': { owner: Y, practitioner: Y, front_desk: Y },
  'intake.invite': { owner: Y, practitioner: Y, front_desk: Y },
  'intake.read_answers': { owner: Y, practitioner: Y, front_desk: _ },
  'clinical.author': { owner: Y, practitioner: Y, front_desk: _ },
  'agreements.view': { owner: Y, practitioner: Y, front_desk: Y },
  'agreements.author': { owner: Y, practitioner: Y, front_desk: _ },
  'print.manage': { owner: Y, practitioner: Y, front_desk: Y },
  'clients.erase': { owner: Y, practitioner: _, front_desk: _ },
  'audit.view': { owner: Y, practitioner: _, front_desk: _ },
  'webhooks.manage': { owner: Y, practitioner: _, front_desk: _ },
};

const cells = Object.entries(EXPECTED).flatMap(([action, row]) =>
  Object.entries(row).map(([role, allowed]) => ({ role: role as Role, action: action as Action, allowed })),
);

describe('permission table', () => {
  it('the expected matrix names exactly the ACTIONS and ROLES in permissions.ts', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
    for (const row of Object.values(EXPECTED)) expect(Object.keys(row).sort()).toEqual([...ROLES].sort());
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ROLES].sort());
  });

  it.each(cells)('$role may $action: $allowed', ({ role, action, allowed }) => {
    expect(can(role, action)).toBe(allowed);
  });

  it('grants no action outside ACTIONS', () => {
    for (const role of ROLES) for (const action of PERMISSIONS[role]) expect(ACTIONS).toContain(action);
  });
});

describe('INVITABLE_ROLES', () => {
  it('are the roles other than owner', () => {
    expect([...INVITABLE_ROLES].sort()).toEqual(['front_desk', 'practitioner']);
    expect(INVITABLE_ROLES).not.toContain('owner');
  });
});
