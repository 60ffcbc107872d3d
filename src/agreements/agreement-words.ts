import { labelIn, t, translateMessage, translator, type Translate } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { formatMoney } from '../offerings/money';
import type { CarePhase, TimeUnit } from '../offerings/offering-content';
import { minutesText } from '../offerings/offering-view';
import { project, type Money } from '../offerings/projections';
import type { AgreementContent, OptionKind } from './agreement-content';
import type { AgreementStatus } from './agreement-status';

/**
 * The words a client reads around an agreement, in their language (locales/<lang>/agreements.json).
 * What the practitioner and the client wrote is data and stays as written; the phrases the snapshot
 * generated (cadence, time each week, projections) are written again from the recorded care arc in
 * the client's language, so the stored English snapshot never changes.
 */
export const agreementStatusLabel = (language: Language, status: string): string =>
  ({
    draft: t(language, 'agreements.status.draft'),
    proposed: t(language, 'agreements.status.proposed'),
    changes_requested: t(language, 'agreements.status.changes_requested'),
    client_signed: t(language, 'agreements.status.client_signed'),
    countersigned: t(language, 'agreements.status.countersigned'),
    active: t(language, 'agreements.status.active'),
    superseded: t(language, 'agreements.status.superseded'),
    ended: t(language, 'agreements.status.ended'),
  })[status] ?? status;

/** The status as the client's own page names it, addressed to them. */
export const clientStatusLabel = (language: Language, status: AgreementStatus | string): string =>
  ({
    proposed: t(language, 'agreements.client_status.proposed'),
    changes_requested: t(language, 'agreements.client_status.changes_requested'),
    client_signed: t(language, 'agreements.client_status.client_signed'),
    countersigned: t(language, 'agreements.client_status.countersigned'),
    active: t(language, 'agreements.client_status.active'),
    superseded: t(language, 'agreements.client_status.superseded'),
    ended: t(language, 'agreements.client_status.ended'),
  })[status] ?? agreementStatusLabel(language, status);

export const optionKindLabel = (language: Language, kind: OptionKind | string): string =>
  ({
    offering: t(language, 'agreements.option_kind.offering'),
    other_approach: t(language, 'agreements.option_kind.other_approach'),
    other_modality: t(language, 'agreements.option_kind.other_modality'),
    referral: t(language, 'agreements.option_kind.referral'),
    watchful_waiting: t(language, 'agreements.option_kind.watchful_waiting'),
  })[kind] ?? kind;

export const optionFieldLabels = (language: Language) => ({
  involves: t(language, 'agreements.option_field.involves'),
  benefits: t(language, 'agreements.option_field.benefits'),
  drawbacks: t(language, 'agreements.option_field.drawbacks'),
  uncertainty: t(language, 'agreements.option_field.uncertainty'),
  timeAndCost: t(language, 'agreements.option_field.timeAndCost'),
});

/** A finding's level on the agreement pages ("Let’s talk about it"). */
export const findingLevelLabel = (language: Language, level: string): string => labelIn(language, 'agreements.level', level);

/** A finding's level in the printed agreement, looking back ("We talked it through"). */
export const printedLevelLabel = (language: Language, level: string): string => labelIn(language, 'agreements.pdf_level', level);

/** "3 weeks", "1 month". */
export function lengthWords(tr: Translate, length: number, unit: TimeUnit): string {
  if (unit === 'days') return tr('agreements.words.trial_days', { count: length });
  if (unit === 'months') return tr('agreements.words.trial_months', { count: length });
  return tr('agreements.words.trial_weeks', { count: length });
}

/** "Weekly", "Twice a week", "Every 2 weeks", "3 visits every 2 weeks", in the language. */
export function cadenceWords(tr: Translate, p: Pick<CarePhase, 'visits' | 'every' | 'per'>): string {
  const week = p.per === 'week';
  if (p.visits === 1) {
    if (p.every === 1) return tr(week ? 'agreements.words.weekly' : 'agreements.words.monthly');
    return tr(week ? 'agreements.words.every_week' : 'agreements.words.every_month', { count: p.every });
  }
  if (p.every === 1) {
    if (p.visits === 2) return tr(week ? 'agreements.words.twice_a_week' : 'agreements.words.twice_a_month');
    return tr(week ? 'agreements.words.times_a_week' : 'agreements.words.times_a_month', { count: p.visits });
  }
  const visits = tr('agreements.words.visits', { count: p.visits });
  return tr(week ? 'agreements.words.visits_every_week' : 'agreements.words.visits_every_month', { visits, count: p.every });
}

export function homePracticeWords(tr: Translate, p: Pick<CarePhase, 'homePracticeMinutes' | 'homePracticePer'>): string {
  if (p.homePracticeMinutes === 0) return tr('agreements.words.home_none');
  return tr(p.homePracticePer === 'day' ? 'agreements.words.home_day' : 'agreements.words.home_week', {
    minutes: p.homePracticeMinutes,
  });
}

/**
 * The schedule's generated phrases in a language: per phase the cadence and home practice, the
 * time each week, and the projections. English, or an agreement without a recorded care arc, reads
 * the phrases as the snapshot stored them.
 */
export function scheduleWords(c: AgreementContent, language: Language, locale: string) {
  const stored = {
    phases: c.schedule.phases.map((p) => ({ cadence: p.cadence, homePractice: p.homePractice })),
    timePerWeek: c.schedule.timePerWeek,
    projections: c.schedule.projections,
    trialLength: null as string | null,
  };
  const arc = c.careArc;
  if (language === DEFAULT_LANGUAGE || !arc || arc.length !== c.schedule.phases.length) return stored;
  const tr = translator(language);
  const list = (items: string[]) => new Intl.ListFormat(language, { type: 'conjunction' }).format(items);
  const money = (minor: number) => formatMoney(minor, c.fees.currency, locale);
  const range = (m: Money) =>
    m.low === m.high
      ? money(m.low)
      : m.high === m.standard
        ? tr('agreements.words.cost_range', { low: money(m.low), high: money(m.high) })
        : tr('agreements.words.cost_range_listed', { low: money(m.low), high: money(m.high), listed: money(m.standard) });
  const trial = c.schedule.trial;
  const projections = project(trial, arc, c.fees.slidingScale);
  const detail = (w: (typeof projections.timePerWeek)[number]) =>
    w.homeMinutesPerWeek
      ? tr('agreements.words.time_detail_home', { visits: minutesText(w.visitMinutesPerWeek), home: minutesText(w.homeMinutesPerWeek) })
      : tr('agreements.words.time_detail', { visits: minutesText(w.visitMinutesPerWeek) });
  const weekly = projections.timePerWeek;
  const timePerWeek = weekly.length
    ? tr('agreements.words.time_first', {
        total: minutesText(weekly[0].totalMinutesPerWeek),
        phase: weekly[0].phase,
        detail: detail(weekly[0]),
      }) +
      (weekly.length > 1
        ? tr('agreements.words.time_later', {
            list: list(
              weekly
                .slice(1)
                .map((w) => tr('agreements.words.time_later_item', { total: minutesText(w.totalMinutesPerWeek), phase: w.phase })),
            ),
          })
        : tr('agreements.words.time_end'))
    : tr('agreements.words.no_visits');
  const trialLength = lengthWords(tr, trial.length, trial.unit);
  const months = [3, 6, 12];
  const labels = [
    tr('agreements.words.window_trial', { length: trialLength }),
    ...months.map((count) => tr('agreements.words.window_months', { count })),
  ];
  return {
    phases: arc.map((p) => ({ cadence: cadenceWords(tr, p), homePractice: homePracticeWords(tr, p) })),
    timePerWeek,
    projections: projections.windows.map((w, i) => ({
      label: labels[i] ?? w.label,
      visits: tr('agreements.words.visits', { count: w.visits }),
      cost: range(w.cost),
    })),
    trialLength,
  };
}

/**
 * A refused form's field problems in the page's language: each message as its field shows it, and
 * one line each for the summary at the top ("Your full name: does not match…"). A message that
 * ends with a name in brackets ("does not match the name on the agreement (Maya Ortiz)") is
 * translated without it and keeps it.
 */
export function translatedErrors(language: Language, fields: Record<string, string> | undefined, names: Record<string, string>) {
  if (!fields) return { fieldErrors: undefined, errorLines: undefined };
  const fieldErrors: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) fieldErrors[key] = fieldMessage(language, message);
  const errorLines = Object.entries(fieldErrors).map(([key, message]) =>
    names[key] ? t(language, 'agreements.errors.line', { field: names[key], message }) : message,
  );
  return { fieldErrors, errorLines };
}

export function fieldMessage(language: Language, message: string): string {
  const whole = translateMessage(language, message);
  if (whole !== message) return whole;
  const named = /^(.*\S) \(([^()]+)\)$/s.exec(message);
  return named ? `${translateMessage(language, named[1])} (${named[2]})` : message;
}
