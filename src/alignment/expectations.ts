import type { Answers } from '../intake/template';
import { trialText } from '../offerings/describe';
import { formatMoney, minorDigits } from '../offerings/money';
import { MODALITY_LABELS, type CarePhase, type OfferingContent } from '../offerings/offering-content';
import { timePerWeek, weeksOf } from '../offerings/projections';
import {
  approachConflicts,
  AVOID_WORDS,
  budgetLevel,
  budgetReach,
  readExpectations,
  timeLevel,
  timingLevel,
  TYPICAL_HOPE,
  usablePhases,
  worst,
  type ExpectationAnswers,
  type FindingLevel,
} from './expectations-rules';

export type { FindingLevel } from './expectations-rules';

/**
 * The expectations check: before a care agreement is proposed, what the client hopes for (their
 * intake answers) is set beside what a published offering version involves. Pure: the same answers
 * and version always give the same four findings, in the same order. The rules are data in
 * expectations-rules.ts; this file only words them.
 */
export interface Finding {
  key: 'timing' | 'budget' | 'time' | 'approach';
  level: FindingLevel;
  title: string;
  toClient: string;
  toPractitioner: string;
  facts: Record<string, string | number | null>;
}

export function checkExpectations(answers: Answers, offering: OfferingContent, options: { locale: string }): Finding[] {
  const ctx: Context = { read: readExpectations(answers), offering, locale: options.locale, phases: usablePhases(offering.careArc ?? []) };
  return [timing(ctx), budget(ctx), time(ctx), approach(ctx)];
}

interface Context {
  read: ExpectationAnswers;
  offering: OfferingContent;
  locale: string;
  phases: CarePhase[];
}

type Decided = Exclude<FindingLevel, 'not_answered'>;

const TITLES: Record<Finding['key'], string> = {
  timing: 'When change may show',
  budget: 'Cost each month',
  time: 'Time each week',
  approach: 'The kind of care',
};

const finding = (key: Finding['key'], level: FindingLevel, facts: Finding['facts'], [toClient, toPractitioner]: string[]): Finding => ({
  key,
  level,
  title: TITLES[key],
  toClient,
  toPractitioner,
  facts,
});

// Sentences are in English; the locale shapes money and numbers.
const list = (items: string[]) => new Intl.ListFormat('en', { type: 'conjunction' }).format(items);
const round2 = (n: number) => Math.round(n * 100) / 100;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** 165 → "2 hours 45 minutes". */
function duration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const parts = [Math.floor(m / 60) && plural(Math.floor(m / 60), 'hour'), m % 60 && plural(m % 60, 'minute')].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 minutes';
}

function timing({ read, offering }: Context): Finding {
  const trial = offering.trialPeriod;
  const trialWeeks = trial && trial.length > 0 ? weeksOf(trial.length, trial.unit) : 0;
  const theTrial = trialWeeks > 0 ? `the trial period of ${trialText(trial)}` : '';
  const unit = read.noticeWithin;
  if (!unit) {
    return finding('timing', 'not_answered', { hopeWeeks: null, trialWeeks: round2(trialWeeks) }, [
      `You didn't say when you hope to notice a change${theTrial ? `, so there is nothing to set beside ${theTrial}` : ''}.`,
      `The client didn't say when they hope to notice a change; ask what they have in mind${theTrial ? `, given ${theTrial}` : ''}.`,
    ]);
  }
  const amount = read.noticeAmount;
  const hopeWeeks = amount ? weeksOf(amount, unit) : TYPICAL_HOPE[unit].weeks;
  const hope = amount ? `within ${trialText({ length: amount, unit })}` : TYPICAL_HOPE[unit].words;
  const level = timingLevel(hopeWeeks, trialWeeks);
  const expected = trial?.expectedChanges?.trim()
    ? ` By its end, your practitioner hopes you might notice: “${trial.expectedChanges.trim()}”`
    : '';
  const sentences = {
    aligned: theTrial
      ? [
          `You hope to notice a change ${hope}. ${capital(theTrial)} fits within that, so you'll have a fair chance to see whether this helps.`,
          `The client hopes to notice a change ${hope}; ${theTrial} fits within that.`,
        ]
      : [
          `You hope to notice a change ${hope}. This offering sets no trial period, so ask when you will look back together.`,
          `The client hopes to notice a change ${hope}; the offering sets no trial period, so agree when you will look back together.`,
        ],
    talk: [
      `You hope to notice a change ${hope}. The trial period is ${trialText(trial)}, so knowing whether this works may take a little longer than you hope; it's worth talking about what to expect along the way.${expected}`,
      `The client hopes to notice a change ${hope}, a little sooner than the end of ${theTrial}. Talk about what they might notice early on.`,
    ],
    mismatch: [
      `You hope to notice a change ${hope}. Most people need the full ${theTrial.replace(/^the /, '')} before judging whether this works, so it's worth talking about what to expect before you decide.${expected}`,
      `The client hopes to notice a change ${hope}, well before the end of ${theTrial}. Talk together about what is realistic before agreeing.`,
    ],
  }[level as Decided];
  const facts = { hopeUnit: unit, hopeAmount: amount ?? null, hopeWeeks: round2(hopeWeeks), trialWeeks: round2(trialWeeks) };
  return finding('timing', level, facts, sentences);
}

function budget({ read, offering, locale, phases }: Context): Finding {
  const currency = offering.fees.currency;
  const unit = 10 ** minorDigits(currency);
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const scale = offering.fees.slidingScale;
  // A month's cost varies with the calendar, so compare and show whole amounts ("about $173").
  const whole = (minor: number) => Math.round(minor / unit) * unit;
  const costs = timePerWeek(phases, scale).map((p) => ({
    phase: p.phase,
    listed: whole(p.monthlyCost.standard),
    lowest: whole(p.monthlyCost.low),
  }));
  const lowest = (c: (typeof costs)[number]) => (c.lowest < c.listed ? ` (lowest ${money(c.lowest)})` : '');
  const byPhase = costs.length ? ` By phase: ${list(costs.map((c) => `${c.phase} about ${money(c.listed)} a month${lowest(c)}`))}.` : '';
  // Required items are often one-off, so they are named rather than spread over months.
  const requiredItems = (offering.products?.items ?? []).filter((i) => i.required);
  const required = requiredItems.length
    ? ` Required products and tests are not counted: ${list(requiredItems.map((i) => `${i.name} (${money(i.priceMinor)})`))}.`
    : '';
  const peak = costs.reduce<(typeof costs)[number] | undefined>((a, c) => (!a || c.listed > a.listed ? c : a), undefined);
  const first = costs[0];
  const facts = {
    budgetMinor: read.monthlyBudget === undefined ? null : Math.round(read.monthlyBudget * unit),
    currency,
    firstPhase: first?.phase ?? null,
    firstPhaseMonthlyMinor: first?.listed ?? null,
    firstPhaseLowestMinor: first?.lowest ?? null,
    highestMonthlyMinor: peak?.listed ?? null,
    requiredItemsMinor: requiredItems.reduce((sum, i) => sum + i.priceMinor, 0),
  };
  if (facts.budgetMinor === null) {
    return finding('budget', 'not_answered', facts, [
      `You didn't say what you can spend on care each month.${peak ? ` The most any phase costs is about ${money(peak.listed)} a month (${peak.phase}).` : ''}`,
      `The client didn't say what they can spend each month; ask before agreeing.${byPhase}${required}`,
    ]);
  }
  const budgetMinor = facts.budgetMinor;
  const B = money(budgetMinor);
  if (!first) {
    return finding('budget', 'talk', facts, [
      `You plan to spend up to ${B} a month. This offering doesn't list its visits yet, so it's worth asking what care would cost.`,
      `The client can spend up to ${B} a month, but the offering lists no phases of care to compare with.${required}`,
    ]);
  }
  const reach = costs.map((c) => budgetReach(budgetMinor, c.listed, c.lowest));
  const level = budgetLevel(reach);
  const over = costs.filter((_, i) => reach[i] !== 'fits');
  const eased = costs.filter((_, i) => reach[i] === 'with_scale');
  const names = list(over.map((c) => c.phase));
  const sentences = {
    aligned: [
      `You plan to spend up to ${B} a month, which covers every phase at the listed fees; the most is ${peak!.phase}, at about ${money(peak!.listed)} a month.`,
      'every phase fits at the listed fees',
    ],
    talk: [
      `You plan to spend up to ${B} a month. At the listed fees, ${list(over.map((c) => `${c.phase} comes to about ${money(c.listed)} a month`))}` +
        (eased.length === 0
          ? ''
          : over.length === 1
            ? `; with the sliding scale it could be about ${money(eased[0].lowest)}`
            : `; with the sliding scale, ${list(eased.map((c) => `${c.phase} could be about ${money(c.lowest)}`))}`) +
        ". It's worth talking through what would work for you.",
      `${names} ${over.length === 1 ? 'is' : 'are'} above that at the listed fees${eased.length === over.length ? ', but within reach on the sliding scale' : ''}`,
    ],
    mismatch: [
      `You plan to spend up to ${B} a month. ${first.phase}, where care begins, comes to about ${money(first.listed)} a month` +
        (first.lowest < first.listed ? `, and about ${money(first.lowest)} even at the sliding scale's lowest rate` : '') +
        ". It's worth talking openly about this before agreeing; a slower pace or another option may suit you better.",
      `${first.phase}, where care begins, is above that${scale ? ' even at the lowest sliding-scale rate' : ''}`,
    ],
  }[level as Decided];
  return finding('budget', level, facts, [sentences[0], `The client can spend up to ${B} a month; ${sentences[1]}.${byPhase}${required}`]);
}

function time({ read, locale, phases }: Context): Finding {
  const rows = timePerWeek(phases, null);
  const detail = (r: (typeof rows)[number]) =>
    `${duration(r.visitMinutesPerWeek)} of visits${r.homeMinutesPerWeek ? ` and ${duration(r.homeMinutesPerWeek)} of home practice` : ''}`;
  const byPhase = rows.length
    ? ` By phase, each week: ${list(rows.map((r) => `${r.phase} about ${duration(r.totalMinutesPerWeek)} (${detail(r)})`))}.`
    : '';
  const peak = rows.reduce<(typeof rows)[number] | undefined>(
    (a, r) => (!a || r.totalMinutesPerWeek > a.totalMinutesPerWeek ? r : a),
    undefined,
  );
  const hours = read.hoursPerWeek;
  const facts = {
    availableMinutesPerWeek: hours === undefined ? null : Math.round(hours * 60),
    firstPhaseMinutesPerWeek: rows[0]?.totalMinutesPerWeek ?? null,
    busiestPhase: peak?.phase ?? null,
    busiestMinutesPerWeek: peak?.totalMinutesPerWeek ?? null,
  };
  if (hours === undefined) {
    return finding('time', 'not_answered', facts, [
      `You didn't say how many hours a week you can give to visits and home practice.${peak ? ` The busiest phase, ${peak.phase}, asks about ${duration(peak.totalMinutesPerWeek)} a week.` : ''}`,
      `The client didn't say how much time they can give each week; ask before agreeing.${byPhase}`,
    ]);
  }
  const H = `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(hours)} ${hours === 1 ? 'hour' : 'hours'}`;
  if (!peak) {
    return finding('time', 'talk', facts, [
      `You can give about ${H} a week. This offering doesn't list its visits yet, so it's worth asking how much time it asks.`,
      `The client can give about ${H} a week, but the offering lists no phases of care to compare with.`,
    ]);
  }
  const available = hours * 60;
  const level = timeLevel(
    available,
    rows.map((r) => r.totalMinutesPerWeek),
  );
  const over = rows.filter((r) => r.totalMinutesPerWeek > available);
  const overText = capital(list(over.map((r) => `${r.phase} asks about ${duration(r.totalMinutesPerWeek)} a week (${detail(r)})`)));
  const asks = `${list(over.map((r) => r.phase))} ${over.length === 1 ? 'asks' : 'ask'}`;
  const afterStart = over.length === 1 && over[0] === rows[0] && rows.length > 1;
  const sentences = {
    aligned: [
      `You can give about ${H} a week, and every phase fits: the busiest, ${peak.phase}, asks about ${duration(peak.totalMinutesPerWeek)} a week for visits and home practice together.`,
      'every phase fits',
    ],
    talk: [
      `You can give about ${H} a week. ${overText}; ${afterStart ? 'after that it asks less, within your time' : 'a little more than you planned'}. It's worth talking about how to make this manageable.`,
      `${asks} more${afterStart ? ', and the later phases fit' : ', but within about a quarter more'}`,
    ],
    mismatch: [
      `You can give about ${H} a week. ${overText}. It's worth talking about whether a lighter plan would suit you better.`,
      `${asks} clearly more`,
    ],
  }[level as Decided];
  return finding('time', level, facts, [
    sentences[0],
    `The client can give about ${H} a week to visits and home practice; ${sentences[1]}.${byPhase}`,
  ]);
}

function approach({ offering, locale, read }: Context): Finding {
  const { avoid, preferences } = read;
  const facts = { avoid: avoid.join(', ') || null, modality: offering.modality ?? null, productPolicy: offering.products?.policy ?? null };
  if (!avoid.length && !preferences) {
    return finding('approach', 'not_answered', { ...facts, conflicts: null }, [
      `You didn't say whether there is anything you would rather avoid, so there is nothing to compare here.`,
      'The client didn’t say which approaches they prefer or would rather avoid; ask about it when you talk.',
    ]);
  }
  const money = (minor: number) => formatMoney(minor, offering.fees.currency, locale);
  const conflicts = approachConflicts(avoid, offering);
  const why = conflicts
    .map((c) => {
      if ('modality' in c) return `This offering (${MODALITY_LABELS[c.modality].toLowerCase()}) ${c.why}.`;
      const named = list(c.items.map((i) => `${i.name}, ${money(i.priceMinor)}`));
      const kind = `${c.items[0].kind}s`;
      return c.required
        ? `This offering requires ${kind} (${named}).`
        : `This offering suggests optional ${kind} (${named}), which can be declined.`;
    })
    .join(' ');
  const level = worst(
    conflicts.map((c) => c.level),
    'aligned',
  );
  const avoided = list(avoid.map((a) => AVOID_WORDS[a]));
  const quote = preferences ? ` In their words: “${preferences}”` : '';
  const they = avoid.length ? `The client would rather avoid ${avoided}` : 'The client ticked nothing to avoid';
  const sentences = {
    aligned: [
      avoid.length
        ? `You would rather avoid ${avoided}, and nothing in this offering asks for that.`
        : 'You described the approaches you prefer in your own words; your practitioner will read them before you talk.',
      `${they}; nothing in this offering conflicts.${quote}`,
    ],
    talk: [
      `You would rather avoid ${avoided}. ${why} It's worth talking about this together.`,
      `${they}. ${why} Worth a word when you talk.${quote}`,
    ],
    mismatch: [
      `You would rather avoid ${avoided}. ${why} It's worth talking about whether this is the right fit, or whether another approach would suit you better.`,
      `${they}. ${why} Talk about whether this fits, or whether one of your alternatives would serve them better.${quote}`,
    ],
  }[level as Decided];
  return finding('approach', level, { ...facts, conflicts: conflicts.map((c) => c.avoid).join(', ') || null }, sentences);
}
