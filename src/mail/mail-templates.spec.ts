import { join } from 'node:path';
import { backoffMs, MAIL_KINDS, MAX_ATTEMPTS } from './mail-kinds';
import { LANGUAGE_CODES } from '../i18n/languages';
import { mailLanguage, MailTemplates } from './mail-templates';
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

  it.each(MAIL_KINDS)('%s is written in Spanish for a Spanish client, from the same templates', (kind) => {
    const mail = templates.render(
      kind,
      {
        ...practice,
        contact: '+1 555 0100 o hola@riverside.example',
        clientName: 'Lucía',
        expiresOn: '7 de diciembre de 2026',
        dueOn: '7 de enero de 2027',
      },
      'es',
    );
    expect(mail.subject).toContain('Riverside Healing Arts');
    expect(mail.text).toContain('Hola, Lucía:');
    expect(mail.html).toContain('<html lang="es">');
    expect(mail.html).toContain('Hola, Lucía:');
    expect(mail.html).toContain('Recibe este correo porque Riverside Healing Arts le invitó');
    // No English sentence is left in it.
    for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/\b(?:Hello|your|please|the)\b/i);
  });

  it('writes every message in every language, subjects included', () => {
    for (const lang of LANGUAGE_CODES)
      for (const kind of MAIL_KINDS) {
        const mail = templates.render(kind, { ...practice, clientName: 'Maya', expiresOn: 'x', dueOn: 'y' }, lang);
        expect(`${mail.subject}\n${mail.text}`).not.toMatch(/mail\.[a-z_.]+/); // no key shown as itself
      }
    const invitation = templates.render(
      'intake_invitation',
      { ...practice, link: 'https://ayni.example/i/abc', expiresOn: '7 de diciembre de 2026' },
      'es-MX',
    );
    expect(invitation.subject).toBe('Su formulario de admisión para Riverside Healing Arts');
    expect(invitation.text).toContain('Hola:');
    expect(invitation.text).toContain('Funciona hasta el 7 de diciembre de 2026.');
    expect(invitation.text).toContain(
      '¿Tiene preguntas? Puede comunicarse con Riverside Healing Arts: +1 555 0100 or hello@riverside.example.',
    );
    expect(invitation.html).toContain('href="https://ayni.example/i/abc"');
    expect(invitation.html).toContain(
      '<strong>Este enlace es solo suyo y abre lo que usted escribe:</strong> por favor, no reenvíe este correo.',
    );
    expect(templates.render('reflection_ready', { ...practice, practitionerName: 'Dr. Ana Ortiz' }, 'es').text).toContain(
      'Dr. Ana Ortiz, de Riverside Healing Arts, leyó su formulario de admisión',
    );
    expect(templates.render('review_due', { ...practice, dueOn: '7 de enero de 2027' }, 'es').text).toContain('elija “Sus revisiones”');
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
    expect(without.text).toContain('choose “Your reviews”');
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

  it.each(['pt-BR', 'de', '../../etc', ''])('a language Ayni does not speak (%j) falls back to English', (lang) => {
    expect(mailLanguage(lang)).toBe('en');
    expect(templates.render('intake_reminder', practice, lang).subject).toBe('Your intake form for Riverside Healing Arts is waiting');
  });

  it('takes the language from a locale', () => {
    expect(mailLanguage('es-MX')).toBe('es');
    expect(mailLanguage('es')).toBe('es');
    expect(mailLanguage('en-GB')).toBe('en');
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
