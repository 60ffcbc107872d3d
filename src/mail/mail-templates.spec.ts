import { join } from 'node:path';
import { backoffMs, MAIL_KINDS, MAX_ATTEMPTS } from './mail-kinds';
import { MailTemplates } from './mail-templates';
import { isMailAddress } from './mail.service';

const templates = new MailTemplates(join(__dirname, '../../views/mail'));
const practice = { practice: { name: 'Riverside Healing Arts' }, contact: '+1 555 0100 or hello@riverside.example' };

describe('mail templates', () => {
  it.each(MAIL_KINDS)('%s renders a subject, a text part and an HTML part naming the practice', (kind) => {
    const mail = templates.render(kind, { ...practice, clientName: 'Maya', expiresOn: 'December 7, 2026', dueOn: '2027-01-07' });
    expect(mail.subject).toContain('Riverside Healing Arts');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain('Hello Maya,');
    expect(mail.text).not.toMatch(/^Subject:/);
    expect(mail.html).toMatch(/^<!doctype html>/);
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('Riverside Healing Arts');
  });

  it('escapes everything in the HTML part, and leaves the text part plain', () => {
    const mail = templates.render('intake_invitation', {
      practice: { name: 'A & B <Healing>' },
      clientName: '<script>alert(1)</script>',
      link: 'https://ayni.example/i/abc"onmouseover="x',
      expiresOn: 'soon',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('A &amp; B &lt;Healing&gt;');
    expect(mail.html).toContain('href="https://ayni.example/i/abc&quot;onmouseover&#x3D;&quot;x"');
    expect(mail.text).toContain('Hello <script>alert(1)</script>,');
    expect(mail.subject).toBe('Your intake form for A & B <Healing>');
  });

  it('review due: with its link, or telling the client how to reach the practice', () => {
    const withLink = templates.render('review_due', {
      ...practice,
      clientName: 'Maya',
      dueOn: '2027-01-07',
      link: 'https://ayni.example/r/1',
    });
    expect(withLink.subject).toBe('Time to look back on your care with Riverside Healing Arts');
    expect(withLink.text).toContain('planned a review on 2027-01-07');
    expect(withLink.text).toContain('https://ayni.example/r/1');
    expect(withLink.html).toContain('href="https://ayni.example/r/1"');
    const without = templates.render('review_due', { ...practice, dueOn: '2027-01-07' });
    expect(without.text).toContain('Hello,');
    expect(without.text).toContain('choose "Your reviews"');
    expect(without.text).toContain('+1 555 0100 or hello@riverside.example');
    expect(without.html).not.toContain('href=');
  });

  it('messages after the invitation carry no link (only its hash is kept) and say how to get a new one', () => {
    for (const kind of ['intake_reminder', 'reflection_ready', 'agreement_ready'] as const) {
      const mail = templates.render(kind, { ...practice, expiresOn: 'December 7, 2026' });
      expect(mail.html).not.toContain('href=');
      expect(mail.text).toContain('ask Riverside Healing Arts for a new one: +1 555 0100 or hello@riverside.example.');
    }
  });

  it.each(['pt-BR', 'de', '../../etc', ''])('a language without templates (%j) falls back to English', (lang) => {
    expect(templates.render('intake_reminder', practice, lang).subject).toBe('Your intake form for Riverside Healing Arts is waiting');
  });
});

describe('retries', () => {
  it('wait 1, 5, 25, then 125 minutes; the fifth attempt is the last', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n) / 60_000)).toEqual([1, 5, 25, 125]);
    expect(MAX_ATTEMPTS).toBe(5);
  });
});

describe('isMailAddress', () => {
  it.each(['maya@example.org', 'a.b+c@sub.example.co'])('accepts %s', (a) => expect(isMailAddress(a)).toBe(true));
  it.each([
    'maya',
    'maya@',
    '@example.org',
    'a b@example.org',
    'a@example.org\r\nBcc: x@y.z',
    'A <a@example.org>',
    'a@b.c,d@e.f',
    `${'a'.repeat(250)}@example.org`,
  ])('refuses %j', (a) => expect(isMailAddress(a)).toBe(false));
});
