import { exampleContent } from '../offerings/example-offering';
import type { OfferingContent } from '../offerings/offering-content';
import type { AgreementContent } from './agreement-content';
import { agreementsDiffer, describeAgreementChanges, EXCERPT_CHARS, excerpt } from './agreement-diff';
import { exampleInput } from './example-agreement';
import { buildAgreementContent, type AgreementInput } from './snapshot';

const EXAMPLE = exampleContent([]);
const REASONS = 'I would like to try hands-on care first, because exercise alone has not helped me keep going.';

/**
 * The example agreement as it stands when signed (the choice, its reasons and how each finding was
 * resolved are filled in): Intensive weekly 6 weeks at $90 from March 3, 2025, Consolidation every 2
 * weeks 8 weeks at $80, Maintenance every 3 months at $80; a 6-week trial reviewed April 14, 2025.
 */
function signed(input: Partial<AgreementInput> = {}, offering: Partial<OfferingContent> = {}): AgreementContent {
  const base = exampleInput(input);
  const content = buildAgreementContent({ ...base, offeringVersion: { ...base.offeringVersion, content: { ...EXAMPLE, ...offering } } });
  content.choice.reasons = REASONS;
  content.findings[0].resolution = 'We agreed to check in at week 4.';
  content.findings[1].resolution = 'Rosa pays 60% of the listed fee on the sliding scale.';
  return content;
}

const BEFORE = signed();
/** The signed agreement with one thing changed. */
const amended = (change: (c: AgreementContent) => void, before = BEFORE) => {
  const after = structuredClone(before);
  change(after);
  return after;
};
const phase = (c: AgreementContent, name: string) => c.schedule.phases.find((p) => p.name === name)!;
const NBSP = '\u00a0';

describe('describeAgreementChanges', () => {
  it('finds nothing when nothing changed', () => {
    expect(describeAgreementChanges(BEFORE, BEFORE)).toEqual([]);
    expect(describeAgreementChanges(BEFORE, structuredClone(BEFORE))).toEqual([]);
    expect(describeAgreementChanges(BEFORE, signed())).toEqual([]); // the same snapshot, taken again
    expect(agreementsDiffer(BEFORE, structuredClone(BEFORE))).toBe(false);
  });

  it('ignores what only the system reads: ids and the offering version', () => {
    const after = amended((c) => {
      c.practitioner.id = '11111111-1111-4111-8111-111111111111';
      c.offering.id = '22222222-2222-4222-8222-222222222222';
      c.offering.versionId = '33333333-3333-4333-8333-333333333333';
      c.offering.version = 4;
    });
    expect(describeAgreementChanges(BEFORE, after)).toEqual([]);
    expect(agreementsDiffer(BEFORE, after)).toBe(false);
  });

  describe('the schedule', () => {
    it.each<[string, (c: AgreementContent) => void, string[]]>([
      ['a cadence', (c) => (phase(c, 'Intensive').cadence = 'Every 2 weeks'), ['Visits (Intensive): weekly → every 2 weeks']],
      ['minutes per visit', (c) => (phase(c, 'Intensive').minutesPerVisit = 45), ['Minutes per visit (Intensive): 60 → 45']],
      [
        'home practice',
        (c) => (phase(c, 'Intensive').homePractice = '10 min a day at home'),
        ['Home practice (Intensive): 15 min a day → 10 min a day'],
      ],
      [
        'home practice where there was none',
        (c) => (phase(c, 'Maintenance').homePractice = '5 min a day at home'),
        ['Home practice (Maintenance): none → 5 min a day'],
      ],
      ['a fee', (c) => (phase(c, 'Consolidation').feePerVisitMinor = 8500), ['Fee per visit (Consolidation): $80 → $85']],
      ['a fee with cents', (c) => (phase(c, 'Intensive').feePerVisitMinor = 9050), ['Fee per visit (Intensive): $90 → $90.50']],
      [
        'what a phase is',
        (c) => (phase(c, 'Intensive').description = 'Weekly visits, and a short call after the first.'),
        ['About this phase (Intensive): “Weekly visits while we find what helps.” → “Weekly visits, and a short call after the first.”'],
      ],
      [
        'a phase renamed (matched by its place)',
        (c) => (c.schedule.phases[0].name = 'Getting started'),
        ['Phase renamed: Intensive → Getting started'],
      ],
      [
        'a renamed phase that also changed',
        (c) => Object.assign(c.schedule.phases[0], { name: 'Getting started', minutesPerVisit: 50 }),
        ['Phase renamed: Intensive → Getting started', 'Minutes per visit (Getting started): 60 → 50'],
      ],
      ['a phase removed', (c) => c.schedule.phases.pop(), ['Phase removed: Maintenance (every 3 months)']],
      [
        'a phase moved without anything else changing',
        (c) => Object.assign(phase(c, 'Consolidation'), { from: '2025-04-21', to: '2025-06-15' }),
        ['Dates (Consolidation): April 14, 2025 – June 8, 2025 → April 21, 2025 – June 15, 2025'],
      ],
      [
        'the phases in another order',
        (c) => c.schedule.phases.reverse(),
        ['Phase order: Intensive, Consolidation, Maintenance → Maintenance, Consolidation, Intensive'],
      ],
      ['the review', (c) => (c.schedule.reviewDate = '2025-05-12'), ['Next review: April 14, 2025 → May 12, 2025']],
      [
        'the end of the trial, apart from the review',
        (c) => (c.schedule.trial.endDate = '2025-04-21'),
        ['Trial period ends: April 14, 2025 → April 21, 2025'],
      ],
      [
        'what to notice',
        (c) => (c.schedule.trial.expectedChanges = 'Less stiffness in the morning.'),
        [
          'What you may notice by the end of the trial: “Less morning stiffness and an easier time sitting for an hour.” → “Less stiffness in the morning.”',
        ],
      ],
    ])('%s', (_, change, lines) => {
      const after = amended(change);
      expect(describeAgreementChanges(BEFORE, after)).toEqual(lines);
      expect(agreementsDiffer(BEFORE, after)).toBe(true);
    });

    it('tells a phase added, with its cadence, length and fee', () => {
      const withoutMaintenance = amended((c) => c.schedule.phases.pop());
      expect(describeAgreementChanges(withoutMaintenance, BEFORE)).toEqual(['Phase added: Maintenance (every 3 months, $80 a visit)']);
      const withoutConsolidation = amended((c) => c.schedule.phases.splice(1, 1));
      expect(describeAgreementChanges(withoutConsolidation, BEFORE)).toEqual([
        'Phase added: Consolidation (every 2 weeks for 8 weeks, $80 a visit)',
      ]);
    });

    // Amendments taken as fresh snapshots: what follows from a change (the dates in the commitments
    // and options, the cost projections) is not told again.
    it('tells a new start date, and the review and estimate that move with it, once', () => {
      expect(describeAgreementChanges(BEFORE, signed({ startDate: '2025-03-10' }))).toEqual([
        'Start date: March 3, 2025 → March 10, 2025',
        'Next review: April 14, 2025 → April 21, 2025',
        'Good Faith Estimate period: March 3, 2025 – March 1, 2026 → March 10, 2025 – March 8, 2026',
      ]);
    });

    it('tells a longer phase by its length; the phases after it simply follow', () => {
      const careArc = EXAMPLE.careArc.map((p) => (p.name === 'Intensive' ? { ...p, lengthWeeks: 8 } : p));
      expect(describeAgreementChanges(BEFORE, signed({}, { careArc }))).toEqual([
        'Length (Intensive): 6 weeks → 8 weeks',
        'What it involves (Chiropractic care for low back pain): changed — “…of home practice, for 8 weeks; then Consolidation: every 2 weeks, 45 minutes a…”',
        'Time and cost (Chiropractic care for low back pain): changed — “…scale; first 3 months: 11 visits, $480–$960 on the sliding scale. Time: about…”',
        'Good Faith Estimate total: $1,100 → $1,280',
      ]);
    });

    it('tells a longer trial period', () => {
      const trialPeriod = { ...EXAMPLE.trialPeriod, length: 8 };
      expect(describeAgreementChanges(BEFORE, signed({}, { trialPeriod }))).toEqual([
        'Trial period: 6 weeks → 8 weeks',
        'Next review: April 14, 2025 → April 28, 2025',
        'Likely benefits (Chiropractic care for low back pain): changed — “…of the trial period (8 weeks) you may notice: “Less morning stiffness and an…”',
        'How sure we can be (Chiropractic care for low back pain): changed — “…of the trial period (8 weeks) you should both be able to tell whether it is…”',
        'Time and cost (Chiropractic care for low back pain): changed — “Trial period (8 weeks): 7 visits, $310–$620 on the sliding scale; first 3…”',
      ]);
    });

    it('tells what follows from the phases when nothing it follows from changed', () => {
      const after = amended((c) => {
        c.schedule.timePerWeek = 'About 3 h a week during Intensive.';
        c.schedule.projections[1].cost = '$450–$900 on the sliding scale';
      });
      expect(describeAgreementChanges(BEFORE, after)).toEqual([
        'Time each week: changed — “About 3 h a week during Intensive.”',
        'First 3 months: 10 visits, $430–$860 on the sliding scale → 10 visits, $450–$900 on the sliding scale',
      ]);
      const withFee = amended((c) => {
        c.schedule.projections[1].cost = '$450–$900 on the sliding scale';
        phase(c, 'Intensive').feePerVisitMinor = 9500;
      });
      expect(describeAgreementChanges(BEFORE, withFee)).toEqual(['Fee per visit (Intensive): $90 → $95']);
    });
  });

  describe('money', () => {
    it.each<[string, (c: AgreementContent) => void, string[]]>([
      ['the sliding scale', (c) => (c.fees.slidingScale!.minPercent = 40), ['Sliding scale: 50–100% → 40–100%']],
      [
        'no sliding scale any more',
        (c) => (c.fees.slidingScale = null),
        ['Sliding scale: 50–100% → none', 'How the sliding scale is decided: “You tell us what you can pay; no documents needed.” → —'],
      ],
      ['a package’s price', (c) => (c.fees.packages[0].priceMinor = 45000), ['Package (Intensive six): 6 visits, $500 → 6 visits, $450']],
      [
        'a package added',
        (c) => c.fees.packages.push({ name: 'Consolidation four', visits: 4, priceMinor: 30000, description: '' }),
        ['Package added: Consolidation four (4 visits, $300)'],
      ],
      ['a package removed', (c) => (c.fees.packages = []), ['Package removed: Intensive six']],
      [
        'the cancellation policy',
        (c) => (c.fees.cancellationPolicy = 'Please cancel 48 hours ahead; late cancellations are charged the full visit fee.'),
        [
          'Cancellation policy: “Please cancel 24 hours ahead; late cancellations are charged half the visit fee.” → “Please cancel 48 hours ahead; late cancellations are charged the full visit fee.”',
        ],
      ],
      ['what is not included', (c) => (c.fees.notIncluded = 'Imaging.'), ['Not included: “Imaging and lab tests.” → “Imaging.”']],
      ['the products policy', (c) => (c.products.policy = 'required'), ['Products and tests: optional → required']],
      [
        'a product added',
        (c) => c.products.items.push({ name: 'Foam roller', kind: 'product', priceMinor: 2500, why: '', required: false }),
        ['Products: Foam roller added (optional, $25)'],
      ],
      [
        'a test added',
        (c) => c.products.items.push({ name: 'Posture scan', kind: 'test', priceMinor: 12000, why: '', required: true }),
        ['Tests: Posture scan added (required, $120)'],
      ],
      [
        'a product’s price and whether it is required',
        (c) => Object.assign(c.products.items[0], { priceMinor: 4000, required: true }),
        ['Products: Lumbar support cushion: optional, $35 → required, $40'],
      ],
      ['a product removed', (c) => (c.products.items = []), ['Products: Lumbar support cushion removed']],
    ])('%s', (_, change, lines) => {
      expect(describeAgreementChanges(BEFORE, amended(change))).toEqual(lines);
    });

    it('shows every amount in its own currency when the currency changes', () => {
      const after = amended((c) => (c.fees.currency = 'EUR'));
      expect(describeAgreementChanges(BEFORE, after)).toEqual([
        'Fee per visit (Intensive): $90 → €90',
        'Fee per visit (Consolidation): $80 → €80',
        'Fee per visit (Maintenance): $80 → €80',
        'Currency: USD → EUR',
        'Package (Intensive six): 6 visits, $500 → 6 visits, €500',
        'Products: Lumbar support cushion: optional, $35 → optional, €35',
      ]);
    });
  });

  describe('the options and the choice', () => {
    const NEW_REASONS =
      'Waiting feels right for now: my back has been easing since I changed my desk, and I would rather see how far that goes.';
    it.each<[string, (c: AgreementContent) => void, string[]]>([
      ['the chosen option', (c) => (c.choice.option = 1), ['Chosen option: Chiropractic care for low back pain → Waiting and watching']],
      ['short reasons, quoted in full', (c) => (c.choice.reasons = 'I want to try it.'), [`Your reasons: changed — “I want to try it.”`]],
      [
        'long reasons, with the start of the new ones',
        (c) => (c.choice.reasons = NEW_REASONS),
        ['Your reasons: changed — “Waiting feels right for now: my back has been easing since I changed my desk…”'],
      ],
      [
        'reasons changed further on, with the words around the change',
        (c) => (c.choice.reasons = REASONS.replace('keep going.', 'keep going, and my GP agrees with trying it for six weeks first.')),
        ['Your reasons: changed — “…has not helped me keep going, and my GP agrees with trying it for six weeks…”'],
      ],
      ['an option renamed', (c) => (c.options[2].title = 'Physiotherapy'), ['Option renamed: Physical therapy → Physiotherapy']],
      [
        'what an option involves',
        (c) => (c.options[2].involves = 'Exercise-led care with a physical therapist near you.'),
        ['What it involves (Physical therapy): changed — “Exercise-led care with a physical therapist near you.”'],
      ],
      ['an option removed', (c) => c.options.pop(), ['Option removed: Physical therapy']],
      [
        'an option added',
        (c) => c.options.push({ ...c.options[2], kind: 'other_modality', title: 'Acupuncture' }),
        ['Option added: Acupuncture'],
      ],
      [
        'the kind of an option',
        (c) => (c.options[2].kind = 'other_approach'),
        ['Kind of option (Physical therapy): Referral → Another approach'],
      ],
    ])('%s', (_, change, lines) => {
      expect(describeAgreementChanges(BEFORE, amended(change))).toEqual(lines);
    });
  });

  describe('the rest', () => {
    it.each<[string, (c: AgreementContent) => void, string[]]>([
      [
        'the care offered',
        (c) => (c.offering.title = 'Chiropractic care'),
        ['Care offered: “Chiropractic care for low back pain” → “Chiropractic care”'],
      ],
      ['the practitioner', (c) => (c.practitioner.name = 'Dr. Ana Ruiz Quispe'), ['Practitioner: Dr. Ana Ruiz → Dr. Ana Ruiz Quispe']],
      ['the practice’s phone', (c) => (c.practice.phone = '+1 217 555 0199'), ['Practice phone: +1 217 555 0142 → +1 217 555 0199']],
      ['the client’s email', (c) => (c.client.email = null), ['Your email: rosa.mamani@example.com → none']],
      ['the client’s date of birth', (c) => (c.client.dateOfBirth = '1961-07-15'), ['Your date of birth: July 14, 1961 → July 15, 1961']],
      [
        'a goal added',
        (c) => c.story.goals.push({ id: 'goals.4', text: 'Walk to the market and back' }),
        ['Goal added: “Walk to the market and back”'],
      ],
      ['a goal removed', (c) => c.story.goals.pop(), ['Goal removed: “Sleep through the night”']],
      [
        'a goal reworded',
        (c) => (c.story.goals[2].text = 'Sleep through the night without waking'),
        ['Your goal: “Sleep through the night” → “Sleep through the night without waking”'],
      ],
      [
        'a goal as we heard it',
        (c) => (c.reflection.goals['goals.3'] = 'Nights without waking.'),
        ['Your goal in our words (Sleep through the night): “Restful nights.” → “Nights without waking.”'],
      ],
      [
        'the reflection no longer confirmed',
        (c) => Object.assign(c.reflection, { confirmed: false, note: 'Rosa was travelling and will confirm at the next visit.' }),
        [
          'You confirmed what we heard: yes → no',
          'Why we go ahead before you confirmed what we heard: — → “Rosa was travelling and will confirm at the next visit.”',
        ],
      ],
      [
        'the client’s commitments',
        (c) =>
          (c.commitments.client = c.commitments.client.replace('coming to the visits agreed', 'coming to the visits we agree each month')),
        ['Your commitments: changed — “You commit to coming to the visits we agree each month, or cancelling as the…”'],
      ],
      [
        'how a finding was resolved',
        (c) => (c.findings[1].resolution = 'Rosa pays 70% of the listed fee.'),
        ['What we agreed (Cost each month): “Rosa pays 60% of the listed fee on the sliding scale.” → “Rosa pays 70% of the listed fee.”'],
      ],
      [
        'how a finding fits',
        (c) => (c.findings[0].level = 'aligned'),
        ['How it fits (When change may show): We talked it through → Aligned'],
      ],
      ['a finding removed', (c) => c.findings.pop(), ['Point to talk about removed: Cost each month']],
      ['the Good Faith Estimate total', (c) => (c.goodFaithEstimate!.totalMinor = 128000), ['Good Faith Estimate total: $1,100 → $1,280']],
      ['the Good Faith Estimate dropped', (c) => (c.goodFaithEstimate = null), ['Good Faith Estimate removed']],
      [
        'the provider’s NPI',
        (c) => (c.goodFaithEstimate!.provider.npi = '1234567894'),
        ['Good Faith Estimate NPI: 1234567893 → 1234567894'],
      ],
      // Nothing has its own line for the estimate's notices: still never silent.
      ['only the estimate’s notices', (c) => c.goodFaithEstimate!.disclaimers.pop(), ['Other details changed']],
    ])('%s', (_, change, lines) => {
      expect(describeAgreementChanges(BEFORE, amended(change))).toEqual(lines);
    });

    it('tells a finding added, with what was agreed', () => {
      const before = amended((c) => c.findings.pop());
      expect(describeAgreementChanges(before, BEFORE)).toEqual([
        'Point to talk about added: Cost each month',
        'What we agreed (Cost each month): — → “Rosa pays 60% of the listed fee on the sliding scale.”',
      ]);
    });

    it('tells a Good Faith Estimate added, with its total', () => {
      const before = amended((c) => (c.goodFaithEstimate = null));
      expect(describeAgreementChanges(before, BEFORE)).toEqual(['Good Faith Estimate added: $1,100 in total']);
    });
  });

  it('puts schedule and money first, then the options and the choice, then the rest, whatever was changed first', () => {
    const after = amended((c) => {
      c.goodFaithEstimate!.totalMinor = 112000;
      c.findings[1].resolution = 'Rosa pays 70% of the listed fee.';
      c.commitments.practitioner = 'Dr. Ana Ruiz will see you every week and call after each visit.';
      c.choice.reasons = 'I want to try it.';
      c.choice.option = 2;
      c.products.items[0].priceMinor = 3000;
      c.fees.slidingScale!.minPercent = 40;
      c.schedule.reviewDate = '2025-04-21';
      phase(c, 'Maintenance').feePerVisitMinor = 8500;
      phase(c, 'Consolidation').cadence = 'Every 3 weeks';
      c.schedule.startDate = '2025-03-10';
    });
    expect(describeAgreementChanges(BEFORE, after)).toEqual([
      'Start date: March 3, 2025 → March 10, 2025',
      'Visits (Consolidation): every 2 weeks → every 3 weeks',
      'Fee per visit (Maintenance): $80 → $85',
      'Next review: April 14, 2025 → April 21, 2025',
      'Sliding scale: 50–100% → 40–100%',
      'Products: Lumbar support cushion: optional, $35 → optional, $30',
      'Chosen option: Chiropractic care for low back pain → Physical therapy',
      'Your reasons: changed — “I want to try it.”',
      'Dr. Ana Ruiz’s commitments: changed — “Dr. Ana Ruiz will see you every week and call after each visit.”',
      'What we agreed (Cost each month): “Rosa pays 60% of the listed fee on the sliding scale.” → “Rosa pays 70% of the listed fee.”',
      'Good Faith Estimate total: $1,100 → $1,120',
    ]);
  });

  describe('in the practice’s locale', () => {
    it.each([
      ['en-GB', 'Start date: 3 March 2025 → 10 March 2025', 'Next review: 14 April 2025 → 21 April 2025', 'US$80 → US$85'],
      ['de-DE', 'Start date: 3. März 2025 → 10. März 2025', 'Next review: 14. April 2025 → 21. April 2025', `80${NBSP}$ → 85${NBSP}$`],
    ])('%s writes dates and money its own way', (locale, start, review, fee) => {
      const practice = { ...exampleInput().practice, locale };
      const before = signed({ practice });
      const after = amended((c) => (phase(c, 'Consolidation').feePerVisitMinor = 8500), signed({ practice, startDate: '2025-03-10' }));
      const lines = describeAgreementChanges(before, after, locale);
      // The dates written into the commitments, options and the trial's "if nothing changes" move with the start: not told again.
      expect(lines).toEqual([
        start,
        `Fee per visit (Consolidation): ${fee}`,
        review,
        expect.stringMatching(/^Good Faith Estimate period: /),
      ]);
    });

    it('writes euros as Germans do', () => {
      const eur = amended((c) => (c.fees.currency = 'EUR'));
      const after = amended((c) => (c.schedule.phases[0].feePerVisitMinor = 9550), eur);
      expect(describeAgreementChanges(eur, after, 'de-DE')).toEqual([`Fee per visit (Intensive): 90${NBSP}€ → 95,50${NBSP}€`]);
    });

    it('does not read "3 March 2025" inside "13 March 2025"', () => {
      const gb = signed({ practice: { ...exampleInput().practice, locale: 'en-GB' } });
      const before = amended((c) => (c.commitments.client = 'We start on 3 March 2025 and meet again on 13 March 2025.'), gb);
      const after = amended((c) => {
        c.commitments.client = 'We start on 10 March 2025 and meet again on 13 March 2025.';
        c.schedule.startDate = '2025-03-10';
      }, before);
      expect(describeAgreementChanges(before, after, 'en-GB')).toEqual(['Start date: 3 March 2025 → 10 March 2025']);
    });
  });
});

describe('excerpt', () => {
  it.each([
    ['short text, whole', 'Short and sweet.', 0, 'Short and sweet.'],
    ['long text, cut at a word', 'word '.repeat(30), 0, `${'word '.repeat(16).trim()}…`],
    ['long text, cut in a long word', 'x'.repeat(100), 0, `${'x'.repeat(79)}…`],
    ['a change near the start: from the start', `Some ${'word '.repeat(30)}`, 5, `Some ${'word '.repeat(15).trim()}…`],
    [
      'a change further on: the words around it',
      `${'a '.repeat(60)}CHANGE here ${'b '.repeat(30)}`,
      120,
      `…${'a '.repeat(10)}CHANGE here ${'b '.repeat(23).trim()}…`,
    ],
    ['a change at the end: enough before it', `${'a '.repeat(60)}END`, 120, `…${'a '.repeat(38)}END`],
  ])('%s', (_, text, from, expected) => {
    const got = excerpt(text, EXCERPT_CHARS, from);
    expect(got).toBe(expected);
    expect([...got].length).toBeLessThanOrEqual(EXCERPT_CHARS);
  });
});

describe('describeAgreementChanges in the client’s language', () => {
  const es = { language: 'es' as const, locale: 'es-US' };
  /** Consolidation from every 2 weeks to every 4, as a review that lightens the cadence writes it. */
  const lighter = amended((c) => {
    phase(c, 'Consolidation').cadence = 'Every 4 weeks';
    const i = c.schedule.phases.findIndex((p) => p.name === 'Consolidation');
    c.careArc![i] = { ...c.careArc![i], every: 4 };
  });

  it('writes a cadence change in Spanish, from the recorded care arc', () => {
    expect(describeAgreementChanges(BEFORE, lighter)).toEqual(['Visits (Consolidation): every 2 weeks → every 4 weeks']);
    expect(describeAgreementChanges(BEFORE, lighter, es)).toEqual(['Visitas (Consolidation): cada 2 semanas → cada 4 semanas']);
  });

  it('writes a review date in Spanish, in es-US', () => {
    const after = amended((c) => (c.schedule.reviewDate = c.schedule.trial.endDate = '2025-04-21'));
    expect(describeAgreementChanges(BEFORE, after, es)).toEqual(['Próxima revisión: 14 de abril de 2025 → 21 de abril de 2025']);
  });

  it('says other details changed, in Spanish', () => {
    const after = amended((c) => ((c as unknown as Record<string, unknown>).extra = 'x'));
    expect(describeAgreementChanges(BEFORE, after)).toEqual(['Other details changed']);
    expect(describeAgreementChanges(BEFORE, after, es)).toEqual(['Cambiaron otros detalles']);
  });

  it('keeps what people wrote as written, and tells only that it changed when the words are not shown', () => {
    const after = amended((c) => (c.choice.reasons = 'Mornings suit me better.'));
    expect(describeAgreementChanges(BEFORE, after, es)).toEqual(['Sus razones: cambió — “Mornings suit me better.”']);
    expect(describeAgreementChanges(BEFORE, after, { ...es, quoteWords: false })).toEqual(['Sus razones: cambió']);
    expect(describeAgreementChanges(BEFORE, after, { quoteWords: false })).toEqual(['Your reasons changed']);
  });

  it('writes yes and no and value words in Spanish', () => {
    const after = amended((c) => {
      c.reflection.confirmed = !c.reflection.confirmed;
      c.client.email = null;
    });
    const lines = describeAgreementChanges(
      amended((c) => (c.client.email = 'rosa@example.com')),
      after,
      es,
    );
    expect(lines).toContain(`Usted confirmó lo que escuchamos: ${BEFORE.reflection.confirmed ? 'sí → no' : 'no → sí'}`);
    expect(lines).toContain('Su correo electrónico: rosa@example.com → ninguno');
  });
});
