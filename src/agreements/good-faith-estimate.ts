import { lengthText } from '../offerings/describe';
import { MODALITY_LABELS, type EstimateData, type OfferingContent, type TimeUnit } from '../offerings/offering-content';
import { cadenceLabel, projectWindow, WEEKS_PER_MONTH } from '../offerings/projections';
import type { GoodFaithEstimate, GoodFaithEstimateItem } from './agreement-content';

/**
 * A Good Faith Estimate for an uninsured or self-pay client in the US (No Surprises Act, 45 CFR
 * 149.610(c)), built from a published offering version. Pure: the caller gives the dates. Recurring
 * care is estimated for at most 12 months, the longest period the rule allows in one estimate.
 */
export const GFE_MONTHS = 12;

/** 149.610(c)(1)(ix): only an estimate. */
export const GFE_ESTIMATE_ONLY =
  'This Good Faith Estimate shows the items and services reasonably expected to be furnished, as known on the date it is issued. ' +
  'It is only an estimate: actual items, services or charges may differ from it.';

/** 149.610(c)(1)(viii): more may be recommended and scheduled separately. */
export const GFE_ADDITIONAL_ITEMS =
  'There may be additional items or services your provider recommends as part of your course of care that must be scheduled ' +
  'or requested separately and are not reflected in this Good Faith Estimate.';

/** 149.610(c)(1)(x) and 149.620: the right to dispute a bill at least $400 over the estimate, and where to learn how. */
export const GFE_DISPUTE_RIGHT =
  'You have the right to start the patient-provider dispute resolution process if the actual billed charges are substantially ' +
  'in excess of the expected charges in this Good Faith Estimate, that is, at least $400 more in total for this provider. ' +
  'To learn how to start it, visit https://www.cms.gov/nosurprises or call 1-800-985-3059; it must be started within 120 ' +
  'calendar days of the date on the original bill. Starting the process will not adversely affect the quality of the health ' +
  'care services furnished to you. Keep a copy of this Good Faith Estimate.';

/** 149.610(c)(1)(xi): not a contract. */
export const GFE_NOT_A_CONTRACT =
  'This Good Faith Estimate is not a contract and does not require you to obtain the items or services from any of the ' +
  'providers or facilities identified in it.';

export const GFE_DISCLAIMERS: readonly string[] = [GFE_ESTIMATE_ONLY, GFE_ADDITIONAL_ITEMS, GFE_DISPUTE_RIGHT, GFE_NOT_A_CONTRACT];

export interface GoodFaithEstimateInput {
  client: { name: string; dateOfBirth: string | null };
  /** The convening provider as the client knows them, e.g. "Dr. Ana Ruiz (River Chiropractic)". */
  providerName: string;
  estimate: EstimateData;
  offering: Pick<OfferingContent, 'title' | 'modality' | 'summary' | 'careArc' | 'fees' | 'products'>;
  /** The first visit: the date the primary service is scheduled. */
  startDate: string;
  /** The date of the estimate. */
  issuedOn: string;
  /** ICD-10 codes if the provider gives them; unlicensed care usually has none. */
  diagnosisCodes?: string[];
}

/**
 * Whether a snapshot carries an estimate: the client pays for themselves, the practice is in the
 * US (its country, or else its locale's region), and the offering holds NPI, TIN and location.
 */
export function needsGoodFaithEstimate(
  practice: { locale: string; country?: string },
  selfPay: boolean,
  estimate: EstimateData | null | undefined,
): estimate is EstimateData {
  const us = practice.country ? practice.country.trim().toUpperCase() === 'US' : /-US$/i.test(practice.locale.trim());
  const complete = !!estimate && [estimate.npi, estimate.tin, estimate.serviceLocation].every((v) => !!v?.trim());
  return selfPay && us && complete;
}

export function buildGoodFaithEstimate(input: GoodFaithEstimateInput): GoodFaithEstimate {
  const { offering, startDate, estimate } = input;
  const provider = input.providerName;
  const { items, totalMinor, periodTo } = estimatedCare({
    providerName: provider,
    title: offering.title,
    careArc: offering.careArc,
    products: offering.products,
    startDate,
    diagnosisCodes: input.diagnosisCodes ?? [],
  });
  return {
    clientName: input.client.name,
    clientDateOfBirth: input.client.dateOfBirth ?? '',
    issuedOn: input.issuedOn,
    periodFrom: startDate,
    periodTo,
    provider: { name: provider, npi: estimate.npi.trim(), tin: estimate.tin.trim(), location: estimate.serviceLocation.trim() },
    items,
    totalMinor,
    currency: offering.fees.currency,
    // The type has no fields for (c)(1)(ii) and (vi), so they lead the statements printed with it.
    disclaimers: [primaryServiceText(input), separateSchedulingText(input), ...GFE_DISCLAIMERS],
  };
}

/**
 * What the estimate lists for a care arc: its visits over the estimate's period (at most 12 months),
 * then the required products and tests. Shared by a new estimate and one recomputed when an
 * amendment changes the care arc.
 */
export function estimatedCare(input: {
  providerName: string;
  title: string;
  careArc: OfferingContent['careArc'];
  products: OfferingContent['products'];
  startDate: string;
  diagnosisCodes: string[];
}): { items: GoodFaithEstimateItem[]; totalMinor: number; periodTo: string } {
  const { careArc, startDate, providerName: provider } = input;
  const { weeks, periodTo } = estimatePeriod(careArc, startDate);
  const window = projectWindow('Good Faith Estimate', weeks, careArc, null);
  const diagnosisCodes = [...input.diagnosisCodes];
  // Listed fees, not the sliding scale: the client can only be billed less than estimated, never more.
  const visits: GoodFaithEstimateItem[] = careArc
    .map((phase, i) => ({ phase, quantity: window.byPhase[i].visits }))
    .filter(({ quantity }) => quantity > 0)
    .map(({ phase, quantity }) => ({
      provider,
      description: `${input.title}, ${phase.name} phase: ${phase.minutesPerVisit}-minute visits, ${cadenceLabel(phase).toLowerCase()}`,
      serviceCodes: [...phase.serviceCodes],
      diagnosisCodes,
      quantity,
      unitChargeMinor: phase.feePerVisitMinor,
      totalMinor: quantity * phase.feePerVisitMinor,
    }));
  // Required products and tests are expected with the care; optional ones are the client's choice.
  const required: GoodFaithEstimateItem[] = input.products.items
    .filter((item) => item.required)
    .map((item) => ({
      provider,
      description: `${item.name} (required ${item.kind}): ${item.why}`.replace(/:\s*$/, ''),
      serviceCodes: [],
      diagnosisCodes,
      quantity: 1,
      unitChargeMinor: item.priceMinor,
      totalMinor: item.priceMinor,
    }));
  const items = [...visits, ...required];
  return { items, totalMinor: items.reduce((sum, item) => sum + item.totalMinor, 0), periodTo };
}

/** 149.610(c)(1)(ii): the primary service in plain words, and when it is scheduled. */
export function primaryServiceText(input: Pick<GoodFaithEstimateInput, 'offering' | 'providerName' | 'startDate'>): string {
  const { offering } = input;
  const arc = visitsText(offering.careArc);
  const modality = MODALITY_LABELS[offering.modality].toLowerCase();
  // "Chiropractic care for low back pain (chiropractic care)" would say it twice.
  const kind = offering.title.toLowerCase().includes(modality) ? '' : ` (${modality} care)`;
  const summary = offering.summary.trim() ? ` ${offering.summary.trim()}` : '';
  return (
    `Primary service: ${offering.title}${kind} with ${input.providerName}, first visit scheduled for ${input.startDate}.` +
    `${summary} Visits: ${arc}.`
  );
}

/** "Intensive (weekly for 6 weeks), then Maintenance (every 3 months, ongoing)": the visits in the primary service statement. */
export function visitsText(careArc: OfferingContent['careArc']): string {
  return careArc
    .map((p) => `${p.name} (${cadenceLabel(p).toLowerCase()}${p.lengthWeeks === null ? ', ongoing' : ` for ${lengthText(p)}`})`)
    .join(', then ');
}

/** 149.610(c)(1)(vi): what would be scheduled separately, before or after this period of care. */
export function separateSchedulingText(input: Pick<GoodFaithEstimateInput, 'offering' | 'providerName'>): string {
  const notIncluded = input.offering.fees.notIncluded.trim();
  return (
    `Items or services that need separate scheduling, before or after this period of care: none are anticipated by ${input.providerName}.` +
    (notIncluded ? ` Not part of this care, and not in this estimate: ${notIncluded.replace(/\.?$/, '.')}` : '') +
    ' If any such item or service is scheduled, or you ask, you will receive a separate Good Faith Estimate for it.'
  );
}

/**
 * 12 months as the projections count them (12 × 52/12 = 52 weeks, 364 days), or the care arc if it
 * ends sooner. The same horizon as the agreement's "First 12 months", so both show the same visits;
 * it ends a day or two before the calendar anniversary, inside the rule's 12-month limit.
 */
function estimatePeriod(phases: OfferingContent['careArc'], startDate: string): { weeks: number; periodTo: string } {
  const arcWeeks = phases.every((p) => p.lengthWeeks !== null) ? phases.reduce((sum, p) => sum + (p.lengthWeeks ?? 0), 0) : Infinity;
  const weeks = Math.max(0, Math.min(GFE_MONTHS * WEEKS_PER_MONTH, arcWeeks));
  return { weeks, periodTo: addDays(startDate, Math.max(0, Math.round(weeks * 7) - 1)) };
}

// Dates are plain 'YYYY-MM-DD' calendar dates, computed in UTC (no time of day, no time zone).
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parse(date: string): Date {
  const m = DATE.exec(date);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== date) throw new RangeError(`not a date like 2025-03-03: ${date}`);
  return d;
}

const format = (d: Date): string => d.toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string => format(new Date(parse(date).getTime() + Math.round(days) * DAY_MS));

export const daysBetween = (from: string, to: string): number => Math.round((parse(to).getTime() - parse(from).getTime()) / DAY_MS);

/** Calendar months; the day is kept where the month has it, else the month's last day (Jan 31 + 1 → Feb 28 or 29). */
export function addMonths(date: string, months: number): string {
  const d = parse(date);
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d.getUTCDate(), lastDay))));
}

/** The date a length of time after `date`: days and weeks exactly, months as calendar months. */
export function addLength(date: string, length: number, unit: TimeUnit): string {
  if (unit === 'months') return addMonths(date, length);
  return addDays(date, unit === 'weeks' ? length * 7 : length);
}
