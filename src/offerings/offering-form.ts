import { minorDigits, parseMoney } from './money';
import type { OfferingDraft } from './offering-content';

/**
 * The editor's HTML form and the draft speak slightly different languages: money is typed in major
 * units ("90.50"), an ongoing phase is a checkbox, service codes are one comma-separated field, and
 * every repeating group carries one blank row for adding another (no JavaScript needed). These two
 * functions translate; the service validates the result exactly as it validates the JSON API.
 */
type Form = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []);
const rows = (v: unknown): Form[] => list(v).filter((r): r is Form => !!r && typeof r === 'object');
const checked = (v: unknown) => v === 'on' || v === 'true' || v === true;
const blankRow = (row: Form, fields: string[]) => fields.every((f) => text(row[f]) === undefined);

function money(v: unknown, currency: string): unknown {
  const raw = text(v);
  if (raw === undefined) return undefined;
  // Not an amount: NaN fails validation by name, and the form shows again what was typed.
  return parseMoney(raw, currency) ?? Number.NaN;
}

/** For each repeating group, the form row each saved entry came from (blank and removed rows are dropped). */
export type RowMap = Record<'careArc' | 'fees.packages' | 'products.items' | 'alternatives', number[]>;

/** Rows kept, with the form position of each, so error messages land beside the row the person typed. */
function keep(v: unknown, group: keyof RowMap, map: RowMap, fields: string[]): Form[] {
  const kept: Form[] = [];
  rows(v).forEach((row, formIndex) => {
    if (checked(row.remove) || blankRow(row, fields)) return;
    map[group].push(formIndex);
    kept.push(row);
  });
  return kept;
}

/** Moves "careArc.1.minutesPerVisit" (position among saved rows) to the form row it came from. */
export function toFormPaths(fields: Record<string, string>, map: RowMap): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([path, message]) => {
      for (const group of Object.keys(map) as (keyof RowMap)[]) {
        const match = path.match(new RegExp(`^${group.replace('.', '\\.')}\\.(\\d+)(\\..*)?$`));
        if (match) return [`${group}.${map[group][Number(match[1])] ?? match[1]}${match[2] ?? ''}`, message];
      }
      return [path, message];
    }),
  );
}

const anyFilled = (group: Form, fields: string[]) => fields.some((f) => text(group[f]) !== undefined);

export function formToSaveInput(body: Form): { revision: unknown; draft: OfferingDraft; rowMap: RowMap } {
  const rowMap: RowMap = { careArc: [], 'fees.packages': [], 'products.items': [], alternatives: [] };
  const f = (body.draft ?? {}) as Form;
  const trial = (f.trialPeriod ?? {}) as Form;
  const fees = (f.fees ?? {}) as Form;
  const products = (f.products ?? {}) as Form;
  const scale = (fees.slidingScale ?? {}) as Form;
  const estimate = (f.estimate ?? {}) as Form;
  const currency = text(fees.currency) ?? 'USD';
  const validCurrency = /^[A-Z]{3}$/.test(currency) ? currency : 'USD';
  const draft = {
    title: text(f.title),
    modality: text(f.modality),
    practitionerIds: list(f.practitionerIds),
    summary: text(f.summary),
    howWeWork: text(f.howWeWork),
    trialPeriod: {
      length: text(trial.length),
      unit: text(trial.unit),
      expectedChanges: text(trial.expectedChanges),
      ifNothingChanges: list(trial.ifNothingChanges),
      ifNothingChangesNote: text(trial.ifNothingChangesNote),
    },
    careArc: keep(f.careArc, 'careArc', rowMap, [
      'name',
      'visits',
      'every',
      'lengthWeeks',
      'minutesPerVisit',
      'homePracticeMinutes',
      'description',
      'feePerVisit',
      'serviceCodes',
    ]).map((p) => ({
      name: text(p.name),
      visits: text(p.visits),
      every: text(p.every),
      per: text(p.per),
      lengthWeeks: checked(p.ongoing) ? null : text(p.lengthWeeks),
      minutesPerVisit: text(p.minutesPerVisit),
      homePracticeMinutes: text(p.homePracticeMinutes),
      homePracticePer: text(p.homePracticePer),
      description: text(p.description),
      feePerVisitMinor: money(p.feePerVisit, validCurrency),
      serviceCodes: (text(p.serviceCodes) ?? '').split(/[\s,]+/).filter(Boolean),
    })),
    fees: {
      currency,
      packages: keep(fees.packages, 'fees.packages', rowMap, ['name', 'visits', 'price', 'description']).map((p) => ({
        name: text(p.name),
        visits: text(p.visits),
        priceMinor: money(p.price, validCurrency),
        description: text(p.description),
      })),
      // Typing a range counts as offering one, rather than silently dropping it.
      slidingScale:
        checked(scale.offered) || anyFilled(scale, ['minPercent', 'maxPercent', 'howDecided'])
          ? { minPercent: text(scale.minPercent), maxPercent: text(scale.maxPercent), howDecided: text(scale.howDecided) }
          : null,
      fairExchangeNote: text(fees.fairExchangeNote),
      included: text(fees.included),
      notIncluded: text(fees.notIncluded),
      cancellationPolicy: text(fees.cancellationPolicy),
    },
    products: {
      policy: text(products.policy),
      items: keep(products.items, 'products.items', rowMap, ['name', 'price', 'why']).map((i) => ({
        name: text(i.name),
        kind: text(i.kind),
        priceMinor: money(i.price, validCurrency),
        why: text(i.why),
        required: checked(i.required),
      })),
    },
    alternatives: keep(f.alternatives, 'alternatives', rowMap, ['title', 'description', 'whenBetter']).map((a) => ({
      kind: text(a.kind),
      title: text(a.title),
      description: text(a.description),
      whenBetter: text(a.whenBetter),
    })),
    estimate:
      checked(estimate.offered) || anyFilled(estimate, ['npi', 'tin', 'serviceLocation'])
        ? { npi: text(estimate.npi), tin: text(estimate.tin), serviceLocation: text(estimate.serviceLocation) }
        : null,
  };
  return { revision: body.revision, draft: draft as unknown as OfferingDraft, rowMap };
}

const major = (minor: number | undefined, currency: string): string => {
  if (minor === undefined) return '';
  const digits = minorDigits(currency);
  const whole = minor / 10 ** digits;
  return Number.isInteger(whole) ? String(whole) : whole.toFixed(digits);
};

/** The saved draft as form values, in the same shape the form posts. */
export function draftToForm(draft: OfferingDraft): Form {
  const currency = draft.fees?.currency ?? 'USD';
  const scale = draft.fees?.slidingScale;
  return {
    draft: {
      ...draft,
      careArc: (draft.careArc ?? []).map((p) => ({
        ...p,
        ongoing: p.lengthWeeks === null,
        feePerVisit: major(p.feePerVisitMinor, currency),
        serviceCodes: (p.serviceCodes ?? []).join(', '),
      })),
      fees: {
        ...draft.fees,
        currency,
        packages: (draft.fees?.packages ?? []).map((p) => ({ ...p, price: major(p.priceMinor, currency) })),
        slidingScale: scale ? { ...scale, offered: true } : { offered: false },
      },
      products: { ...draft.products, items: (draft.products?.items ?? []).map((i) => ({ ...i, price: major(i.priceMinor, currency) })) },
      estimate: draft.estimate ? { ...draft.estimate, offered: true } : { offered: false },
    },
  };
}
