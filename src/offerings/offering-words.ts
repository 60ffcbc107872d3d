import { t } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import type { AlternativeKind, CarePhase, IfNothingChanges, Modality, SlidingScale, TrialPeriod } from './offering-content';

/**
 * The words around an offering as a client reads them (the public pages and the printed sheet), in
 * the page's language, from locales/<lang>/public.json. What the practice wrote (titles, phase
 * names, descriptions) stays as written. The English matches describe.ts, which staff pages and
 * the change history use.
 */
export function offeringWords(language: Language = DEFAULT_LANGUAGE) {
  const tr = (key: string, params?: Record<string, unknown>) => t(language, key, params);
  const span = (count: number, unit: 'days' | 'weeks' | 'months') => tr(`public.unit.${unit}`, { count });
  return {
    language,
    modality: (m: Modality) => tr(`public.modality.${m}`),
    trial: (p: Pick<TrialPeriod, 'length' | 'unit'>) => span(p.length, p.unit),
    length: (p: Pick<CarePhase, 'lengthWeeks'>) => (p.lengthWeeks === null ? tr('public.length.ongoing') : span(p.lengthWeeks, 'weeks')),
    homePractice: (p: Pick<CarePhase, 'homePracticeMinutes' | 'homePracticePer'>) =>
      p.homePracticeMinutes === 0 ? tr('public.home.none') : tr(`public.home.${p.homePracticePer}`, { minutes: p.homePracticeMinutes }),
    scale: (s: SlidingScale) => tr('public.scale.range', { min: s.minPercent, max: s.maxPercent }),
    cadence: (p: Pick<CarePhase, 'visits' | 'every' | 'per'>) => {
      if (p.visits === 1)
        return p.every === 1
          ? tr(p.per === 'week' ? 'public.cadence.weekly' : 'public.cadence.monthly')
          : tr(`public.cadence.every_${p.per}`, { count: p.every });
      if (p.every === 1)
        return p.visits === 2 ? tr(`public.cadence.twice_${p.per}`) : tr(`public.cadence.times_${p.per}`, { count: p.visits });
      return tr(`public.cadence.visits_every_${p.per}`, { visits: p.visits, count: p.every });
    },
    ifNothing: (k: IfNothingChanges) => tr(`public.if_nothing.${k}`),
    alternative: (k: AlternativeKind) => tr(`public.alternative.${k}`),
    trialWindow: (p: Pick<TrialPeriod, 'length' | 'unit'>) => tr('public.window.trial', { length: span(p.length, p.unit) }),
    firstMonths: (count: number) => tr('public.window.first_months', { count }),
    tr,
  };
}
export type OfferingWords = ReturnType<typeof offeringWords>;
