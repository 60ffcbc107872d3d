import { generateSync } from 'otplib';
import { groupSecret, isTotpFormat, matchTotp, newTotpSecret, timeStep } from './totp';

// RFC 6238, Appendix B: the SHA-1 seed "12345678901234567890", here in Base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it.each([
    [59, '287082', 1],
    [1111111109, '081804', 37037036],
    [1234567890, '005924', 41152263],
    [2000000000, '279037', 66666666],
  ])('matches the RFC 6238 test vector at T=%i (last 6 of its 8 digits)', async (seconds, code, step) => {
    expect(await matchTotp(RFC_SECRET, code, new Date(seconds * 1000))).toBe(step);
  });

  it('accepts the step before and after (clock drift), never two away', async () => {
    const secret = newTotpSecret();
    const at = new Date(1_800_000_015_000); // mid-step
    const step = timeStep(at);
    const code = (s: number) => generateSync({ secret, epoch: s * 30 });
    for (const delta of [-1, 0, 1]) expect(await matchTotp(secret, code(step + delta), at)).toBe(step + delta);
    for (const delta of [-2, 2]) expect(await matchTotp(secret, code(step + delta), at)).toBeNull();
  });

  it('makes 160-bit Base32 secrets and refuses codes that are not six digits', async () => {
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(newTotpSecret());
    for (const bad of ['', '12345', '1234567', '12 456', 'abcdef', '１２３４５６']) {
      expect(isTotpFormat(bad)).toBe(false);
      expect(await matchTotp(RFC_SECRET, bad)).toBeNull();
    }
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});
