import { addMember, csrfFrom, SignedInClient, signUpPractice } from '../factories/accounts';
import { countersignedAgreement, daysFromToday, publishedOffering } from '../factories/agreements';
import { startTestApp, TestApp } from '../support/test-app';

/** A calendar day as the client's page writes it (the test practice is en-US: a Spanish client reads es-US). */
const written = (day: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/** Reviews and the partnership timeline in the client's language, from their link. */
describe('reviews and the timeline in the client’s language', () => {
  let t: TestApp;
  let ana: SignedInClient;
  let frontDesk: SignedInClient;
  let offeringId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    frontDesk = await addMember(owner, t.browser(), 'front_desk');
    offeringId = await publishedOffering(ana);
  });
  afterAll(() => t.close());

  /** Care began eight weeks ago: the trial-end review is open (two weeks overdue), the next one opens later. */
  const arrange = async () => {
    const { id, token } = await countersignedAgreement(t, { desk: frontDesk, practitioner: ana }, offeringId, daysFromToday(-56));
    await frontDesk.agent.get('/reviews').expect(200); // scheduling happens on reading
    const reviews = await t.sql<{ id: string; due_date: string }>(
      'SELECT id, due_date::text FROM reviews WHERE agreement_id = $1 ORDER BY due_date',
      [id],
    );
    return { token, reviews };
  };

  const answers = {
    'goals[goals.1][score]': '7',
    'baseline[baseline.eating]': '7',
    'baseline[baseline.sleep_hours]': '7.5',
    'baseline[baseline.sleep]': '8',
    'baseline[baseline.movement]': '6',
    'baseline[baseline.emotions]': '7',
    working: 'The morning exercises.',
    notWorking: 'Sitting at work.',
  };

  it('a Spanish client reads their reviews, is told what to fix, answers, and reads the timeline in Spanish', async () => {
    const { token, reviews } = await arrange();
    await t
      .browser()
      .post(`/i/${token}/language`)
      .type('form')
      .send({ language: 'es', next: `/i/${token}` })
      .expect(303);
    const [open, later] = reviews;

    const list = (await t.browser().get(`/i/${token}/reviews`).expect(200)).text;
    expect(list).toContain('<html lang="es">');
    expect(list).toContain('<h1>Sus revisiones</h1>');
    expect(list).toContain('Fin del periodo de prueba');
    expect(list).toContain('Lista para sus respuestas');
    expect(list).toContain('Se abre una semana antes');
    expect(list).toContain(written(open.due_date, 'es-US'));
    expect(list).toMatch(/\d{1,2} de [a-z]+ de \d{4}/);
    expect(list).toContain('Nuestro trabajo juntos, a lo largo del tiempo');
    for (const english of ['Your reviews', 'Ready for your answers', 'End of the trial period', 'Opens a week before'])
      expect(list).not.toContain(english);

    const path = `/i/${token}/reviews/${open.id}`;
    const page = (await t.browser().get(path).expect(200)).text;
    expect(page).toContain('Su revisión: Fin del periodo de prueba');
    expect(page).toContain('Sus metas');
    expect(page).toContain('¿cuánto ha avanzado, del 0 al 10?');
    expect(page).toContain('Lo que está funcionando');
    expect(page).toContain('Enviar mis respuestas');
    for (const english of ['Your goals', 'Send my answers', 'What is working', 'Your intake']) expect(page).not.toContain(english);

    const refused = (
      await t
        .browser()
        .post(path)
        .type('form')
        .send({ ...answers, 'goals[goals.1][score]': '12' })
        .expect(400)
    ).text;
    expect(refused).toContain('Por favor, revise lo siguiente');
    expect(refused).toMatch(/Avance en “[^”]+”: debe ser un número entero del 0 al 10/);
    expect(refused).toContain('The morning exercises.'); // what they wrote is kept
    expect(refused).not.toContain('must be a whole number');

    await t.browser().post(path).type('form').send(answers).expect(303);
    const answered = (await t.browser().get(path).expect(200)).text;
    expect(answered).toContain('Gracias: su profesional ya tiene sus respuestas');
    expect(answered).toContain('al inicio');
    const again = (await t.browser().post(path).type('form').send(answers).expect(409)).text;
    expect(again).toContain('Usted ya respondió esta revisión');
    const early = (await t.browser().post(`/i/${token}/reviews/${later.id}`).type('form').send(answers).expect(409)).text;
    expect(early).toContain('Esta revisión se abre una semana antes de su fecha');

    const timeline = (await t.browser().get(`/i/${token}/timeline`).expect(200)).text;
    expect(timeline).toContain('<h1>Nuestro trabajo juntos, a lo largo del tiempo</h1>');
    expect(timeline).toContain('Invitación al formulario de admisión');
    expect(timeline).toContain('Acuerdo vigente: Back care');
    expect(timeline).toContain('Revisión respondida, decisión pendiente');
    expect(timeline).toContain('Hoy');
    // Dates written out in Spanish, the ISO date kept for machines.
    const today = new Date().toISOString().slice(0, 10);
    expect(timeline).toContain(`<time datetime="${today}">${written(today, 'es-US')}</time>`);
    expect(timeline).toMatch(/desde el \d{1,2} de [a-z]+ de \d{4}/);
    for (const english of ['Invited to intake', 'Review answered', 'Today', 'events, listed below'])
      expect(timeline).not.toContain(english);

    // A decision that lightens the cadence amends the agreement: the client reads what changes in Spanish.
    const review = (await ana.agent.get(`/reviews/${open.id}`).expect(200)).text;
    const decided = await ana.agent
      .post(`/reviews/${open.id}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(review), decision: 'lighten', reason: 'You are sleeping and moving better.' })
      .expect(303);
    const amendmentId = String(decided.headers.location).split('/').pop();
    const draftPage = (await ana.agent.get(`/agreements/${amendmentId}`).expect(200)).text;
    await ana.agent
      .post(`/agreements/${amendmentId}`)
      .type('form')
      .send({ _csrf: csrfFrom(draftPage), revision: '0', 'careArc[p1][every]': '4', 'careArc[p1][per]': 'week' })
      .expect(303);
    const staffPage = (await ana.agent.get(`/agreements/${amendmentId}`).expect(200)).text;
    expect(staffPage).toContain('Visits (Consolidation): every 2 weeks → every 4 weeks'); // staff read English
    await ana.agent
      .post(`/agreements/${amendmentId}/propose`)
      .type('form')
      .send({ _csrf: csrfFrom(staffPage) })
      .expect(303);
    const amendment = (await t.browser().get(`/i/${token}/agreements/${amendmentId}`).expect(200)).text;
    expect(amendment).toContain('Lo que cambia en esta nueva versión');
    expect(amendment).toContain('Visitas (Consolidation): cada 2 semanas → cada 4 semanas');
    expect(amendment).toMatch(/Próxima revisión: \d{1,2} de [a-z]+ de \d{4} → \d{1,2} de [a-z]+ de \d{4}/);
    expect(amendment).not.toContain('Visits (Consolidation)');
    expect(amendment).not.toContain('Next review');
    const amendedTimeline = (await t.browser().get(`/i/${token}/timeline`).expect(200)).text;
    expect(amendedTimeline).toContain('Visitas (Consolidation): cada 2 semanas → cada 4 semanas');
    expect(amendedTimeline).not.toContain('Visits (Consolidation)');
  });

  it('an English client reads the same pages in English', async () => {
    const { token, reviews } = await arrange();
    const [open] = reviews;
    const list = (await t.browser().get(`/i/${token}/reviews`).expect(200)).text;
    expect(list).toContain('<html lang="en">');
    expect(list).toContain('<h1>Your reviews</h1>');
    expect(list).toContain('End of the trial period');
    expect(list).toContain(written(open.due_date, 'en-US'));

    const path = `/i/${token}/reviews/${open.id}`;
    expect((await t.browser().get(path).expect(200)).text).toContain('Send my answers');
    const refused = (
      await t
        .browser()
        .post(path)
        .type('form')
        .send({ ...answers, 'goals[goals.1][score]': '' })
        .expect(400)
    ).text;
    expect(refused).toMatch(/Progress on “[^”]+”: is required: a number from 0 to 10/);

    const timeline = (await t.browser().get(`/i/${token}/timeline`).expect(200)).text;
    expect(timeline).toContain('Invited to intake');
    const today = new Date().toISOString().slice(0, 10);
    expect(timeline).toContain(`<time datetime="${today}">${written(today, 'en-US')}</time>`);
    expect(timeline).not.toContain('Invitación');
  });
});
