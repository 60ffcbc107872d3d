import { mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { addMember, csrfFrom, SignedInClient, signUpPractice, staffApi, postForm } from '../factories/accounts';
import { daysFromToday, publishedOffering } from '../factories/agreements';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { asBytes, download, pdfText } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Being heard, the expectations check and the care agreement in the client's language: a client who
 * chose Spanish reads every page in Spanish (what the practitioner wrote stays as written), signs
 * in Spanish and gets the signed PDF with Spanish words and dates; an English client still reads English.
 */
describe('being heard and agreements in the client’s language', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let offeringId: string;
  const startDate = daysFromToday(21);

  const flat = (text: string) => text.replace(/\s+/g, ' ');

  /** A submitted intake, heard once, with an expectations check and a proposed agreement. */
  async function proposedFor(name: string, language: 'en' | 'es') {
    const { id: intakeId, token } = await inviteClient(ana, { name });
    if (language === 'es') await t.browser().post(`/i/${token}/language`).type('form').send({ language: 'es' }).expect(303);
    await clientApi(t.browser(), token)
      .save(0, { ...COMPLETE_ANSWERS, 'about.name': name })
      .expect(200);
    await clientApi(t.browser(), token).submit(randomUUID()).expect(201);
    await staffApi(ana)
      .post(`/intakes/${intakeId}/reflection`, {
        story: 'Your back has hurt since a fall last winter.',
        mattersMost: 'Carrying your daughter again.',
        goals: { 'goals.1': 'To carry your daughter without pain' },
      })
      .expect(201);
    const check = (await staffApi(ana).post(`/intakes/${intakeId}/checks`, { offeringId }).expect(201)).body;
    const started = await staffApi(ana).post('/agreements', { intakeId, offeringId, startDate, reflectionNote: 'In person.' }).expect(201);
    const id: string = started.body.id;
    const findings = Object.fromEntries(started.body.content.findings.map((f: { key: string }) => [f.key, 'Talked through.']));
    await staffApi(ana)
      .put(`/agreements/${id}/draft`, { revision: 0, choice: { option: 0, reasons: 'It fits my mornings.' }, findings })
      .expect(200);
    await staffApi(ana).post(`/agreements/${id}/propose`).expect(201);
    return { token, id, checkId: check.check?.id ?? check.id };
  }

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Casa Ayni' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    offeringId = await publishedOffering(ana);
  });
  afterAll(() => t.close());

  it('a Spanish client reads, is refused, signs and downloads in Spanish', async () => {
    const { token, id, checkId } = await proposedFor('Maya Ortiz', 'es');
    const visitor = t.browser();

    const heard = (await visitor.get(`/i/${token}/heard`).expect(200)).text;
    expect(heard).toContain('<html lang="es">');
    expect(heard).toContain('Lo que escuchó su profesional');
    expect(heard).toContain('Esperando su respuesta');
    expect(heard).toContain('Sí, me entendieron bien');
    expect(heard).toContain('Your back has hurt since a fall last winter.'); // the practitioner's words, as written

    const check = (await visitor.get(`/i/${token}/checks/${checkId}`).expect(200)).text;
    expect(check).toContain('Qué esperar, juntos');
    expect(check).toContain('Usted espera notar un cambio en unas semanas');
    expect(check).toContain('Cuándo se puede notar un cambio');
    const blank = await postForm(visitor, `/i/${token}/checks/${checkId}/comments`, check, { finding: 'time', text: ' ' }).expect(400);
    expect(blank.text).toContain('está vacío: escriba su comentario');

    const list = (await visitor.get(`/i/${token}/agreements`).expect(200)).text;
    expect(list).toContain('Sus acuerdos de atención');
    expect(list).toContain('Listo para que usted lo lea y lo firme');

    const path = `/i/${token}/agreements/${id}`;
    const page = (await visitor.get(path).expect(200)).text;
    expect(page).toContain('Su acuerdo de atención');
    expect(page).toContain('Firmar el acuerdo');
    expect(page).toContain('Lo firmo por mi propia voluntad');
    const day = new Intl.DateTimeFormat('es-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${startDate}T00:00:00Z`));
    expect(page).toContain(day);
    expect(page).toContain('Cada semana'); // the cadence, written again in Spanish from the recorded care arc
    // The expectations check stored in the agreement was written in her language when it was drafted.
    expect(page).toContain('Usted espera notar un cambio en unas semanas');
    const [stored] = await t.sql<{ findings: Array<{ toClient: string }> }>(
      "SELECT content->'findings' AS findings FROM agreements WHERE id = $1",
      [id],
    );
    expect(stored.findings.map((f) => f.toClient).join(' ')).toContain('Usted espera notar un cambio en unas semanas');
    expect(page).toContain('It fits my mornings.'); // the client's own words

    const wrong = await postForm(visitor, `${path}/sign`, page, {
      typedName: 'Someone Else',
      consent: 'yes',
      contentHash: /name="contentHash" value="([0-9a-f]+)"/.exec(page)![1],
    }).expect(400);
    expect(wrong.text).toContain('Por favor, revise esto');
    expect(wrong.text).toContain('no coincide con el nombre del acuerdo (Maya Ortiz)');
    const unticked = await postForm(visitor, `${path}/sign`, page, {
      typedName: 'Maya Ortiz',
      contentHash: /name="contentHash" value="([0-9a-f]+)"/.exec(page)![1],
    }).expect(400);
    expect(unticked.text).toContain('debe marcar la casilla para firmar');

    await postForm(visitor, `${path}/sign`, page, {
      typedName: 'Maya Ortiz',
      consent: 'yes',
      contentHash: /name="contentHash" value="([0-9a-f]+)"/.exec(page)![1],
    }).expect(303);
    const [signature] = await t.sql<{ consent_text: string }>(
      "SELECT consent_text FROM agreement_signatures WHERE agreement_id = $1 AND role = 'client'",
      [id],
    );
    expect(signature.consent_text).toContain('Lo firmo por mi propia voluntad'); // what she read is what is kept
    expect((await visitor.get(`${path}?done=signed`).expect(200)).text).toContain('Gracias: usted lo firmó.');

    await staffApi(ana).post(`/agreements/${id}/countersign`, { typedName: ana.user.name, consent: true }).expect(201);
    const signedPdf = (await download(visitor, `${path}/pdf`).expect(200)).body as Buffer;
    // Kept for people to look at (test-output/ is not committed).
    mkdirSync('test-output/i18n', { recursive: true });
    writeFileSync('test-output/i18n/agreement-es.pdf', signedPdf);
    const pdf = flat(pdfText(signedPdf));
    for (const words of [
      'Acuerdo de atención',
      'Su historia y sus metas',
      'Las opciones que consideramos',
      'Firmas',
      'Registro de eventos',
    ]) {
      expect(pdf).toContain(words);
    }
    expect(pdf).toContain(`La atención comienza el ${day}`);
    expect(pdf).toContain('Firmado en línea, escribiendo su nombre');
    expect(pdf).toContain('Your back has hurt since a fall last winter.');
    expect(pdf).not.toContain('Care agreement');
  });

  it('an English client still reads English, on the pages and in the PDF', async () => {
    const { token, id } = await proposedFor('Lee Park', 'en');
    const visitor = t.browser();
    expect((await visitor.get(`/i/${token}/heard`).expect(200)).text).toContain('What your practitioner heard');
    const path = `/i/${token}/agreements/${id}`;
    const page = (await visitor.get(path).expect(200)).text;
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Your care agreement');
    const wrong = await postForm(visitor, `${path}/sign`, page, {
      typedName: 'Someone Else',
      consent: 'yes',
      contentHash: /name="contentHash" value="([0-9a-f]+)"/.exec(page)![1],
    }).expect(400);
    expect(wrong.text).toContain('does not match the name on the agreement (Lee Park)');
    const pdf = flat(pdfText((await download(visitor, `${path}/pdf`).expect(200)).body as Buffer));
    expect(pdf).toContain('Care agreement');
    expect(pdf).toContain('Signatures');
    expect(pdf).not.toContain('Acuerdo de atención');
  });
});
