import { randomBytes } from 'node:crypto';
import { FieldCipher, isSealed, keyIdOf, UnreadableValueError } from './field-cipher';
import { parseKeyring } from './keyring';
import { openJson, sealJson } from './sealed-json';

const key = () => randomBytes(32).toString('base64');
const cipherOf = (value: string) => new FieldCipher(parseKeyring(value).keyring!);
const here = { table: 'intakes', id: '7d8c0f0e-1111-4c4c-8888-000000000001', field: 'answers:["story.text"]' };

function unreadable(fn: () => unknown): UnreadableValueError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UnreadableValueError);
    return error as UnreadableValueError;
  }
  throw new Error('expected UnreadableValueError');
}

describe('FieldCipher', () => {
  const k1 = key();
  const k2 = key();

  it('round-trips text under the current key, naming the key id, with a fresh IV each time', () => {
    const cipher = cipherOf(`k1:${k1}`);
    const story = 'My lower back has hurt since a fall — ¿y ahora? 🌿';
    const a = cipher.encrypt(story, here);
    const b = cipher.encrypt(story, here);
    expect(a).toMatch(/^enc:v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{22}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('back');
    expect(keyIdOf(a)).toBe('k1');
    expect(cipher.decrypt(a, here)).toBe(story);
    expect(cipher.decrypt(cipher.encrypt('', here), here)).toBe('');
  });

  it('returns values stored before encryption as they are', () => {
    expect(cipherOf(`k1:${k1}`).decrypt('an old plaintext story', here)).toBe('an old plaintext story');
    expect(isSealed('an old plaintext story')).toBe(false);
  });

  it('binds each value to its table, row and field: moved anywhere else it does not open', () => {
    const cipher = cipherOf(`k1:${k1}`);
    const sealed = cipher.encrypt('the story', here);
    for (const elsewhere of [
      { ...here, id: '7d8c0f0e-1111-4c4c-8888-000000000002' },
      { ...here, field: 'answers:["goals.1"]' },
      { ...here, table: 'intake_submissions' },
    ]) {
      const error = unreadable(() => cipher.decrypt(sealed, elsewhere));
      expect(error.reason).toBe('not-authentic');
      expect(error.code).toBe('ENCRYPTED_VALUE_UNREADABLE');
      expect(error.status).toBe(409);
      expect(error.logFields).toEqual({
        table: elsewhere.table,
        recordId: elsewhere.id,
        field: elsewhere.field,
        keyId: 'k1',
        reason: 'not-authentic',
      });
    }
  });

  it('never returns garbage: a wrong key, an unknown key id, a tampered or truncated value is an error', () => {
    const sealed = cipherOf(`k1:${k1}`).encrypt('the story', here);
    expect(unreadable(() => cipherOf(`k1:${k2}`).decrypt(sealed, here)).reason).toBe('not-authentic');
    expect(unreadable(() => cipherOf(`k2:${k2}`).decrypt(sealed, here)).reason).toBe('unknown-key');
    const parts = sealed.split(':');
    const flipped = parts[4][0] === 'A' ? 'B' : 'A';
    const tampered = [...parts.slice(0, 4), flipped + parts[4].slice(1), parts[5]].join(':');
    expect(unreadable(() => cipherOf(`k1:${k1}`).decrypt(tampered, here)).reason).toBe('not-authentic');
    expect(unreadable(() => cipherOf(`k1:${k1}`).decrypt(sealed.slice(0, -3), here)).reason).toBe('malformed');
  });

  it('reads older keys and writes under the first one', () => {
    const old = cipherOf(`k1:${k1}`).encrypt('the story', here);
    const both = cipherOf(`k2:${k2},k1:${k1}`);
    expect(both.decrypt(old, here)).toBe('the story');
    expect(keyIdOf(both.encrypt('the story', here))).toBe('k2');
  });
});

describe('sealJson / openJson', () => {
  const cipher = cipherOf(`k1:${key()}`);
  const place = { table: 'reviews', id: 'r1', column: 'answers' };

  it('encrypts the chosen string leaves one by one and opens them again', () => {
    const answers = { goals: { 'goals.1': { score: 7, words: 'I lifted her' } }, baseline: { 'baseline.sleep': 8 }, working: 'Mornings' };
    const sealed = sealJson(cipher, answers, place, (path) => path[0] !== 'baseline');
    expect(sealed.goals['goals.1'].score).toBe(7);
    expect(isSealed(sealed.goals['goals.1'].words)).toBe(true);
    expect(isSealed(sealed.working)).toBe(true);
    expect(JSON.stringify(sealed)).not.toContain('lifted');
    expect(openJson(cipher, sealed, place)).toEqual(answers);
    // Each leaf is bound to its path: swapped leaves do not open.
    const swapped = { ...sealed, working: sealed.goals['goals.1'].words };
    expect(() => openJson(cipher, swapped, place)).toThrow(UnreadableValueError);
  });

  it('encrypts a string that merely looks encrypted, so stored plaintext never passes for a ciphertext', () => {
    const sealed = sealJson(cipher, { name: 'enc:v1:k9:not-really' }, place, () => false);
    expect(sealed.name).not.toBe('enc:v1:k9:not-really');
    expect(openJson(cipher, sealed, place)).toEqual({ name: 'enc:v1:k9:not-really' });
  });
});
