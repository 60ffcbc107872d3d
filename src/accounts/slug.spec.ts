import { nextFreeSlug, slugify } from './slug';

describe('slugify', () => {
  it.each([
    ['Riverside Healing Arts', 'riverside-healing-arts'],
    ['Café Ñandú Sanación', 'cafe-nandu-sanacion'],
    ['Reiki & Sound: Bath!', 'reiki-sound-bath'],
    ['  --Hello,   World--  ', 'hello-world'],
    ['Studio 54', 'studio-54'],
    ['', 'practice'],
    ['!!! ???', 'practice'],
    ['治療', 'practice'],
  ])('%j → %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('caps at 60 characters', () => {
    expect(slugify('a'.repeat(100))).toBe('a'.repeat(60));
  });

  it('never ends with a hyphen after the cap', () => {
    const slug = slugify('a'.repeat(59) + ' bcdef');
    expect(slug).toBe('a'.repeat(59));
  });
});

describe('nextFreeSlug', () => {
  it.each([
    ['a free base is returned as is', [], 'calm'],
    ['taken slugs of other bases do not matter', ['calm-2', 'calmer'], 'calm'],
    ['a taken base gets -2', ['calm'], 'calm-2'],
    ['-2 taken gives -3', ['calm', 'calm-2'], 'calm-3'],
    ['the first gap is used', ['calm', 'calm-2', 'calm-4'], 'calm-3'],
    ['a run of taken suffixes is skipped', ['calm', 'calm-2', 'calm-3', 'calm-4'], 'calm-5'],
  ])('%s', (_label, taken, expected) => {
    expect(nextFreeSlug('calm', taken)).toBe(expected);
  });

  it('accepts any iterable', () => {
    expect(nextFreeSlug('calm', new Set(['calm']))).toBe('calm-2');
  });
});
