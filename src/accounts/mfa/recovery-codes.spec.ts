import { hashRecoveryCode, isRecoveryCodeFormat, newRecoveryCodes, normalizeRecoveryCode } from './recovery-codes';

describe('recovery codes', () => {
  it('makes ten different codes of 16 unambiguous symbols (80 bits), in groups of four', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);
      expect(code).not.toMatch(/[ilo1]/);
      expect(isRecoveryCodeFormat(code)).toBe(true);
    }
  });

  it('reads a code however it is typed, and stores only a hash of it', () => {
    const [code] = newRecoveryCodes(1);
    const typed = ` ${code.toUpperCase().replace(/-/g, ' ')} `;
    expect(normalizeRecoveryCode(typed.trim())).toBe(code.replace(/-/g, ''));
    expect(hashRecoveryCode(typed.trim())).toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(code)).not.toContain(code.replace(/-/g, ''));
  });

  it('tells a recovery code from anything else', () => {
    for (const bad of ['123456', 'abcd-efgh', 'abcd-efgh-jkmn-pqrs-tuvw', 'abcd-efgh-jkmn-pqr!', 'lllll-oooo-iiii-1111']) {
      expect(isRecoveryCodeFormat(bad)).toBe(false);
    }
  });
});
