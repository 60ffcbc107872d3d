import { safeNext } from './origin';

describe('safeNext', () => {
  it.each(['/team', '/team?x=1', '/', '/team/invite?role=front_desk#top'])('keeps the local path %j', (next) => {
    expect(safeNext(next)).toBe(next);
  });

  it.each([
    ['protocol-relative URL', '//evil.example'],
    ['backslash after the slash', '/\\evil.example'],
    ['absolute URL', 'https://evil.example'],
    ['javascript: URL', 'javascript:alert(1)'],
    ['relative path', 'team'],
    ['empty string', ''],
    ['a space', '/team page'],
    ['a tab', '/\t/evil.example'],
    ['a newline', '/team\n'],
    ['a NUL', '/team\0'],
    ['a DEL', '/team\x7f'],
    ['non-ASCII', '/tëam'],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an array', ['/team']],
    ['an object', { toString: () => '/team' }],
  ])('falls back for %s', (_label, next) => {
    expect(safeNext(next)).toBe('/dashboard');
    expect(safeNext(next, '/home')).toBe('/home');
  });
});
