import fc from 'fast-check';
import { canonicalJson, contentHash, normalizeCode, verificationCode } from './canonical';

describe('canonical content and its hash', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,{"z":1}]},"b":1}');
  });

  it('gives the same hash whatever the order of keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(contentHash(reversed)).toBe(contentHash(obj));
      }),
    );
  });

  it('changes the hash when one character changes', () => {
    expect(contentHash({ goal: 'Carry my daughter' })).not.toBe(contentHash({ goal: 'Carry my daughtor' }));
  });

  it('refuses numbers that JSON cannot hold', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
  });
});

describe('verification codes', () => {
  const hash = contentHash({ example: true });

  it('are 16 Crockford characters in groups of four, from the hash', () => {
    expect(verificationCode(hash)).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(verificationCode(hash)).not.toBe(verificationCode(contentHash({ example: false })));
  });

  it.each([
    ['as printed', (c: string) => c],
    ['lower case, no dashes', (c: string) => c.toLowerCase().replace(/-/g, '')],
    ['with spaces', (c: string) => c.replace(/-/g, ' ')],
  ])('are read back %s', (_how, typed) => {
    const code = verificationCode(hash);
    expect(normalizeCode(typed(code))).toBe(code);
  });

  it.each(['', 'ABCD', 'ABCD-EFGH-JKMN-PQRU', '!!!!-!!!!-!!!!-!!!!'])('refuse %j', (typed) => {
    expect(normalizeCode(typed)).toBeNull();
  });
});
