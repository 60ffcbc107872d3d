import { mfaRequiredFor, pageAfterPassword, sessionStage } from './mfa-policy';
import { reauthIsRecent } from './reauth';

describe('two-step log-in policy', () => {
  it.each([
    // enrolled, verified, required → stage
    [true, true, true, 'full'],
    [true, false, true, 'second_factor'],
    [true, false, false, 'second_factor'],
    [false, false, true, 'enrolment'],
    [false, false, false, 'full'],
    [false, true, true, 'enrolment'],
  ] as const)('enrolled=%s verified=%s required=%s → %s', (enrolled, verified, required, stage) => {
    expect(sessionStage({ enrolled, verified, required })).toBe(stage);
  });

  it('requires it of owners and practitioners when the practice does, never of front desk', () => {
    expect(mfaRequiredFor('owner', { mfaRequired: true })).toBe(true);
    expect(mfaRequiredFor('practitioner', { mfaRequired: true })).toBe(true);
    expect(mfaRequiredFor('front_desk', { mfaRequired: true })).toBe(false);
    expect(mfaRequiredFor('owner', { mfaRequired: false })).toBe(false);
  });

  it('sends the browser on to the code or the set-up, keeping where it was going', () => {
    expect(pageAfterPassword('second_factor', '/team')).toBe('/login/code?next=%2Fteam');
    expect(pageAfterPassword('enrolment', '/dashboard?welcome=1')).toBe('/account/mfa/setup?next=%2Fdashboard%3Fwelcome%3D1');
    expect(pageAfterPassword('full', '/team')).toBe('/team');
  });

  it('counts a re-authentication for five minutes', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    const ago = (minutes: number) => ({ reauthenticatedAt: new Date(now.getTime() - minutes * 60_000) });
    expect(reauthIsRecent(ago(4.9), now)).toBe(true);
    expect(reauthIsRecent(ago(5.1), now)).toBe(false);
    expect(reauthIsRecent({ reauthenticatedAt: null }, now)).toBe(false);
    expect(reauthIsRecent(ago(-10), now)).toBe(false); // from the future: a clock gone wrong
  });
});
