import { createHash } from 'node:crypto';
import { ACCESS_TOKEN_FORMAT, accessTokenStatus, lowerRole, newAccessToken, readBearer, refusalOf, rolesUpTo } from './access-tokens';

describe('access tokens', () => {
  it('are ayni_pat_ and 256 random bits, kept as their SHA-256 with a 17-character prefix', () => {
    const made = Array.from({ length: 50 }, newAccessToken);
    for (const { token, tokenHash, prefix } of made) {
      expect(token).toMatch(ACCESS_TOKEN_FORMAT);
      expect(Buffer.from(token.slice('ayni_pat_'.length), 'base64url')).toHaveLength(32);
      expect(tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(prefix).toBe(token.slice(0, 17));
    }
    expect(new Set(made.map((m) => m.token)).size).toBe(50);
  });

  it.each([
    ['owner', ['owner', 'practitioner', 'front_desk']],
    ['practitioner', ['practitioner', 'front_desk']],
    ['front_desk', ['front_desk']],
  ] as const)('a %s may give a token the roles %j', (role, allowed) => {
    expect(rolesUpTo(role)).toEqual(allowed);
  });

  it.each([
    ['owner', 'front_desk', 'front_desk'],
    ['front_desk', 'owner', 'front_desk'],
    ['practitioner', 'owner', 'practitioner'],
    ['owner', 'owner', 'owner'],
  ] as const)('a %s token of a %s acts as %s', (token, person, acts) => {
    expect(lowerRole(token, person)).toBe(acts);
  });

  const now = new Date('2026-11-28T12:00:00Z');
  const live = { revokedAt: null, expiresAt: new Date('2026-12-28T12:00:00Z'), practiceId: 'p1' };
  const active = { status: 'active', practiceId: 'p1' };

  it.each([
    ['a live token of an active member', live, active, undefined],
    ['an expired token', { ...live, expiresAt: now }, active, 'expired'],
    ['a revoked token (even if also expired)', { ...live, revokedAt: now, expiresAt: now }, active, 'revoked'],
    ['a token of a deactivated member', live, { ...active, status: 'deactivated' }, 'member_inactive'],
    ['a token whose member is in another practice', live, { ...active, practiceId: 'p2' }, 'member_inactive'],
    ['a token without its member', live, undefined, 'member_inactive'],
  ])('refuses %s: %s', (_what, token, owner, refusal) => {
    expect(refusalOf(token, owner, now)).toBe(refusal);
  });

  it('says whether a token is active, expired or revoked', () => {
    expect(accessTokenStatus(live, now)).toBe('active');
    expect(accessTokenStatus({ ...live, expiresAt: now }, now)).toBe('expired');
    expect(accessTokenStatus({ ...live, revokedAt: now }, now)).toBe('revoked');
  });

  it.each([
    [undefined, undefined],
    ['Basic dXNlcjpwYXNz', undefined],
    ['Bearer ayni_pat_x', 'ayni_pat_x'],
    ['bearer   ayni_pat_x  ', 'ayni_pat_x'],
    ['Bearer', ''],
    ['Bearerayni_pat_x', undefined],
  ])('reads the Authorization header %j as %j', (header, token) => {
    expect(readBearer(header)).toBe(token);
  });
});
