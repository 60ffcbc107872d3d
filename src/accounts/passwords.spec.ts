import { DomainError } from '../common/errors/domain-error';
import { assertAcceptablePassword, hashPassword, passwordProblem, verifyPassword } from './passwords';

const commonList: string[] = require('@zxcvbn-ts/language-common').dictionary['passwords-common'];
const PASSPHRASE = 'river stones hum at dusk';

describe('passwordProblem', () => {
  // The examples below must really be in the breached-password list, or the "common" cases prove nothing.
  it.each(['password1234', 'qwerty123456', 'qwertyuiop12'])('%s is in the common-password list', (pw) => {
    expect(pw.length).toBeGreaterThanOrEqual(12);
    expect(commonList).toContain(pw);
  });

  it.each([
    ['11 characters', 'abcdefghijk', /at least 12/],
    ['257 characters', 'ab'.repeat(128) + 'c', /at most 256/],
    ['a common password', 'password1234', /common/],
    ['a common password in capitals', 'PASSWORD1234', /common/],
    ['a common password in mixed case', 'QwErTy123456', /common/],
    ['another common password', 'qwertyuiop12', /common/],
    ['one character repeated', 'aaaaaaaaaaaa', /repeated/],
    ['one character repeated, long', 'Z'.repeat(40), /repeated/],
  ])('refuses %s', (_label, password, reason) => {
    expect(passwordProblem(password)).toMatch(reason);
  });

  it.each([
    ['exactly 12 characters', 'kx7!mq2#vr9p'],
    ['exactly 256 characters', 'ab'.repeat(128)],
    ['a long passphrase', PASSPHRASE],
  ])('accepts %s', (_label, password) => {
    expect(passwordProblem(password)).toBeUndefined();
  });

  it('refuses the e-mail address as the password, ignoring case', () => {
    expect(passwordProblem('ana.reyes@example.org', 'ana.reyes@example.org')).toMatch(/e-mail/);
    expect(passwordProblem('Ana.Reyes@Example.org', 'ana.reyes@example.ORG')).toMatch(/e-mail/);
    expect(passwordProblem(PASSPHRASE, 'ana.reyes@example.org')).toBeUndefined();
  });
});

describe('assertAcceptablePassword', () => {
  it('throws a VALIDATION_FAILED DomainError naming the password field', () => {
    let thrown: unknown;
    try {
      assertAcceptablePassword('short');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect((thrown as DomainError).fields?.password).toMatch(/at least 12/);
  });

  it('uses the given field name and passes an acceptable password', () => {
    expect(() => assertAcceptablePassword('short', undefined, 'newPassword')).toThrow(
      expect.objectContaining({ fields: { newPassword: expect.stringMatching(/at least 12/) } }),
    );
    expect(() => assertAcceptablePassword(PASSPHRASE)).not.toThrow();
  });
});

describe('hashPassword / verifyPassword', () => {
  let hash: string;
  beforeAll(async () => {
    hash = await hashPassword(PASSPHRASE);
  });

  it('hashes with argon2id, 19 MiB, 2 iterations, 1 lane', () => {
    // PHC string: $argon2id$v=19$<params>$<salt>$<hash>. argon2 0.45 writes the params as m,p,t.
    const [, algorithm, version, params] = hash.split('$');
    expect({ algorithm, version }).toEqual({ algorithm: 'argon2id', version: 'v=19' });
    expect(Object.fromEntries(params.split(',').map((kv) => kv.split('=')))).toEqual({ m: '19456', t: '2', p: '1' });
  });

  it('salts each hash', async () => {
    expect(await hashPassword(PASSPHRASE)).not.toBe(hash);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    expect(await verifyPassword(hash, PASSPHRASE)).toBe(true);
    expect(await verifyPassword(hash, PASSPHRASE + '!')).toBe(false);
  });

  it.each(['', 'not-a-hash', '$argon2id$v=19$m=19456,t=2,p=1$garbage'])('returns false for the malformed hash %j', async (bad) => {
    await expect(verifyPassword(bad, PASSPHRASE)).resolves.toBe(false);
  });
});
