import { addMember, SignedInClient, signUpPractice, staffApi } from '../factories/accounts';
import { publishedOffering } from '../factories/agreements';
import { inviteClient } from '../factories/intake';
import { startTestApp, TestApp } from '../support/test-app';

/** Client pages speak the client's language: their own choice, else the practice's default; staff pages stay English. */
describe('languages of client pages', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Idioma Practice' });
    ana = await addMember(owner, t.browser(), 'practitioner');
    await publishedOffering(ana);
  });
  afterAll(() => t.close());

  it('a client link follows the practice default, then the language the client chooses, and keeps it', async () => {
    const { token } = await inviteClient(ana, { name: 'Lu Chen' });
    const first = await t.browser().get(`/i/${token}`).expect(200);
    expect(first.text).toContain('<html lang="en">');
    expect(first.text).toContain(`action="/i/${token}/language"`);

    const chosen = await t
      .browser()
      .post(`/i/${token}/language`)
      .type('form')
      .send({ language: 'es', next: `/i/${token}?step=2` })
      .expect(303);
    expect(chosen.headers.location).toBe(`/i/${token}?step=2`);
    const after = await t.browser().get(`/i/${token}`).expect(200);
    expect(after.text).toContain('<html lang="es">');
    expect(after.text).toContain('Ir al contenido');
    const [client] = await t.sql<{ language: string }>(
      'SELECT c.language FROM clients c JOIN intakes i ON i.client_id = c.id WHERE i.id IS NOT NULL AND c.name = $1',
      ['Lu Chen'],
    );
    expect(client.language).toBe('es');

    // A made-up language changes nothing; a "next" outside the link is not followed.
    const odd = await t
      .browser()
      .post(`/i/${token}/language`)
      .type('form')
      .send({ language: 'xx', next: 'https://elsewhere.example/' })
      .expect(303);
    expect(odd.headers.location).toBe(`/i/${token}`);
    expect((await t.browser().get(`/i/${token}`).expect(200)).text).toContain('<html lang="es">');
  });

  it('public pages follow the practice locale, and ?lang= shows another language', async () => {
    const slug = owner.practice.slug;
    expect((await t.browser().get(`/p/${slug}`).expect(200)).text).toContain('<html lang="en">');
    expect((await t.browser().get(`/p/${slug}?lang=es`).expect(200)).text).toContain('<html lang="es">');
    await staffApi(owner).put('/practice', { name: 'Idioma Practice', timeZone: 'America/Mexico_City', locale: 'es-MX', currency: 'MXN' });
    expect((await t.browser().get(`/p/${slug}`).expect(200)).text).toContain('<html lang="es">');
  });

  it('staff pages stay English whatever the practice locale', async () => {
    expect((await owner.agent.get('/dashboard').expect(200)).text).toContain('<html lang="en">');
  });
});
