import { lengthWords } from '../agreements/agreement-words';
import { translator, type Translate } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
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
  type ApproachConflict,
  type AvoidValue,
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

/**
 * `language`: the language of what the client reads (the titles and `toClient`, from
 * locales/<lang>/alignment.json); what is addressed to the practitioner stays English.
 */
export function checkExpectations(
  answers: Answers,
  offering: OfferingContent,
  options: { locale: string; language?: Language },
): Finding[] {
  const language = options.language ?? DEFAULT_LANGUAGE;
  const tr = translator(language);
  const ctx: Context = {
    read: readExpectations(answers),
    offering,
    locale: options.locale,
    phases: usablePhases(offering.careArc ?? []),
    tr,
    clientList: (items: string[]) => new Intl.ListFormat(language, { type: 'conjunction' }).format(items),
    clientDuration: (minutes: number) => durationIn(tr, minutes),
  };
  return [timing(ctx), budget(ctx), time(ctx), approach(ctx)].map((f) => ({ ...f, title: findingTitle(tr, f.key) }));
}

interface Context {
  read: ExpectationAnswers;
  offering: OfferingContent;
  locale: string;
  phases: CarePhase[];
  /** For the client's sentences. */
  tr: Translate;
  clientList: (items: string[]) => string;
  clientDuration: (minutes: number) => string;
}

const findingTitle = (tr: Translate, key: Finding['key']): string =>
  ({
    timing: tr('alignment.finding.title.timing'),
    budget: tr('alignment.finding.title.budget'),
    time: tr('alignment.finding.title.time'),
    approach: tr('alignment.finding.title.approach'),
  })[key];

/** 165 → "2 hours 45 minutes", in the client's language. */
function durationIn(tr: Translate, minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const hours = Math.floor(m / 60);
  const parts = [
    hours && tr('alignment.finding.time.duration_hours', { count: hours }),
    m % 60 && tr('alignment.finding.time.duration_minutes', { count: m % 60 }),
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : tr('alignment.finding.time.duration_minutes', { count: 0 });
}

const TYPICAL_KEYS = {
  days: 'alignment.finding.timing.typical_days',
  weeks: 'alignment.finding.timing.typical_weeks',
  months: 'alignment.finding.timing.typical_months',
} as const;

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

function timing({ read, offering, tr }: Context): Finding {
  const trial = offering.trialPeriod;
  const trialWeeks = trial && trial.length > 0 ? weeksOf(trial.length, trial.unit) : 0;
  const theTrial = trialWeeks > 0 ? `the trial period of ${trialText(trial)}` : '';
  const trialWords = trialWeeks > 0 ? lengthWords(tr, trial.length, trial.unit) : '';
  const unit = read.noticeWithin;
  if (!unit) {
    return finding('timing', 'not_answered', { hopeWeeks: null, trialWeeks: round2(trialWeeks) }, [
      theTrial ? tr('alignment.finding.timing.none_trial', { trial: trialWords }) : tr('alignment.finding.timing.none'),
      `The client didn't say when they hope to notice a change; ask what they have in mind${theTrial ? `, given ${theTrial}` : ''}.`,
    ]);
  }
  const amount = read.noticeAmount;
  const hopeWeeks = amount ? weeksOf(amount, unit) : TYPICAL_HOPE[unit].weeks;
  const hope = amount ? `within ${trialText({ length: amount, unit })}` : TYPICAL_HOPE[unit].words;
  const clientHope = amount ? tr('alignment.finding.timing.within', { length: lengthWords(tr, amount, unit) }) : tr(TYPICAL_KEYS[unit]);
  const level = timingLevel(hopeWeeks, trialWeeks);
  const expected = trial?.expectedChanges?.trim()
    ? ` ${tr('alignment.finding.timing.expected', { text: trial.expectedChanges.trim() })}`
    : '';
  const sentences = {
    aligned: theTrial
      ? [
          tr('alignment.finding.timing.aligned', { hope: clientHope, trial: trialWords }),
          `The client hopes to notice a change ${hope}; ${theTrial} fits within that.`,
        ]
      : [
          tr('alignment.finding.timing.aligned_no_trial', { hope: clientHope }),
          `The client hopes to notice a change ${hope}; the offering sets no trial period, so agree when you will look back together.`,
        ],
    talk: [
      tr('alignment.finding.timing.talk', { hope: clientHope, trial: trialWords }) + expected,
      `The client hopes to notice a change ${hope}, a little sooner than the end of ${theTrial}. Talk about what they might notice early on.`,
    ],
    mismatch: [
      tr('alignment.finding.timing.mismatch', { hope: clientHope, trial: trialWords }) + expected,
      `The client hopes to notice a change ${hope}, well before the end of ${theTrial}. Talk together about what is realistic before agreeing.`,
    ],
  }[level as Decided];
  const facts = { hopeUnit: unit, hopeAmount: amount ?? null, hopeWeeks: round2(hopeWeeks), trialWeeks: round2(trialWeeks) };
  return finding('timing', level, facts, sentences);
}

function budget({ read, offering, locale, phases, tr, clientList }: Context): Finding {
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
      peak
        ? tr('alignment.finding.budget.none_peak', { money: money(peak.listed), phase: peak.phase })
        : tr('alignment.finding.budget.none'),
      `The client didn't say what they can spend each month; ask before agreeing.${byPhase}${required}`,
    ]);
  }
  const budgetMinor = facts.budgetMinor;
  const B = money(budgetMinor);
  if (!first) {
    return finding('budget', 'talk', facts, [
      tr('alignment.finding.budget.no_phases', { budget: B }),
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
      tr('alignment.finding.budget.aligned', { budget: B, phase: peak!.phase, money: money(peak!.listed) }),
      'every phase fits at the listed fees',
    ],
    talk: [
      tr('alignment.finding.budget.talk', {
        budget: B,
        over: clientList(over.map((c) => tr('alignment.finding.budget.phase_cost', { phase: c.phase, money: money(c.listed) }))),
        eased:
          eased.length === 0
            ? ''
            : over.length === 1
              ? tr('alignment.finding.budget.eased_single', { money: money(eased[0].lowest) })
              : tr('alignment.finding.budget.eased_several', {
                  list: clientList(eased.map((c) => tr('alignment.finding.budget.eased_item', { phase: c.phase, money: money(c.lowest) }))),
                }),
      }),
      `${names} ${over.length === 1 ? 'is' : 'are'} above that at the listed fees${eased.length === over.length ? ', but within reach on the sliding scale' : ''}`,
    ],
    mismatch: [
      tr('alignment.finding.budget.mismatch', {
        budget: B,
        phase: first.phase,
        money: money(first.listed),
        lowest: first.lowest < first.listed ? tr('alignment.finding.budget.mismatch_lowest', { money: money(first.lowest) }) : '',
      }),
      `${first.phase}, where care begins, is above that${scale ? ' even at the lowest sliding-scale rate' : ''}`,
    ],
  }[level as Decided];
  return finding('budget', level, facts, [sentences[0], `The client can spend up to ${B} a month; ${sentences[1]}.${byPhase}${required}`]);
}

function time({ read, locale, phases, tr, clientList, clientDuration }: Context): Finding {
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
      peak
        ? tr('alignment.finding.time.none_peak', { phase: peak.phase, duration: clientDuration(peak.totalMinutesPerWeek) })
        : tr('alignment.finding.time.none'),
      `The client didn't say how much time they can give each week; ask before agreeing.${byPhase}`,
    ]);
  }
  const H = `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(hours)} ${hours === 1 ? 'hour' : 'hours'}`;
  const clientHours = tr('alignment.finding.time.hours', {
    count: hours,
    hours: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(hours),
  });
  if (!peak) {
    return finding('time', 'talk', facts, [
      tr('alignment.finding.time.no_phases', { hours: clientHours }),
      `The client can give about ${H} a week, but the offering lists no phases of care to compare with.`,
    ]);
  }
  const available = hours * 60;
  const level = timeLevel(
    available,
    rows.map((r) => r.totalMinutesPerWeek),
  );
  const over = rows.filter((r) => r.totalMinutesPerWeek > available);
  const clientDetail = (r: (typeof rows)[number]) =>
    r.homeMinutesPerWeek
      ? tr('alignment.finding.time.detail_home', {
          visits: clientDuration(r.visitMinutesPerWeek),
          home: clientDuration(r.homeMinutesPerWeek),
        })
      : tr('alignment.finding.time.detail', { visits: clientDuration(r.visitMinutesPerWeek) });
  const overText = capital(
    clientList(
      over.map((r) =>
        tr('alignment.finding.time.phase_asks', {
          phase: r.phase,
          duration: clientDuration(r.totalMinutesPerWeek),
          detail: clientDetail(r),
        }),
      ),
    ),
  );
  const asks = `${list(over.map((r) => r.phase))} ${over.length === 1 ? 'asks' : 'ask'}`;
  const afterStart = over.length === 1 && over[0] === rows[0] && rows.length > 1;
  const sentences = {
    aligned: [
      tr('alignment.finding.time.aligned', { hours: clientHours, phase: peak.phase, duration: clientDuration(peak.totalMinutesPerWeek) }),
      'every phase fits',
    ],
    talk: [
      tr(afterStart ? 'alignment.finding.time.talk' : 'alignment.finding.time.talk_more', { hours: clientHours, over: overText }),
      `${asks} more${afterStart ? ', and the later phases fit' : ', but within about a quarter more'}`,
    ],
    mismatch: [tr('alignment.finding.time.mismatch', { hours: clientHours, over: overText }), `${asks} clearly more`],
  }[level as Decided];
  return finding('time', level, facts, [
    sentences[0],
    `The client can give about ${H} a week to visits and home practice; ${sentences[1]}.${byPhase}`,
  ]);
}

function approach({ offering, locale, read, tr, clientList }: Context): Finding {
  const { avoid, preferences } = read;
  const facts = { avoid: avoid.join(', ') || null, modality: offering.modality ?? null, productPolicy: offering.products?.policy ?? null };
  if (!avoid.length && !preferences) {
    return finding('approach', 'not_answered', { ...facts, conflicts: null }, [
      tr('alignment.finding.approach.none'),
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
  const clientWhy = conflicts.map((c) => conflictForClient(tr, c, clientList, money)).join(' ');
  const clientAvoided = clientList(avoid.map((a) => avoidWords(tr, a)));
  const quote = preferences ? ` In their words: “${preferences}”` : '';
  const they = avoid.length ? `The client would rather avoid ${avoided}` : 'The client ticked nothing to avoid';
  const sentences = {
    aligned: [
      avoid.length ? tr('alignment.finding.approach.aligned', { avoided: clientAvoided }) : tr('alignment.finding.approach.aligned_words'),
      `${they}; nothing in this offering conflicts.${quote}`,
    ],
    talk: [
      tr('alignment.finding.approach.talk', { avoided: clientAvoided, why: clientWhy }),
      `${they}. ${why} Worth a word when you talk.${quote}`,
    ],
    mismatch: [
      tr('alignment.finding.approach.mismatch', { avoided: clientAvoided, why: clientWhy }),
      `${they}. ${why} Talk about whether this fits, or whether one of your alternatives would serve them better.${quote}`,
    ],
  }[level as Decided];
  return finding('approach', level, { ...facts, conflicts: conflicts.map((c) => c.avoid).join(', ') || null }, sentences);
}

const avoidWords = (tr: Translate, a: AvoidValue): string =>
  ({
    products: tr('alignment.avoid.products'),
    tests: tr('alignment.avoid.tests'),
    medication: tr('alignment.avoid.medication'),
    hands_on: tr('alignment.avoid.hands_on'),
    talking: tr('alignment.avoid.talking'),
    energy: tr('alignment.avoid.energy'),
  })[a];

/** Why an avoided approach meets this offering, in the client's language. */
function conflictForClient(tr: Translate, c: ApproachConflict, list: (items: string[]) => string, money: (minor: number) => string) {
  if ('modality' in c) {
    const named = modalityName(tr, c.modality);
    const key = {
      hands_on: 'alignment.finding.approach.hands_on',
      talking: 'alignment.finding.approach.talking',
      energy: 'alignment.finding.approach.energy',
      medication: 'alignment.finding.approach.medication',
    }[c.avoid as 'hands_on' | 'talking' | 'energy' | 'medication'];
    return key ? tr(key, { modality: named }) : '';
  }
  const items = list(c.items.map((i) => tr('alignment.finding.approach.item', { name: i.name, price: money(i.priceMinor) })));
  const test = c.items[0].kind === 'test';
  if (c.required) return tr(test ? 'alignment.finding.approach.requires_test' : 'alignment.finding.approach.requires_product', { items });
  return tr(test ? 'alignment.finding.approach.suggests_test' : 'alignment.finding.approach.suggests_product', { items });
}

/** The kind of care, lower case ("chiropractic"), from the public pages' catalog when it has it. */
function modalityName(tr: Translate, modality: keyof typeof MODALITY_LABELS): string {
  const key = `public.modality.${modality}`;
  const found = tr(key);
  return (found === key ? MODALITY_LABELS[modality] : found).toLowerCase();
}
