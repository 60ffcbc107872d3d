import type { FieldErrors } from '../common/errors/domain-error';
import { isCurrency } from './money';
import type { CarePhase, OfferingContent, OfferingDraft } from './offering-content';
import { weeksOf } from './projections';

/**
 * The rules of a good offering, as plain functions over the draft. `ruleProblems` holds for every
 * save (a draft may be incomplete but never contradictory); `missingForPublication` lists, all at
 * once, what a client would need that is not there yet.
 */
const TWO_YEARS_IN_WEEKS = 104.5;

export function ruleProblems(draft: OfferingDraft): FieldErrors {
  const problems: FieldErrors = {};
  const trial = draft.trialPeriod;
  if (trial?.length !== undefined && trial.unit && weeksOf(trial.length, trial.unit) > TWO_YEARS_IN_WEEKS) {
    problems['trialPeriod.length'] = 'must be at most 2 years';
  }
  const phases = draft.careArc ?? [];
  phases.forEach((phase, i) => {
    if (phase.lengthWeeks === null && i !== phases.length - 1) {
      problems[`careArc.${i}.lengthWeeks`] = 'only the last phase can go on without an end';
    }
  });
  const currency = draft.fees?.currency;
  if (currency !== undefined && !isCurrency(currency)) problems['fees.currency'] = 'is not an ISO 4217 currency code';
  const scale = draft.fees?.slidingScale;
  if (scale?.minPercent !== undefined && scale.maxPercent !== undefined && scale.minPercent > scale.maxPercent) {
    problems['fees.slidingScale.minPercent'] = 'must not be above the maximum';
  }
  const products = draft.products;
  (products?.items ?? []).forEach((item, i) => {
    if (products?.policy === 'none') problems[`products.items.${i}.name`] = 'the policy says no products or tests are offered';
    if (products?.policy === 'optional' && item.required)
      problems[`products.items.${i}.required`] = 'the policy says products and tests are optional';
  });
  // Names tell rows apart for clients and in the history of changes, so each must be unique.
  const unique = (group: string, field: string, values: Array<string | undefined>, what: string) => {
    const seen = new Set<string>();
    values.forEach((value, i) => {
      const key = value?.trim().toLowerCase();
      if (!key) return;
      if (seen.has(key)) problems[`${group}.${i}.${field}`] = `must differ from the other ${what}`;
      seen.add(key);
    });
  };
  unique(
    'careArc',
    'name',
    phases.map((p) => p.name),
    'phases’ names',
  );
  unique(
    'fees.packages',
    'name',
    (draft.fees?.packages ?? []).map((p) => p.name),
    'packages’ names',
  );
  unique(
    'products.items',
    'name',
    (products?.items ?? []).map((i) => i.name),
    'products’ names',
  );
  unique(
    'alternatives',
    'title',
    (draft.alternatives ?? []).map((a) => a.title),
    'options’ titles',
  );
  const npi = draft.estimate?.npi;
  if (npi && /^\d{10}$/.test(npi) && !isValidNpi(npi)) problems['estimate.npi'] = 'is not a valid NPI (its check digit is wrong)';
  return problems;
}

const required = 'is required to publish';
const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export function missingForPublication(draft: OfferingDraft): FieldErrors {
  const missing: FieldErrors = {};
  const need = (path: string, value: unknown, message = required) => {
    if (blank(value)) missing[path] = message;
  };
  need('title', draft.title);
  need('modality', draft.modality);
  if (!draft.practitionerIds?.length) missing.practitionerIds = 'name at least one practitioner who provides it';
  need('summary', draft.summary);
  need('howWeWork', draft.howWeWork);

  const trial = draft.trialPeriod ?? {};
  need('trialPeriod.length', trial.length);
  need('trialPeriod.unit', trial.unit);
  need('trialPeriod.expectedChanges', trial.expectedChanges, 'say what a client can reasonably notice by the end');
  if (!trial.ifNothingChanges?.length) missing['trialPeriod.ifNothingChanges'] = 'say what happens if nothing changes';

  const phases = draft.careArc ?? [];
  if (phases.length === 0) missing.careArc = 'add at least one phase';
  phases.forEach((phase, i) => {
    const at = (field: keyof CarePhase) => `careArc.${i}.${field}`;
    need(at('name'), phase.name);
    need(at('visits'), phase.visits);
    need(at('every'), phase.every);
    need(at('per'), phase.per);
    if (phase.lengthWeeks === undefined || (phase.lengthWeeks === null && i !== phases.length - 1)) {
      missing[at('lengthWeeks')] = i === phases.length - 1 ? 'give a length, or mark it as ongoing' : required;
    }
    need(at('minutesPerVisit'), phase.minutesPerVisit);
    need(at('feePerVisitMinor'), phase.feePerVisitMinor);
  });

  const fees = draft.fees ?? {};
  need('fees.currency', fees.currency);
  need('fees.cancellationPolicy', fees.cancellationPolicy);
  if (fees.slidingScale) {
    need('fees.slidingScale.minPercent', fees.slidingScale.minPercent);
    need('fees.slidingScale.maxPercent', fees.slidingScale.maxPercent);
    need('fees.slidingScale.howDecided', fees.slidingScale.howDecided, 'say how the amount is decided');
  }
  (fees.packages ?? []).forEach((p, i) => {
    need(`fees.packages.${i}.name`, p.name);
    need(`fees.packages.${i}.visits`, p.visits);
    need(`fees.packages.${i}.priceMinor`, p.priceMinor);
  });

  const products = draft.products ?? {};
  need('products.policy', products.policy);
  (products.items ?? []).forEach((item, i) => {
    need(`products.items.${i}.name`, item.name);
    need(`products.items.${i}.kind`, item.kind);
    need(`products.items.${i}.priceMinor`, item.priceMinor);
    need(`products.items.${i}.why`, item.why, 'say why it is offered');
  });
  if (products.policy === 'required' && !(products.items ?? []).some((i) => i.required)) {
    missing['products.items'] = 'name the required products or tests';
  }

  const alternatives = draft.alternatives ?? [];
  if (alternatives.length === 0) missing.alternatives = 'add at least one other option: no offering is the only way';
  alternatives.forEach((a, i) => {
    need(`alternatives.${i}.kind`, a.kind);
    need(`alternatives.${i}.title`, a.title);
    need(`alternatives.${i}.whenBetter`, a.whenBetter, 'say when it might suit better');
  });

  if (draft.estimate) {
    need('estimate.npi', draft.estimate.npi);
    need('estimate.tin', draft.estimate.tin);
    need('estimate.serviceLocation', draft.estimate.serviceLocation);
  }
  return missing;
}

/**
 * The complete content of a draft that passed `missingForPublication` (so the `!`s hold), with the
 * optional parts filled in and only known fields kept.
 */
export function toContent(d: OfferingDraft): OfferingContent {
  const trial = d.trialPeriod!;
  const fees = d.fees!;
  const scale = fees.slidingScale;
  const estimate = d.estimate;
  return {
    title: d.title!,
    modality: d.modality!,
    practitionerIds: [...new Set(d.practitionerIds!)],
    summary: d.summary!,
    howWeWork: d.howWeWork!,
    trialPeriod: {
      length: trial.length!,
      unit: trial.unit!,
      expectedChanges: trial.expectedChanges!,
      ifNothingChanges: [...new Set(trial.ifNothingChanges!)],
      ifNothingChangesNote: trial.ifNothingChangesNote ?? '',
    },
    careArc: d.careArc!.map((p) => ({
      name: p.name!,
      visits: p.visits!,
      every: p.every!,
      per: p.per!,
      lengthWeeks: p.lengthWeeks!,
      minutesPerVisit: p.minutesPerVisit!,
      homePracticeMinutes: p.homePracticeMinutes ?? 0,
      homePracticePer: p.homePracticePer ?? 'day',
      description: p.description ?? '',
      feePerVisitMinor: p.feePerVisitMinor!,
      serviceCodes: p.serviceCodes ?? [],
    })),
    fees: {
      currency: fees.currency!,
      packages: (fees.packages ?? []).map((p) => ({
        name: p.name!,
        visits: p.visits!,
        priceMinor: p.priceMinor!,
        description: p.description ?? '',
      })),
      slidingScale: scale ? { minPercent: scale.minPercent!, maxPercent: scale.maxPercent!, howDecided: scale.howDecided! } : null,
      fairExchangeNote: fees.fairExchangeNote ?? '',
      included: fees.included ?? '',
      notIncluded: fees.notIncluded ?? '',
      cancellationPolicy: fees.cancellationPolicy!,
    },
    products: {
      policy: d.products!.policy!,
      items: (d.products!.items ?? []).map((i) => ({
        name: i.name!,
        kind: i.kind!,
        priceMinor: i.priceMinor!,
        why: i.why!,
        required: i.required ?? false,
      })),
    },
    alternatives: d.alternatives!.map((a) => ({
      kind: a.kind!,
      title: a.title!,
      description: a.description ?? '',
      whenBetter: a.whenBetter!,
    })),
    estimate: estimate ? { npi: estimate.npi!, tin: estimate.tin!, serviceLocation: estimate.serviceLocation! } : null,
  };
}

/** NPI check digit: Luhn over "80840" + the first nine digits. */
export function isValidNpi(npi: string): boolean {
  const digits = `80840${npi}`.split('').map(Number);
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits[i];
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
