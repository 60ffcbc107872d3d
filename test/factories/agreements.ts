import { randomUUID } from 'node:crypto';
import type { TestApp } from '../support/test-app';
import { staffApi, type SignedInClient } from './accounts';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from './intake';
import { exampleDraft } from './offerings';

const api = staffApi;

/** A calendar date `days` from today (UTC, the test practices' time zone): tests that keep working as the calendar moves on. */
export const daysFromToday = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The example offering, published by `practitioner`. */
export async function publishedOffering(practitioner: SignedInClient, title = 'Back care'): Promise<string> {
  const created = await api(practitioner).post('/offerings', { title }).expect(201);
  await api(practitioner)
    .put(`/offerings/${created.body.id}/draft`, { revision: 0, draft: { ...exampleDraft([practitioner.user.id]), title } })
    .expect(200);
  await api(practitioner).post(`/offerings/${created.body.id}/publish`).expect(201);
  return created.body.id;
}

/** A client's submitted intake and an agreement on it, proposed, signed and countersigned through the API. */
export async function countersignedAgreement(
  t: TestApp,
  staff: { desk: SignedInClient; practitioner: SignedInClient },
  offeringId: string,
  startDate: string,
) {
  const { id: intakeId, token } = await inviteClient(staff.desk, { name: 'Maya Ortiz' });
  await clientApi(t.browser(), token).save(0, COMPLETE_ANSWERS).expect(200);
  await clientApi(t.browser(), token).submit(randomUUID()).expect(201);
  const started = await api(staff.practitioner)
    .post('/agreements', { intakeId, offeringId, startDate, reflectionNote: 'In person.' })
    .expect(201);
  const id: string = started.body.id;
  const findings = Object.fromEntries(started.body.content.findings.map((f: { key: string }) => [f.key, 'Talked through.']));
  await api(staff.practitioner)
    .put(`/agreements/${id}/draft`, { revision: 0, choice: { option: 0, reasons: 'It fits.' }, findings })
    .expect(200);
  await api(staff.practitioner).post(`/agreements/${id}/propose`).expect(201);
  const seen = await t.browser().get(`/api/v1/intake-links/${token}/agreements/${id}`).expect(200);
  await t
    .browser()
    .post(`/api/v1/intake-links/${token}/agreements/${id}/sign`)
    .send({ typedName: 'Maya Ortiz', consent: true, contentHash: seen.body.contentHash })
    .expect(201);
  await api(staff.practitioner)
    .post(`/agreements/${id}/countersign`, { typedName: staff.practitioner.user.name, consent: true })
    .expect(201);
  return { id, token, intakeId };
}
