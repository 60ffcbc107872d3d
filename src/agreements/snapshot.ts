import type { Finding } from '../alignment/expectations';
import type { ReflectionContent } from '../alignment/reflection-content';
import type { Answers } from '../intake/template';
import { homePracticeText, IF_NOTHING_LABELS, trialText } from '../offerings/describe';
import { formatMoney, minorDigits } from '../offerings/money';
import type { Alternative, CarePhase, Fees, OfferingContent, TrialPeriod } from '../offerings/offering-content';
import { minutesText } from '../offerings/offering-view';
import { cadenceLabel, phaseSpans, project, type Money } from '../offerings/projections';
import type { AgreementContent, AgreementOption, DatedPhase } from './agreement-content';
import { addDays, addLength, buildGoodFaithEstimate, estimatedCare, needsGoodFaithEstimate, visitsText } from './good-faith-estimate';

/**
 * The first snapshot of a care agreement, taken from the client's intake, the reflection, a
 * published offering version and the expectations check. Pure: the same input always gives the same
 * content. What the practitioner and client complete later (the choice and its reasons, how each
 * finding was resolved, edited commitments) starts empty or as editable defaults.
 */
export interface AgreementInput {
  practice: {
    name: string;
    address: string;
    phone: string;
    email: string;
    locale: string;
    timeZone: string;
    currency: string;
    country?: string;
  };
  practitioner: { id: string; name: string };
  client: { name: string };
  offeringVersion: { id: string; offeringId: string; version: number; content: OfferingContent };
  /** The submitted intake. */
  answers: Answers;
  reflection: ReflectionContent | null;
  reflectionConfirmed: boolean;
  /** Why the agreement goes ahead without a confirmed reflection; '' when confirmed. */
  reflectionNote: string;
  findings: Finding[];
  /** The first visit, 'YYYY-MM-DD'. */
  startDate: string;
  selfPay: boolean;
  /** The date of the Good Faith Estimate (today, in the practice's time zone); the start date if not given. */
  issuedOn?: string;
}

export const EXCERPT_LIMIT = 600;

/** The client's right, stated in every agreement whatever the practitioner edits around it. */
export const WITHDRAWAL_RIGHT =
  'You may pause or withdraw from care at any time, for any reason, without penalty: you pay only for visits already given, ' +
  'and anything paid ahead for visits not yet given is returned.';

/** What to look out for while waiting, and when to come back. */
export const WATCH_FOR =
  'Look out for pain or symptoms getting worse, new symptoms, or no improvement at all; if any of these happens, come back or ' +
  'see your doctor, and if something feels urgent, get urgent care straight away.';

const text = (answers: Answers, id: string): string => (typeof answers[id] === 'string' ? (answers[id] as string).trim() : '');
const orList = (items: string[]) => new Intl.ListFormat('en', { type: 'disjunction' }).format(items);
const andList = (items: string[]) => new Intl.ListFormat('en', { type: 'conjunction' }).format(items);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** "If your pain is mild." → "It may suit you better if your pain is mild." */
const suitsBetter = (when: string) =>
  !when.trim()
    ? ''
    : /^(if|when|for)\b/i.test(when.trim())
      ? `It may suit you better ${sentence(when.trim().replace(/^./, (c) => c.toLowerCase()))} `
      : `It may suit you better: ${sentence(when)} `;
const sentence = (s: string) => (s.trim() && !/[.!?…]["'’”)]*$/.test(s.trim()) ? `${s.trim()}.` : s.trim());

/**
 * The client's story, in their own words, cut to about 600 characters: at the last sentence end
 * in the second part of the limit if there is one, otherwise at the last word; "…" marks the cut.
 */
export function storyExcerpt(story: string, limit = EXCERPT_LIMIT): string {
  const whole = story.trim();
  const chars = [...whole]; // code points, so an emoji is never split
  if (chars.length <= limit) return whole;
  const head = chars.slice(0, limit + 1).join(''); // one more, to see whether the cut falls at a space
  let sentenceEnd = -1;
  for (const m of head.matchAll(/[.!?…]["'’”)\]]*(?=\s)/g)) sentenceEnd = m.index + m[0].length;
  if (sentenceEnd >= (head.length * 2) / 3) return `${head.slice(0, sentenceEnd)} …`;
  const space = head.search(/\s\S*$/);
  const cut = space >= head.length / 2 ? head.slice(0, space) : chars.slice(0, limit).join('');
  return `${cut.replace(/[\s,;:–—-]+$/, '')}…`;
}

function story(answers: Answers): AgreementContent['story'] {
  const goals = Object.keys(answers)
    .map((id) => ({ id, n: /^goals\.(\d+)$/.exec(id)?.[1] }))
    .filter((g): g is { id: string; n: string } => g.n !== undefined && text(answers, g.id) !== '')
    .sort((a, b) => Number(a.n) - Number(b.n))
    .map(({ id }) => ({ id, text: text(answers, id) }));
  const people = text(answers, 'support.people');
  const practitioners = text(answers, 'support.practitioners');
  const support = practitioners
    ? [people && `People who support you: ${people}`, `Other practitioners and therapies you use now: ${practitioners}`]
        .filter(Boolean)
        .join('\n\n')
    : people;
  return { excerpt: storyExcerpt(text(answers, 'story.text')), goals, support };
}

export function buildAgreementContent(input: AgreementInput): AgreementContent {
  const { practice, practitioner, answers, startDate } = input;
  const offering = input.offeringVersion.content;
  const currency = offering.fees.currency; // the version's amounts are in its own currency
  const { money, range } = moneyWords(currency, practice.locale);
  const longDate = (date: string) =>
    new Intl.DateTimeFormat(practice.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

  const trial = offering.trialPeriod;
  const trialEnd = addLength(startDate, trial.length, trial.unit);
  const arc = arcSchedule(offering.careArc, startDate, trial, offering.fees, practice.locale);
  const { phases, projections, timePerWeek, detail } = arc;
  const then = trial.ifNothingChanges.length
    ? orList(trial.ifNothingChanges.map((k) => IF_NOTHING_LABELS[k]))
    : 'talk about what to do next';
  const ifNothingChanges = `If nothing has changed by the end of the trial period on ${longDate(trialEnd)}, we will ${then}.${
    trial.ifNothingChangesNote.trim() ? ` ${sentence(trial.ifNothingChangesNote)}` : ''
  }`;

  const weekly = projections.timePerWeek;
  const unit = 10 ** minorDigits(currency);
  const whole = (minor: number) => Math.round(minor / unit) * unit; // a month is an estimate: whole amounts
  const firstMonth = weekly[0]?.monthlyCost;
  const windows = projections.windows;
  const ctx: OptionContext = {
    offering,
    trialEnd: longDate(trialEnd),
    firstWeek: weekly[0] ? `about ${minutesText(weekly[0].totalMinutesPerWeek)} a week at first (${detail(weekly[0])})` : '',
    firstMonth: firstMonth
      ? `about ${money(whole(firstMonth.standard))} a month at first at the listed fees` +
        (firstMonth.low < firstMonth.high ? ` (${money(whole(firstMonth.low))}–${money(whole(firstMonth.high))} on the sliding scale)` : '')
      : '',
    trialCost: `${windows[0].label}: ${plural(windows[0].visits, 'visit')}, ${range(windows[0].cost)}`,
    threeMonths: `${windows[1].label.toLowerCase()}: ${plural(windows[1].visits, 'visit')}, ${range(windows[1].cost)}`,
    ifNothingChanges,
    money,
  };

  const dateOfBirth = text(answers, 'about.date_of_birth') || null;
  const providerName = practitioner.name === practice.name ? practitioner.name : `${practitioner.name} (${practice.name})`;
  return {
    practice: { name: practice.name, address: practice.address, phone: practice.phone, email: practice.email },
    client: { name: input.client.name, dateOfBirth, email: text(answers, 'about.email') || null },
    practitioner: { id: practitioner.id, name: practitioner.name },
    offering: {
      id: input.offeringVersion.offeringId,
      versionId: input.offeringVersion.id,
      version: input.offeringVersion.version,
      title: offering.title,
    },
    story: story(answers),
    reflection: {
      story: input.reflection?.story ?? '',
      mattersMost: input.reflection?.mattersMost ?? '',
      goals: { ...(input.reflection?.goals ?? {}) },
      confirmed: input.reflection !== null && input.reflectionConfirmed,
      note: input.reflectionNote.trim(),
    },
    options: buildOptions(ctx),
    choice: { option: 0, reasons: '' },
    schedule: {
      startDate,
      phases,
      trial: { length: trial.length, unit: trial.unit, endDate: trialEnd, expectedChanges: trial.expectedChanges },
      reviewDate: trialEnd, // the review is the trial's last step
      ifNothingChanges,
      timePerWeek,
      projections: arc.rows,
    },
    fees: structuredClone(offering.fees),
    products: structuredClone(offering.products),
    careArc: structuredClone(offering.careArc),
    commitments: commitments(practitioner.name, longDate(trialEnd)),
    findings: input.findings.map((f) => ({ key: f.key, title: f.title, level: f.level, toClient: f.toClient, resolution: '' })),
    goodFaithEstimate: needsGoodFaithEstimate(practice, input.selfPay, offering.estimate)
      ? buildGoodFaithEstimate({
          client: { name: input.client.name, dateOfBirth },
          providerName,
          estimate: offering.estimate,
          offering,
          startDate,
          issuedOn: input.issuedOn ?? startDate,
        })
      : null,
  };
}

/** Amounts in the agreement's words: "$90", and "$45–$90 on the sliding scale" for a range. */
function moneyWords(currency: string, locale: string) {
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const range = (m: Money) =>
    m.low === m.high
      ? money(m.low)
      : `${money(m.low)}–${money(m.high)} on the sliding scale${m.high === m.standard ? '' : ` (${money(m.standard)} at the listed fees)`}`;
  return { money, range };
}

/** The dated phases, the time each week and the projections a care arc gives from the first visit. */
function arcSchedule(
  careArc: CarePhase[],
  startDate: string,
  trial: Pick<TrialPeriod, 'length' | 'unit'>,
  fees: Pick<Fees, 'currency' | 'slidingScale'>,
  locale: string,
) {
  const { range } = moneyWords(fees.currency, locale);
  const projections = project(trial, careArc, fees.slidingScale);
  const spans = phaseSpans(careArc);
  const phases: DatedPhase[] = careArc.map((p, i) => ({
    name: p.name,
    from: addDays(startDate, spans[i].start * 7),
    // The phase's last day; the next phase starts the day after.
    to: spans[i].end === null ? null : addDays(startDate, spans[i].end! * 7 - 1),
    cadence: cadenceLabel(p),
    minutesPerVisit: p.minutesPerVisit,
    homePractice: homePracticeText(p) === 'none' ? 'None' : `${homePracticeText(p)} at home`,
    feePerVisitMinor: p.feePerVisitMinor,
    description: p.description,
  }));
  const weekly = projections.timePerWeek;
  const detail = (t: (typeof weekly)[number]) =>
    `${minutesText(t.visitMinutesPerWeek)} of visits${t.homeMinutesPerWeek ? ` and ${minutesText(t.homeMinutesPerWeek)} of home practice` : ''}`;
  const timePerWeek = weekly.length
    ? `About ${minutesText(weekly[0].totalMinutesPerWeek)} a week during ${weekly[0].phase} (${detail(weekly[0])})` +
      (weekly.length > 1
        ? `; later, ${andList(weekly.slice(1).map((t) => `about ${minutesText(t.totalMinutesPerWeek)} a week during ${t.phase}`))}.`
        : '.')
    : 'No visits are planned.';
  const rows = projections.windows.map((w) => ({ label: w.label, visits: plural(w.visits, 'visit'), cost: range(w.cost) }));
  return { phases, projections, timePerWeek, detail, rows };
}

/**
 * The agreement with a new care arc (an amendment that lightens the cadence, say): the dated phases,
 * time each week, projections and Good Faith Estimate are computed again from it, from the same first
 * visit. The trial period, its end and the review date stay as agreed; so do the words written
 * around them (the options, the commitments), which the practitioner edits themselves. Pure.
 */
export function recomputeSchedule(content: AgreementContent, careArc: CarePhase[], locale = 'en-US'): AgreementContent {
  const next = structuredClone(content);
  const { schedule } = content;
  const arc = arcSchedule(careArc, schedule.startDate, schedule.trial, content.fees, locale);
  next.careArc = structuredClone(careArc);
  next.schedule.phases = arc.phases;
  next.schedule.timePerWeek = arc.timePerWeek;
  next.schedule.projections = arc.rows;
  const gfe = content.goodFaithEstimate;
  if (gfe) {
    const care = estimatedCare({
      providerName: gfe.provider.name,
      title: content.offering.title,
      careArc,
      products: content.products,
      startDate: gfe.periodFrom,
      diagnosisCodes: gfe.items[0]?.diagnosisCodes ?? [],
    });
    // The primary service statement ends with the visits: only that part follows the arc.
    const [primary = '', ...rest] = gfe.disclaimers;
    const oldVisits = content.careArc ? ` Visits: ${visitsText(content.careArc)}.` : '';
    const cut = oldVisits && primary.endsWith(oldVisits) ? primary.length - oldVisits.length : primary.lastIndexOf(' Visits: ');
    const newPrimary = cut >= 0 ? `${primary.slice(0, cut)} Visits: ${visitsText(careArc)}.` : primary;
    next.goodFaithEstimate = { ...structuredClone(gfe), ...care, disclaimers: [newPrimary, ...rest] };
  }
  return next;
}

/**
 * The agreement with its next review moved to `date`: the practitioner's commitment ("reviewing with
 * you on …") names the new date too, so the document never gives two. Pure.
 */
export function withReviewDate(content: AgreementContent, date: string, locale = 'en-US'): AgreementContent {
  const next = structuredClone(content);
  const long = (d: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
  next.commitments.practitioner = content.commitments.practitioner.split(long(content.schedule.reviewDate)).join(long(date));
  next.schedule.reviewDate = date;
  return next;
}

function commitments(practitioner: string, reviewOn: string): AgreementContent['commitments'] {
  return {
    practitioner:
      `${practitioner} commits to giving you the care described here with attention and skill; listening, and adjusting the care ` +
      'as you say what helps and what does not; explaining any change before making it; reviewing with you on ' +
      `${reviewOn} whether this is helping, and saying honestly if another option would serve you better; keeping what you share ` +
      'private; and charging only the fees set out in this agreement.',
    client:
      'You commit to coming to the visits agreed, or cancelling as the cancellation policy asks; doing the home practice as far ' +
      `as you can; telling ${practitioner} what helps, what does not, and anything that worries you; and saying when your health ` +
      `changes or you start other care. ${WITHDRAWAL_RIGHT}`,
  };
}

interface OptionContext {
  offering: OfferingContent;
  trialEnd: string;
  firstWeek: string;
  firstMonth: string;
  trialCost: string;
  threeMonths: string;
  ifNothingChanges: string;
  money: (minor: number) => string;
}

/** The offering, waiting and watching, then the offering's other alternatives (or seeing someone else): each in the same six parts. */
function buildOptions(ctx: OptionContext): AgreementOption[] {
  const alternatives = ctx.offering.alternatives;
  const waiting = alternatives.find((a) => a.kind === 'watchful_waiting');
  const others = alternatives.filter((a) => a.kind !== 'watchful_waiting');
  return [offeringOption(ctx), waitingOption(waiting, ctx), ...(others.length ? others : [DEFAULT_REFERRAL]).map((a) => otherOption(a))];
}

function offeringOption(ctx: OptionContext): AgreementOption {
  const { offering, firstWeek, firstMonth, trialCost, threeMonths, ifNothingChanges, money } = ctx;
  const spans = phaseSpans(offering.careArc);
  const arc = offering.careArc
    .map((p, i) => {
      const home = p.homePracticeMinutes ? `, with ${homePracticeText(p)} of home practice` : '';
      const length = spans[i].end === null ? 'ongoing' : `for ${plural(p.lengthWeeks!, 'week')}`;
      return `${p.name}: ${cadenceLabel(p).toLowerCase()}, ${p.minutesPerVisit} minutes a visit${home}, ${length}`;
    })
    .join('; then ');
  const required = offering.products.items.filter((i) => i.required);
  const trial = `the trial period (${trialText(offering.trialPeriod)})`;
  return {
    kind: 'offering',
    title: offering.title,
    involves: `${sentence(offering.howWeWork)} ${arc}.`,
    benefits: `${sentence(offering.summary)} ${
      offering.trialPeriod.expectedChanges.trim()
        ? `By the end of ${trial} you may notice: “${sentence(offering.trialPeriod.expectedChanges)}”`
        : `By the end of ${trial} you should both be able to tell whether it is helping.`
    }`.trim(),
    drawbacks:
      `It asks for regular visits and home practice: ${firstWeek}${firstMonth ? `, and ${firstMonth}` : ''}.` +
      (required.length ? ` Required: ${andList(required.map((i) => `${i.name} (${money(i.priceMinor)})`))}.` : '') +
      (offering.fees.notIncluded.trim() ? ` Not included: ${sentence(offering.fees.notIncluded)}` : ''),
    uncertainty: `No one can promise how you will respond; by the end of ${trial} you should both be able to tell whether it is helping. ${ifNothingChanges}`,
    timeAndCost: `${trialCost}; ${threeMonths}. Time: ${firstWeek}, then less as visits ease.`,
  };
}

function waitingOption(alt: Alternative | undefined, { trialEnd }: OptionContext): AgreementOption {
  const described = alt?.description.trim() ? `${sentence(alt.description)} ` : '';
  return {
    kind: 'watchful_waiting',
    title: alt?.title.trim() || 'Waiting and watching',
    involves: `${described}Not starting care for now: you carry on as you are, notice how things change, and decide later.`,
    benefits: `${suitsBetter(alt?.whenBetter ?? '')}No visits and no fees, and every option stays open, this one included.`,
    drawbacks:
      'If things do not ease on their own, relief may come later than it could have, and the problem may go on affecting your days meanwhile.',
    uncertainty: `No one can say for sure whether, or how soon, things will ease on their own. ${WATCH_FOR}`,
    timeAndCost: `No fees and no visits; a few minutes now and then to notice how you are. If things have not improved by ${trialEnd}, come back and we will look again together.`,
  };
}

const DEFAULT_REFERRAL: Alternative = {
  kind: 'referral',
  title: 'Seeing someone else',
  description: 'Care from another practitioner or another kind of care, such as your doctor or a specialist.',
  whenBetter: '',
};

const START_OTHER: Record<Exclude<Alternative['kind'], 'watchful_waiting'>, string> = {
  referral: 'We can suggest someone and, if you wish, share what you have told us.',
  other_approach: 'You would find a practitioner who works this way; we can suggest where to start.',
  other_modality: 'You would find a practitioner of this kind of care; we can suggest where to start.',
};

function otherOption(alt: Alternative): AgreementOption {
  const kind = alt.kind === 'watchful_waiting' ? 'referral' : alt.kind;
  return {
    kind,
    title: alt.title.trim(),
    involves: `${alt.description.trim() ? `${sentence(alt.description)} ` : ''}${START_OTHER[kind]}`,
    benefits: `${suitsBetter(alt.whenBetter)}A different view and way of working; you can compare, or combine it with other care.`,
    drawbacks: 'It means starting again with someone new: telling your story again, and perhaps a wait before the first visit.',
    uncertainty: 'How well it works for you depends on the provider and the approach; ask them what you might notice, and by when.',
    timeAndCost:
      'Depends on the provider you choose; ask them how many visits, how much time each week and what fees to expect before you start. Nothing is charged here for this option.',
  };
}
