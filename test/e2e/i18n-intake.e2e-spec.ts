import { randomUUID } from 'node:crypto';
import { addMember, csrfFrom, SignedInClient, signUpPractice, staffApi } from '../factories/accounts';
import { publishedOffering } from '../factories/agreements';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { asBytes, pdfText } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

/** A long date in Spanish: "28 de noviembre de 2026". */
const SPANISH_DATE = /\d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de \d{4}/;

/** Intake pages, public pages and their PDFs in the client's language; English stays English. */
describe('intake and public pages in Spanish', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let offeringSlug: string;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Casa Sana' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    await publishedOffering(ana);
    const list = (await t.browser().get(`/p/${owner.practice.slug}`).expect(200)).text;
    offeringSlug = new RegExp(`href="/p/${owner.practice.slug}/([a-z0-9-]+)"`).exec(list)![1];
  });
  afterAll(() => t.close());

  const spanish = async (token: string) => {
    await t.browser().post(`/i/${token}/language`).type('form').send({ language: 'es' }).expect(303);
  };
  const download = (path: string) => t.browser().get(path).buffer(true).parse(asBytes);

  it('a Spanish client fills, corrects, reviews and submits in Spanish, and their PDF is Spanish', async () => {
    const { token } = await inviteClient(ana, { name: 'Lucía Pérez' });
    await spanish(token);
    const browser = t.browser();

    const fill = (await browser.get(`/i/${token}`).expect(200)).text;
    expect(fill).toContain('<html lang="es">');
    expect(fill).toContain('Paso 1 de 7');
    expect(fill).toContain('Guardar borrador');
    expect(fill).toContain('(opcional)');
    expect(fill).not.toMatch(/Save draft|Step 1 of|\(optional\)/);

    // A mistake: the message beside the field and the summary are Spanish; what was typed stays.
    const typo = await browser
      .post(`/i/${token}`)
      .type('form')
      .send({
        _csrf: csrfFrom(fill),
        revision: /name="revision" value="(\d+)"/.exec(fill)![1],
        step: '1',
        go: 'next',
        'a[about.name]': 'Lucía Pérez',
        'a[about.email]': 'lucia@',
      })
      .expect(400);
    expect(typo.text).toContain('Por favor, revise esto');
    expect(typo.text).toContain('Hay una respuesta que revisar.');
    expect(typo.text).toContain('debe ser un correo electrónico como nombre@ejemplo.com');
    expect(typo.text).not.toMatch(/<\/span> must be an e-mail address/); // (the English text is only the script's lookup key)
    expect(typo.text).toContain('value="Lucía Pérez"');

    const client = clientApi(t.browser(), token);
    const saved = await client.save(0, COMPLETE_ANSWERS).expect(200);
    expect(saved.body.revision).toBeGreaterThan(0);
    const review = (await browser.get(`/i/${token}?step=review`).expect(200)).text;
    expect(review).toContain('Revise sus respuestas y luego envíelas');
    expect(review).toContain('Enviar mis respuestas');
    expect(review).toContain('4 de 10'); // a scale answer, in Spanish
    expect(review).toContain('<dd>Sí</dd>'); // a yes/no answer
    expect(review).toContain('Carry my daughter without pain'); // the client's own words, untouched

    await client.submit(randomUUID()).expect(201);
    const done = (await browser.get(`/i/${token}`).expect(200)).text;
    expect(done).toContain('Gracias. Sus respuestas ya están con Casa Sana.');
    expect(done).toContain('Qué pasa ahora');
    expect(done).toMatch(new RegExp(`Enviado el ${SPANISH_DATE.source}`));

    const pdf = await download(`/i/${token}/pdf`).expect(200);
    const text = pdfText(pdf.body as Buffer);
    expect(text).toContain('Resumen del cuestionario');
    expect(text).toContain('La vida diaria hoy');
    expect(text).toContain('Horas de sueño en una noche normal: 6.5'); // es-US writes decimals with a point
    expect(text).toMatch(SPANISH_DATE);
    expect(text).toMatch(/Página 1 de \d/);
    expect(text).toMatch(/Documento [0-9A-F]{12}/);
    expect(text).not.toMatch(/Intake summary|Daily life today|Page 1 of/);
  });

  it('a closed link speaks Spanish too', async () => {
    const { id, token } = await inviteClient(ana, { name: 'Mateo Ruiz' });
    await spanish(token);
    await ana.agent.post(`/api/v1/intakes/${id}/revoke`).set('X-CSRF-Token', ana.csrfToken).expect(204);
    const page = await t.browser().get(`/i/${token}`).expect(410);
    expect(page.text).toContain('Este enlace fue retirado');
    expect(page.text).toContain('Cómo comunicarse con Casa Sana');
    expect(page.text).not.toContain('This link was withdrawn');
  });

  it('an English client keeps English pages', async () => {
    const { token } = await inviteClient(ana, { name: 'Sam Lee' });
    const page = (await t.browser().get(`/i/${token}`).expect(200)).text;
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Step 1 of 7');
    expect(page).toContain('Save draft');
    expect(page).not.toContain('Guardar borrador');
  });

  it('the public pages and the offering sheet come in Spanish with ?lang=es, and stay English without', async () => {
    const slug = owner.practice.slug;
    const english = (await t.browser().get(`/p/${slug}/${offeringSlug}`).expect(200)).text;
    expect(english).toContain('How long before I notice a change?');
    expect(english).toContain('trial period of 6 weeks');
    expect(english).not.toContain('¿Cuánto costará?');

    const practice = (await t.browser().get(`/p/${slug}?lang=es`).expect(200)).text;
    expect(practice).toContain('Formas de atención');
    expect(practice).toContain('Periodo de prueba (6 semanas)');
    expect(practice).toContain('Quiropráctica');

    const offering = (await t.browser().get(`/p/${slug}/${offeringSlug}?lang=es`).expect(200)).text;
    expect(offering).toContain('periodo de prueba de 6 semanas');
    expect(offering).toContain('¿Cuánto costará?');
    expect(offering).toContain('Primeros 12 meses');
    expect(offering).toContain('Empezar el cuestionario');
    expect(offering).toContain(`/p/${slug}/${offeringSlug}/pdf?lang=es`);
    expect(offering).toMatch(new RegExp(`publicada el ${SPANISH_DATE.source}`));
    expect(offering).not.toMatch(/How long before|What will it cost/);

    const sheet = pdfText((await download(`/p/${slug}/${offeringSlug}/pdf?lang=es`).expect(200)).body as Buffer);
    expect(sheet).toContain('Qué esperar');
    expect(sheet).toMatch(/¿Cuánto\s+tiempo\s+pasará\s+antes\s+de\s+notar\s+un\s+cambio\?/);
    expect(sheet).toMatch(new RegExp(`publicada el ${SPANISH_DATE.source}`));
    expect(sheet).not.toContain('What to expect');
    const englishSheet = pdfText((await download(`/p/${slug}/${offeringSlug}/pdf`).expect(200)).body as Buffer);
    expect(englishSheet).toContain('How long before I notice a change?');

    // Money follows the locale: a Mexican practice writes US dollars as "USD 90".
    await staffApi(owner).put('/practice', { name: 'Casa Sana', timeZone: 'America/Mexico_City', locale: 'es-MX', currency: 'MXN' });
    const mexico = (await t.browser().get(`/p/${slug}/${offeringSlug}`).expect(200)).text;
    expect(mexico).toContain('<html lang="es">');
    expect(mexico).toMatch(/USD\s90/);
  });
});
