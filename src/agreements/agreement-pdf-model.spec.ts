import { writeFileSync } from 'node:fs';
import { findChromium } from '../browser/chromium';
import type { AppConfig } from '../config/app-config';
import type { Transactions } from '../database/transaction';
import type { JobQueue } from '../jobs/job-queue';
import type { PdfDocumentsRepository } from '../pdf/pdf-documents.repository';
import type { PdfViaWorker } from '../pdf/pdf-via-worker';
import { PdfService } from '../pdf/pdf.service';
import { pdfPages, pdfText } from '../../test/support/pdf-text';
import type { AgreementContent } from './agreement-content';
import { agreementPdfModel, type AgreementPdfInput } from './agreement-pdf-model';
import { contentHash, verificationCode } from './canonical';
import { qrDataUri, qrSvg } from './qr';

const DISCLAIMERS = [
  'Primary service: Chiropractic care for low back pain (chiropractic care) with Dr. Ana Ortiz, first visit scheduled for 2026-03-02. Visits: intensive (1 visit a week for 6 weeks), then consolidation (1 visit every 2 weeks for 8 weeks).',
  'There may be additional items or services your provider recommends as part of your course of care that must be scheduled or requested separately and are not reflected in this Good Faith Estimate.',
  'This Good Faith Estimate shows the items and services reasonably expected to be furnished, as known on the date it is issued. It is only an estimate: actual items, services or charges may differ from it.',
  'You have the right to start the patient-provider dispute resolution process if the actual billed charges are substantially in excess of the expected charges in this Good Faith Estimate, that is, at least $400 more in total for this provider. To learn how to start it, visit https://www.cms.gov/nosurprises or call 1-800-985-3059; it must be started within 120 calendar days of the date on the original bill.',
  'This Good Faith Estimate is not a contract and does not require you to obtain the items or services from any of the providers or facilities identified in it.',
];

/** A realistic agreement: a US self-pay client, three options, a care arc with dates, and a Good Faith Estimate. */
function exampleContent(): AgreementContent {
  return {
    practice: {
      name: 'Ortiz & Rivera Healing Arts',
      address: '12 River Road\nSpringfield, IL 62701',
      phone: '(217) 555-0142',
      email: 'hello@ortiz-rivera.example',
    },
    client: { name: 'Maria Lopez', dateOfBirth: '1984-07-19', email: 'maria@example.com' },
    practitioner: { id: 'p-1', name: 'Dr. Ana Ortiz' },
    offering: { id: 'o-1', versionId: 'v-3', version: 3, title: 'Chiropractic care for low back pain' },
    story: {
      excerpt:
        'My back started hurting after I moved house last spring. Some mornings I can barely tie my shoes.\nI want to pick up my granddaughter again without thinking about it.',
      goals: [
        { id: 'g1', text: 'Lift my granddaughter without pain' },
        { id: 'g2', text: 'Sit through a whole work meeting' },
      ],
      support: 'My sister walks with me on Sundays, and my manager lets me stand at my desk.',
    },
    reflection: {
      story: 'Since your move, low back pain has shaped your mornings and your work days, and it keeps you from the people you love.',
      mattersMost: 'Being able to hold your granddaughter.',
      goals: { g1: 'Carry a small child comfortably for a few minutes', g2: 'Sit for an hour with little or no pain' },
      confirmed: true,
      note: '',
    },
    options: [
      {
        kind: 'offering',
        title: 'Chiropractic care for low back pain',
        involves: 'Weekly adjustments for six weeks, then every two weeks, with 15 minutes of exercises at home each day.',
        benefits: 'Many people feel less stiffness within a few weeks; you learn habits that keep pain away.',
        drawbacks: 'Visits take time and cost money; some people are sore for a day after an adjustment.',
        uncertainty: 'It helps most people with pain like yours, but not everyone: we will know more after the trial period.',
        timeAndCost: 'About 1 h 45 min a week at first; $540 for the first six weeks.',
      },
      {
        kind: 'watchful_waiting',
        title: 'Waiting and watching',
        involves: 'Staying active, walking daily and using heat; checking in again in six weeks.',
        benefits: 'No cost and no visits; most back pain eases on its own within weeks.',
        drawbacks: 'Pain may take longer to settle, and mornings may stay hard for a while.',
        uncertainty: 'Your pain has lasted months, so it may not ease on its own.',
        timeAndCost: 'A daily 20-minute walk; no fees.',
      },
      {
        kind: 'referral',
        title: 'Physical therapy',
        involves: 'Exercise-led care with a physical therapist, usually twice a week.',
        benefits: 'Strong evidence for exercise; may be covered by insurance.',
        drawbacks: 'More exercise at home; a wait of a few weeks to start.',
        uncertainty: 'Works well for many, less for people who find exercise hard to keep up.',
        timeAndCost: 'About 2 hours a week; fees vary by clinic.',
      },
    ],
    choice: { option: 0, reasons: 'I want hands-on help while I learn the exercises, and I can come on my way to work.' },
    schedule: {
      startDate: '2026-03-02',
      phases: [
        {
          name: 'Intensive',
          from: '2026-03-02',
          to: '2026-04-12',
          cadence: '1 visit a week',
          minutesPerVisit: 60,
          homePractice: '15 min a day',
          feePerVisitMinor: 9000,
          description: 'Weekly visits while we find what helps.',
        },
        {
          name: 'Consolidation',
          from: '2026-04-13',
          to: '2026-06-07',
          cadence: '1 visit every 2 weeks',
          minutesPerVisit: 45,
          homePractice: '60 min a week',
          feePerVisitMinor: 8000,
          description: 'Fewer visits as you do more at home.',
        },
        {
          name: 'Maintenance',
          from: '2026-06-08',
          to: null,
          cadence: '1 visit every 3 months',
          minutesPerVisit: 45,
          homePractice: 'none',
          feePerVisitMinor: 8000,
          description: 'A tune-up now and then.',
        },
      ],
      trial: {
        length: 6,
        unit: 'weeks',
        endDate: '2026-04-12',
        expectedChanges: 'Less morning stiffness and an easier time sitting for an hour.',
      },
      reviewDate: '2026-04-14',
      ifNothingChanges:
        'If nothing has changed after six weeks, we stop, look again together, and suggest someone else if that serves you better.',
      timePerWeek: 'About 2 h 45 min a week at first, then about 1 h 25 min.',
      projections: [
        { label: 'Trial period (6 weeks)', visits: '6', cost: '$270–$540' },
        { label: 'First 3 months', visits: '9', cost: '$390–$780' },
        { label: 'First year', visits: '16', cost: '$670–$1,340' },
      ],
    },
    fees: {
      currency: 'USD',
      packages: [{ name: 'Intensive six', visits: 6, priceMinor: 50000, description: 'The six intensive visits, paid ahead.' }],
      slidingScale: { minPercent: 50, maxPercent: 100, howDecided: 'You tell us what you can pay; no documents needed.' },
      fairExchangeNote: 'Ayni: today for me, tomorrow for you. Pay what reflects the care you receive and what you can give.',
      included: 'Visits, a home exercise plan, and messages between visits.',
      notIncluded: 'Imaging and lab tests.',
      cancellationPolicy: 'Please cancel 24 hours ahead; late cancellations are charged half the visit fee.',
    },
    products: {
      policy: 'optional',
      items: [
        {
          name: 'Lumbar support cushion',
          kind: 'product',
          priceMinor: 3500,
          why: 'Helps some people sit longer at work.',
          required: false,
        },
      ],
    },
    commitments: {
      practitioner: 'To listen before every adjustment, explain what I do and why, and tell you honestly if this is not helping.',
      client: 'To do the home exercises most days, tell me what helps and what hurts, and cancel a day ahead when I can.',
    },
    findings: [
      {
        key: 'timing',
        title: 'When change may show',
        level: 'talk',
        toClient: 'You hoped to feel better within two weeks; the trial period is six weeks.',
        resolution: 'We agreed to look at morning stiffness together at week three, and to give it the full six weeks.',
      },
      {
        key: 'budget',
        title: 'Cost each month',
        level: 'mismatch',
        toClient: 'About $360 a month at first, above the $250 you said you could spend.',
        resolution: 'You will use the sliding scale at 70% for the intensive phase.',
      },
      {
        key: 'time',
        title: 'Time each week',
        level: 'aligned',
        toClient: 'The time each week fits what you said you have.',
        resolution: '',
      },
      { key: 'approach', title: 'The kind of care', level: 'aligned', toClient: 'Hands-on care is what you asked for.', resolution: '' },
    ],
    goodFaithEstimate: {
      clientName: 'Maria Lopez',
      clientDateOfBirth: '1984-07-19',
      issuedOn: '2026-02-20',
      periodFrom: '2026-03-02',
      periodTo: '2026-06-07',
      provider: {
        name: 'Dr. Ana Ortiz (Ortiz & Rivera Healing Arts)',
        npi: '1234567893',
        tin: '12-3456789',
        location: '12 River Road, Springfield, IL 62701',
      },
      items: [
        {
          provider: 'Dr. Ana Ortiz',
          description: 'Chiropractic care, intensive phase: weekly visits of 60 minutes',
          serviceCodes: ['98941'],
          diagnosisCodes: ['M54.50'],
          quantity: 6,
          unitChargeMinor: 9000,
          totalMinor: 54000,
        },
        {
          provider: 'Dr. Ana Ortiz',
          description: 'Chiropractic care, consolidation phase: visits every 2 weeks of 45 minutes',
          serviceCodes: ['98940', '97110'],
          diagnosisCodes: [],
          quantity: 4,
          unitChargeMinor: 8000,
          totalMinor: 32000,
        },
      ],
      totalMinor: 86000,
      currency: 'USD',
      disclaimers: DISCLAIMERS,
    },
  };
}

const clientSigned = {
  role: 'client' as const,
  name: 'Maria Lopez',
  method: 'remote' as const,
  signedAt: new Date('2026-02-24T17:05:00Z'),
  ip: '203.0.113.24',
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 19_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.2 Mobile/15E148 Safari/604.1',
};

async function input(content: AgreementContent, over: Partial<AgreementPdfInput> = {}): Promise<AgreementPdfInput> {
  const hash = contentHash(content);
  const code = verificationCode(hash);
  const verifyUrl = `https://ayni.example/verify/${code}`;
  return {
    content,
    status: 'client_signed',
    hash,
    code,
    verifyUrl,
    qr: await qrDataUri(verifyUrl),
    locale: 'en-US',
    signatures: [clientSigned],
    events: [
      { at: new Date('2026-02-24T17:05:00Z'), action: 'agreement.client_signed', actor: 'Maria Lopez (client)', ip: '203.0.113.24' },
      { at: new Date('2026-02-20T16:30:12Z'), action: 'agreement.proposed', actor: 'Dr. Ana Ortiz', ip: '198.51.100.7' },
      { at: new Date('2026-02-21T02:10:00Z'), action: 'agreement.link_opened', actor: 'Maria Lopez (client)', ip: null },
    ],
    timeZone: 'America/Chicago',
    ...over,
  };
}

/** pdftotext keeps the page layout: compare text with all runs of white space as one space. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('qrDataUri', () => {
  it('gives an SVG data: URI, the same for the same text, with a quiet zone around a square code', async () => {
    const uri = await qrDataUri('https://ayni.example/verify/ABCD-EFGH-JKMN-PQRS');
    expect(uri).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
    expect(await qrDataUri('https://ayni.example/verify/ABCD-EFGH-JKMN-PQRS')).toBe(uri);
    const svg = Buffer.from(uri.split(',')[1], 'base64').toString('utf8');
    expect(svg).toBe(qrSvg('https://ayni.example/verify/ABCD-EFGH-JKMN-PQRS'));
    const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
    // 17 + 4 × version modules, plus 4 blank modules each side: at level M these 43 bytes need version 4 (version 3 holds 42).
    expect(size).toBe(17 + 4 * 4 + 8);
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*><rect [^>]*\/><path fill="#000" d="(M\d+ \d+h1v1h-1z)+"\/><\/svg>$/,
    );
  });

  it('encodes text beyond ASCII as UTF-8 rather than failing or dropping it', async () => {
    expect(qrSvg('https://ayni.example/verify/ñandú')).not.toBe(qrSvg('https://ayni.example/verify/nandu'));
  });
});

describe('agreementPdfModel', () => {
  it('puts dates, money and codes into words for the locale and time zone', async () => {
    const m = agreementPdfModel(await input(exampleContent()));
    expect(m.summary).toEqual({
      start: 'March 2, 2026',
      trialEnd: 'April 12, 2026',
      review: 'April 14, 2026',
      choice: 'Chiropractic care for low back pain',
    });
    expect(m.status).toBe('Signed by the client');
    expect(m.client.dateOfBirth).toBe('July 19, 1984');
    expect(m.schedule.phases.map((p) => [p.from, p.to, p.fee, p.feeRange])).toEqual([
      ['March 2, 2026', 'April 12, 2026', '$90', '$45–$90'],
      ['April 13, 2026', 'June 7, 2026', '$80', '$40–$80'],
      ['June 8, 2026', null, '$80', '$40–$80'],
    ]);
    expect(m.schedule.trial).toMatchObject({ length: '6 weeks', endDate: 'April 12, 2026' });
    expect(m.fees.packages[0].price).toBe('$500');
    expect(m.fees.sliding?.range).toBe('50%–100% of the listed fee');
    expect(m.products.optional).toEqual([
      { name: 'Lumbar support cushion', kind: 'Product', price: '$35', why: 'Helps some people sit longer at work.' },
    ]);
    expect(m.gfe?.items.map((i) => [i.serviceCodes, i.diagnosisCodes, i.quantity, i.unitCharge, i.total])).toEqual([
      ['98941', 'M54.50', '6', '$90', '$540'],
      ['98940, 97110', '—', '4', '$80', '$320'],
    ]);
    expect(m.gfe).toMatchObject({
      total: '$860',
      clientDateOfBirth: 'July 19, 1984',
      issuedOn: 'February 20, 2026',
      periodTo: 'June 7, 2026',
    });
  });

  it('marks the chosen option, words kinds and levels, and shows each party signed or not', async () => {
    const m = agreementPdfModel(await input(exampleContent()));
    expect(m.options.map((o) => [o.number, o.kind, o.chosen])).toEqual([
      [1, 'What this practice offers', true],
      [2, null, false], // its title says it already
      [3, 'Referral', false],
    ]);
    expect(m.choice).toMatchObject({ number: 1, title: 'Chiropractic care for low back pain' });
    expect(m.findings.map((f) => f.level)).toEqual(['We talked it through', 'Did not fit at first', 'Aligned', 'Aligned']);
    expect(m.story.goals[1]).toEqual({ text: 'Sit through a whole work meeting', understood: 'Sit for an hour with little or no pain' });
    expect(m.signatures[0]).toMatchObject({
      role: 'Client',
      party: 'Maria Lopez',
      signed: {
        name: 'Maria Lopez',
        method: 'Signed online, by typing their name',
        at: 'February 24, 2026 at 11:05 AM CST',
        ip: '203.0.113.24',
      },
    });
    expect(m.signatures[1]).toEqual({ role: 'Practitioner', party: 'Dr. Ana Ortiz', signed: null });
  });

  it('lists events in time order, in words, in the practice’s time zone', async () => {
    const m = agreementPdfModel(await input(exampleContent()));
    expect(m.events).toEqual([
      { at: 'Feb 20, 2026, 10:30:12 AM CST', action: 'Proposed to the client', actor: 'Dr. Ana Ortiz', ip: '198.51.100.7' },
      { at: 'Feb 20, 2026, 8:10:00 PM CST', action: 'Link opened', actor: 'Maria Lopez (client)', ip: '—' },
      { at: 'Feb 24, 2026, 11:05:00 AM CST', action: 'Signed by the client', actor: 'Maria Lopez (client)', ip: '203.0.113.24' },
    ]);
  });

  it('formats for other locales: day before month, euros', async () => {
    const content = { ...exampleContent(), goodFaithEstimate: null, fees: { ...exampleContent().fees, currency: 'EUR' } };
    const m = agreementPdfModel(await input(content, { locale: 'de-DE', timeZone: 'Europe/Berlin' }));
    expect(m.summary.trialEnd).toBe('12. April 2026');
    expect(m.schedule.phases[0].fee).toBe('90\u00a0€');
    expect(m.gfe).toBeNull();
  });
});

const executablePath = findChromium(process.env.CHROMIUM_PATH);

describe('the printed care agreement (real Chromium)', () => {
  jest.setTimeout(60_000);
  const config = {
    chromiumPath: executablePath,
    pdf: { pages: 1, queueLimit: 8, renderTimeoutMs: 30_000, recycleAfter: 1000, maxBrowserMb: 4096 },
  } as AppConfig;
  // Local rendering: no worker link, no job queue.
  const pdf = new PdfService(
    config,
    {} as Transactions,
    {} as PdfDocumentsRepository,
    { enabled: false } as PdfViaWorker,
    {
      handle: () => undefined,
    } as unknown as JobQueue,
  );
  afterAll(() => pdf.onApplicationShutdown());

  const print = async (data: AgreementPdfInput, paper: 'letter' | 'a4' = 'letter') => {
    const bytes = await pdf.render('agreement', agreementPdfModel(data), {
      paper,
      language: data.locale,
      title: `Care agreement · ${data.content.client.name}`,
      documentId: data.code,
      issuer: data.content.practice.name,
    });
    // AGREEMENT_PDF=/tmp/agreement.pdf keeps a copy to look at.
    if (process.env.AGREEMENT_PDF) writeFileSync(process.env.AGREEMENT_PDF.replace(/\.pdf$/, `-${paper}.pdf`), bytes);
    return bytes;
  };

  it('needs a Chromium to test with', () => {
    expect(executablePath).toBeDefined();
  });

  it('prints every part: story, dates, costs, verification, the Good Faith Estimate, signatures and events', async () => {
    const data = await input(exampleContent());
    const bytes = await print(data);
    const text = pdfText(bytes);
    const flatText = flat(text);
    expect(pdfPages(bytes)).toBeGreaterThanOrEqual(6);
    expect(text).toMatch(/Page 1 of \d+/);
    expect(text).toContain(`Document ${data.code}`);
    expect(text).toContain('Ortiz & Rivera Healing Arts');

    // The cover, and the verification box: the hash in full, the code and the address.
    expect(flatText).toContain('Care agreement');
    expect(text).toContain(data.hash);
    expect(text.split(data.hash).length - 1).toBe(2); // on the cover and the audit page
    expect(text).toContain(data.code);
    expect(text).toContain(data.verifyUrl);
    expect(flatText).toContain('Status Signed by the client');

    // The client's words, the dates and the costs.
    expect(flatText).toContain('Some mornings I can barely tie my shoes.');
    expect(flatText).toContain('Lift my granddaughter without pain');
    expect(flatText).toContain('Carry a small child comfortably for a few minutes');
    expect(flatText).toContain('You confirmed that this is what you meant.');
    expect(flatText).toContain('Trial period ends April 12, 2026');
    expect(flatText).toContain('It ends on April 12, 2026');
    expect(flatText).toContain('From June 8, 2026,');
    for (const cost of ['$270–$540', '$390–$780', '$670–$1,340', '$500', '$35']) expect(flatText).toContain(cost);
    expect(flatText).toContain('Your choice');
    expect(flatText).toContain('Please cancel 24 hours ahead; late cancellations are charged half the visit fee.');
    expect(flatText).toContain('We agreed to look at morning stiffness');
    expect(flatText).toContain('Your right to pause or stop');

    // Every element of the Good Faith Estimate, and every disclaimer as written.
    const gfe = flat(text.slice(text.indexOf('Good Faith Estimate\n')));
    for (const element of [
      'Maria Lopez',
      'July 19, 1984',
      'February 20, 2026',
      'March 2, 2026 to June 7, 2026',
      'Dr. Ana Ortiz (Ortiz & Rivera Healing Arts)',
      '1234567893',
      '12-3456789',
      '12 River Road, Springfield, IL 62701',
      '98941',
      '98940',
      '97110',
      'M54.50',
      '—',
      '$540',
      '$320',
      '$860',
    ])
      expect(gfe).toContain(element);
    for (const disclaimer of DISCLAIMERS) expect(gfe).toContain(disclaimer);

    // Signed by the client online; blank lines for the practitioner to sign in ink.
    const signatures = flat(text.slice(text.lastIndexOf('Signatures')));
    expect(signatures).toContain('Signed online, by typing their name');
    expect(signatures).toContain('February 24, 2026 at 11:05 AM CST');
    expect(signatures).toMatch(/Practitioner: Dr\. Ana Ortiz Signature Printed name Date/);

    // The record of events.
    const audit = flat(text.slice(text.lastIndexOf('Record of events')));
    expect(audit).toContain('Proposed to the client');
    expect(audit).toContain('Feb 24, 2026, 11:05:00 AM CST');
    expect(audit).toContain('203.0.113.24');
    expect(audit).toContain(data.hash);
  });

  it('prints no Good Faith Estimate when there is none, on A4, with both parties to sign in ink', async () => {
    const content: AgreementContent = {
      ...exampleContent(),
      goodFaithEstimate: null,
      fees: { ...exampleContent().fees, currency: 'EUR' },
    };
    const data = await input(content, { locale: 'en-GB', timeZone: 'Europe/London', status: 'proposed', signatures: [] });
    const bytes = await print(data, 'a4');
    const text = pdfText(bytes);
    expect(text).not.toContain('Good Faith Estimate');
    expect(text).not.toContain('NPI');
    expect(flat(text)).toContain('12 April 2026');
    expect(flat(text)).toContain('€90');
    expect(text).toContain(data.hash);
    expect(flat(text)).toMatch(
      /Client: Maria Lopez Signature Printed name Date .*Practitioner: Dr\. Ana Ortiz Signature Printed name Date/,
    );
  });
});
