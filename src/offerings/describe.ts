import { isDeepStrictEqual } from 'node:util';
import { formatMoney } from './money';
import { CarePhase, MODALITY_LABELS, OfferingContent, SlidingScale, TrialPeriod } from './offering-content';
import { cadenceLabel } from './projections';

/** Plain-language renderings of offering parts, shared by the public page, the diff and documents. */
export function trialText(t: Pick<TrialPeriod, 'length' | 'unit'>): string {
  return `${t.length} ${t.length === 1 ? t.unit.replace(/s$/, '') : t.unit}`;
}

export function lengthText(p: Pick<CarePhase, 'lengthWeeks'>): string {
  if (p.lengthWeeks === null) return 'ongoing';
  return `${p.lengthWeeks} week${p.lengthWeeks === 1 ? '' : 's'}`;
}

export function homePracticeText(p: Pick<CarePhase, 'homePracticeMinutes' | 'homePracticePer'>): string {
  return p.homePracticeMinutes === 0 ? 'none' : `${p.homePracticeMinutes} min a ${p.homePracticePer}`;
}

export function scaleText(s: SlidingScale | null): string {
  return s ? `${s.minPercent}%–${s.maxPercent}% of the listed fee` : 'none';
}

const ALTERNATIVE_KIND_WORDS = {
  other_approach: 'another approach',
  other_modality: 'another kind of care',
  referral: 'referral',
  watchful_waiting: 'waiting and watching',
} as const;

export const IF_NOTHING_LABELS = {
  reassess: 'reassess together',
  change_course: 'change course',
  refer: 'refer you to someone else',
} as const;
export const POLICY_LABELS = { none: 'none offered', optional: 'optional', required: 'required' } as const;

/**
 * What changed between two published versions, one readable line per change, e.g.
 * "Trial period: 4 weeks → 6 weeks" or "Intensive fee: $90 → $95".
 */
export function describeChanges(before: OfferingContent, after: OfferingContent, names: (id: string) => string = (id) => id): string[] {
  const lines: string[] = [];
  const change = (label: string, a: string, b: string) => {
    if (a !== b) lines.push(`${label}: ${a} → ${b}`);
  };
  const text = (label: string, a: string, b: string) => {
    if (a === b) return;
    lines.push(a.length <= 80 && b.length <= 80 ? `${label}: “${a || '—'}” → “${b || '—'}”` : `${label}: reworded`);
  };
  const money = (minor: number, currency: string) => formatMoney(minor, currency);
  const [ca, cb] = [before.fees.currency, after.fees.currency];

  text('Title', before.title, after.title);
  change('Modality', MODALITY_LABELS[before.modality], MODALITY_LABELS[after.modality]);
  setChanges(lines, 'Provided by', before.practitionerIds.map(names), after.practitionerIds.map(names));
  text('Summary', before.summary, after.summary);
  text('How we work together', before.howWeWork, after.howWeWork);

  change('Trial period', trialText(before.trialPeriod), trialText(after.trialPeriod));
  text('What you may notice by the end of the trial', before.trialPeriod.expectedChanges, after.trialPeriod.expectedChanges);
  change(
    'If nothing changes',
    before.trialPeriod.ifNothingChanges.map((k) => IF_NOTHING_LABELS[k]).join(', '),
    after.trialPeriod.ifNothingChanges.map((k) => IF_NOTHING_LABELS[k]).join(', '),
  );
  text('If nothing changes, in our words', before.trialPeriod.ifNothingChangesNote, after.trialPeriod.ifNothingChangesNote);

  const oldPhases = new Map(before.careArc.map((p) => [p.name, p]));
  const newNames = new Set(after.careArc.map((p) => p.name));
  for (const p of before.careArc) if (!newNames.has(p.name)) lines.push(`Phase removed: ${p.name}`);
  for (const p of after.careArc) {
    const old = oldPhases.get(p.name);
    if (!old) {
      lines.push(`Phase added: ${p.name} (${cadenceLabel(p).toLowerCase()}, ${lengthText(p)}, ${money(p.feePerVisitMinor, cb)} a visit)`);
      continue;
    }
    change(`${p.name} visits`, cadenceLabel(old), cadenceLabel(p));
    change(`${p.name} length`, lengthText(old), lengthText(p));
    change(`${p.name} minutes per visit`, String(old.minutesPerVisit), String(p.minutesPerVisit));
    change(`${p.name} home practice`, homePracticeText(old), homePracticeText(p));
    change(`${p.name} fee`, money(old.feePerVisitMinor, ca), money(p.feePerVisitMinor, cb));
    change(`${p.name} service codes`, old.serviceCodes.join(', ') || 'none', p.serviceCodes.join(', ') || 'none');
    text(`${p.name} description`, old.description, p.description);
  }
  if (
    before.careArc.map((p) => p.name).join('|') !== after.careArc.map((p) => p.name).join('|') &&
    lines.every((l) => !l.startsWith('Phase '))
  ) {
    lines.push(`Phase order: ${before.careArc.map((p) => p.name).join(' → ')} ⇒ ${after.careArc.map((p) => p.name).join(' → ')}`);
  }

  change('Currency', ca, cb);
  change('Sliding scale', scaleText(before.fees.slidingScale), scaleText(after.fees.slidingScale));
  text('How the sliding scale is decided', before.fees.slidingScale?.howDecided ?? '', after.fees.slidingScale?.howDecided ?? '');
  const oldPackages = new Map(before.fees.packages.map((p) => [p.name, p]));
  for (const p of after.fees.packages) {
    const old = oldPackages.get(p.name);
    if (!old) lines.push(`Package added: ${p.name} (${p.visits} visits, ${money(p.priceMinor, cb)})`);
    else {
      change(`Package ${p.name}`, `${old.visits} visits, ${money(old.priceMinor, ca)}`, `${p.visits} visits, ${money(p.priceMinor, cb)}`);
      text(`Package ${p.name} description`, old.description, p.description);
    }
  }
  for (const p of before.fees.packages) if (!after.fees.packages.some((n) => n.name === p.name)) lines.push(`Package removed: ${p.name}`);
  text('Fair exchange', before.fees.fairExchangeNote, after.fees.fairExchangeNote);
  text('Included', before.fees.included, after.fees.included);
  text('Not included', before.fees.notIncluded, after.fees.notIncluded);
  text('Cancellation policy', before.fees.cancellationPolicy, after.fees.cancellationPolicy);

  change('Products and tests', POLICY_LABELS[before.products.policy], POLICY_LABELS[after.products.policy]);
  const oldItems = new Map(before.products.items.map((i) => [i.name, i]));
  for (const item of after.products.items) {
    const old = oldItems.get(item.name);
    const describe = (i: typeof item, c: string) => `${money(i.priceMinor, c)}${i.required ? ', required' : ', optional'}`;
    if (!old) lines.push(`${item.kind === 'test' ? 'Test' : 'Product'} added: ${item.name} (${describe(item, cb)})`);
    else {
      change(item.name, describe(old, ca), describe(item, cb));
      change(`${item.name} is a`, old.kind, item.kind);
      text(`Why ${item.name} is offered`, old.why, item.why);
    }
  }
  for (const item of before.products.items)
    if (!after.products.items.some((i) => i.name === item.name))
      lines.push(`${item.kind === 'test' ? 'Test' : 'Product'} removed: ${item.name}`);

  setChanges(
    lines,
    'Other options',
    before.alternatives.map((a) => a.title),
    after.alternatives.map((a) => a.title),
  );
  for (const a of after.alternatives) {
    const old = before.alternatives.find((o) => o.title === a.title);
    if (!old) continue;
    change(`${a.title}: kind`, ALTERNATIVE_KIND_WORDS[old.kind], ALTERNATIVE_KIND_WORDS[a.kind]);
    text(`${a.title}: what it involves`, old.description, a.description);
    text(`${a.title}: when it might suit better`, old.whenBetter, a.whenBetter);
  }
  change('NPI', before.estimate?.npi ?? 'none', after.estimate?.npi ?? 'none');
  change('TIN', before.estimate?.tin ?? 'none', after.estimate?.tin ?? 'none');
  text('Service location', before.estimate?.serviceLocation ?? '', after.estimate?.serviceLocation ?? '');
  // A safety net: two versions are never published as different without a word about it.
  if (lines.length === 0 && !isDeepStrictEqual(before, after)) lines.push('Other details changed');
  return lines;
}

function setChanges(lines: string[], label: string, before: string[], after: string[]) {
  for (const item of after) if (!before.includes(item)) lines.push(`${label}: added ${item}`);
  for (const item of before) if (!after.includes(item)) lines.push(`${label}: removed ${item}`);
}
