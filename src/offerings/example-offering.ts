import type { OfferingContent, OfferingDraft } from './offering-content';

/**
 * A complete example offering, used by tests and the PDF benchmark: Intensive weekly for 6 weeks → Consolidation every 2 weeks for 8 weeks →
 * Maintenance every 3 months, ongoing; a 6-week trial period; fees in US dollars.
 */
export function exampleDraft(practitionerIds: string[]): OfferingDraft {
  return {
    title: 'Chiropractic care for low back pain',
    modality: 'chiropractic',
    practitionerIds,
    summary: 'Gentle adjustments, movement and daily habits to ease low back pain and keep it away.',
    howWeWork:
      'We start by listening to your story and how pain shapes your days. Together we decide what to try, and we adjust as you tell us what helps.',
    trialPeriod: {
      length: 6,
      unit: 'weeks',
      expectedChanges: 'Less morning stiffness and an easier time sitting for an hour.',
      ifNothingChanges: ['reassess', 'refer'],
      ifNothingChangesNote:
        'If nothing has changed after six weeks, we stop, look again together, and suggest someone else if that serves you better.',
    },
    careArc: [
      {
        name: 'Intensive',
        visits: 1,
        every: 1,
        per: 'week',
        lengthWeeks: 6,
        minutesPerVisit: 60,
        homePracticeMinutes: 15,
        homePracticePer: 'day',
        description: 'Weekly visits while we find what helps.',
        feePerVisitMinor: 9000,
        serviceCodes: ['98941'],
      },
      {
        name: 'Consolidation',
        visits: 1,
        every: 2,
        per: 'week',
        lengthWeeks: 8,
        minutesPerVisit: 45,
        homePracticeMinutes: 60,
        homePracticePer: 'week',
        description: 'Fewer visits as you do more at home.',
        feePerVisitMinor: 8000,
        serviceCodes: ['98941'],
      },
      {
        name: 'Maintenance',
        visits: 1,
        every: 3,
        per: 'month',
        lengthWeeks: null,
        minutesPerVisit: 45,
        homePracticeMinutes: 0,
        homePracticePer: 'week',
        description: 'A tune-up now and then.',
        feePerVisitMinor: 8000,
        serviceCodes: ['98940'],
      },
    ],
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
    alternatives: [
      {
        kind: 'watchful_waiting',
        title: 'Waiting and watching',
        description: 'Most low back pain eases within weeks on its own.',
        whenBetter: 'If your pain is mild and improving.',
      },
      {
        kind: 'referral',
        title: 'Physical therapy',
        description: 'Exercise-led care with a physical therapist.',
        whenBetter: 'If you prefer active exercise to hands-on care.',
      },
    ],
    estimate: { npi: '1234567893', tin: '12-3456789', serviceLocation: '12 River Road, Springfield' },
  };
}

export const exampleContent = (practitionerIds: string[]): OfferingContent => exampleDraft(practitionerIds) as OfferingContent;
