import type { Finding } from '../alignment/expectations';
import type { Answers } from '../intake/template';
import { exampleContent } from '../offerings/example-offering';
import type { AgreementInput } from './snapshot';

/**
 * A realistic agreement input for tests: a client with low back pain who pays for herself, a US
 * practice, and the example offering (6-week trial; Intensive weekly for 6 weeks at $90,
 * Consolidation every 2 weeks for 8 weeks at $80, Maintenance every 3 months at $80; 50–100% sliding scale).
 */
export const EXAMPLE_STORY =
  'For about two years my lower back has hurt most mornings. It started after I moved house and carried far too many boxes. ' +
  'I work at a desk, and by the afternoon I can barely sit still; I stand up every twenty minutes. ' +
  'I tried painkillers, which helped a little but upset my stomach, and a yoga class that I enjoyed but could not keep up with. ' +
  'My GP said there is nothing serious to find and suggested I stay active. ' +
  'What matters most to me is picking up my granddaughter without thinking twice, and sleeping through the night again. ' +
  'I would also like to understand what I can do myself, so that I am not dependent on visits forever.';

export const exampleAnswers = (over: Answers = {}): Answers => ({
  'about.name': 'Rosa Mamani',
  'about.email': 'rosa.mamani@example.com',
  'about.date_of_birth': '1961-07-14',
  'story.text': EXAMPLE_STORY,
  'goals.1': 'Pick up my granddaughter without pain',
  'goals.2': 'Sit through a whole afternoon at work',
  'goals.3': 'Sleep through the night',
  'support.people': 'My husband Luis drives me to appointments; my daughter calls every evening.',
  'expectations.notice_within': 'weeks',
  'expectations.notice_within_amount': 4,
  'expectations.monthly_budget': 250,
  'expectations.hours_per_week': 3,
  ...over,
});

export const exampleFindings = (): Finding[] => [
  {
    key: 'timing',
    level: 'talk',
    title: 'When change may show',
    toClient: 'You hope to notice a change within 4 weeks. The trial period is 6 weeks.',
    toPractitioner: 'The client hopes to notice a change a little sooner than the end of the trial period.',
    facts: { hopeWeeks: 4, trialWeeks: 6 },
  },
  {
    key: 'budget',
    level: 'talk',
    title: 'Cost each month',
    toClient: 'You plan to spend up to $250 a month. At the listed fees, Intensive comes to about $390 a month.',
    toPractitioner: 'Intensive is above that at the listed fees, but within reach on the sliding scale.',
    facts: { budgetMinor: 25000 },
  },
];

export const exampleInput = (over: Partial<AgreementInput> = {}): AgreementInput => ({
  practice: {
    name: 'River Chiropractic',
    address: '12 River Road, Springfield, IL 62701',
    phone: '+1 217 555 0142',
    email: 'hello@river.example',
    locale: 'en-US',
    timeZone: 'America/Chicago',
    currency: 'USD',
    country: 'US',
  },
  practitioner: { id: '0b9f4a52-3c1e-4e39-9a57-6d7f2f1b8c01', name: 'Dr. Ana Ruiz' },
  client: { name: 'Rosa Mamani' },
  offeringVersion: {
    id: '5d1c2e7a-8b3f-4c6d-9e0a-1f2b3c4d5e6f',
    offeringId: '7a8b9c0d-1e2f-4a3b-8c5d-6e7f8a9b0c1d',
    version: 3,
    content: exampleContent(['0b9f4a52-3c1e-4e39-9a57-6d7f2f1b8c01']),
  },
  answers: exampleAnswers(),
  reflection: {
    story: 'Your back has hurt most mornings for two years, since a move, and sitting at work is hard.',
    goals: { 'goals.1': 'Lifting your granddaughter freely.', 'goals.2': 'Sitting comfortably at work.', 'goals.3': 'Restful nights.' },
    mattersMost: 'Being able to care for your granddaughter, and doing more yourself.',
  },
  reflectionConfirmed: true,
  reflectionNote: '',
  findings: exampleFindings(),
  startDate: '2025-03-03',
  selfPay: true,
  issuedOn: '2025-02-24',
  ...over,
});
