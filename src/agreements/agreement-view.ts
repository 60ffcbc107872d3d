import { formatMoney, minorDigits } from '../offerings/money';
import type { AgreementContent } from './agreement-content';
import type { DraftEdits } from './agreement-drafts';
import { CARE_PHASE_FIELDS, OPTION_FIELDS } from './agreement-drafts';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { findingLevelLabel, optionFieldLabels, optionKindLabel, scheduleWords } from './agreement-words';

export const OPTION_FIELD_LABELS: Record<(typeof OPTION_FIELDS)[number], string> = {
  title: 'Option',
  involves: 'What it involves',
  benefits: 'Likely benefits',
  drawbacks: 'Drawbacks',
  uncertainty: 'How sure we can be',
  timeAndCost: 'Time and cost',
};

/**
 * The agreement as the pages show it (the PDF has its own model), with the words around it in the
 * page's language: staff pages are English; a client reads it in theirs.
 */
export function agreementView(c: AgreementContent, locale = 'en-US', language: Language = DEFAULT_LANGUAGE) {
  const words = scheduleWords(c, language, locale);
  const fieldLabels = optionFieldLabels(language);
  return {
    ...c,
    schedule: {
      ...c.schedule,
      phases: c.schedule.phases.map((p, i) => ({
        ...p,
        ...words.phases[i],
        fee: formatMoney(p.feePerVisitMinor, c.fees.currency, locale),
      })),
      timePerWeek: words.timePerWeek,
      projections: words.projections,
    },
    options: c.options.map((o, i) => ({
      ...o,
      index: i,
      kindLabel: optionKindLabel(language, o.kind),
      chosen: i === c.choice.option,
      fields: OPTION_FIELDS.filter((f) => f !== 'title').map((f) => ({ label: fieldLabels[f], text: o[f] })),
    })),
    chosen: c.options[c.choice.option],
    findings: c.findings.map((f) => ({ ...f, levelLabel: findingLevelLabel(language, f.level) })),
  };
}

/**
 * A posted draft form as the service's edits. Options are named `options[o2][involves]`: with
 * plain indexes, a form that posts only option 3 would be read as option 1.
 */
export function formToEdits(body: Record<string, unknown>): DraftEdits {
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const options: NonNullable<DraftEdits['options']> = [];
  for (const [key, value] of Object.entries(obj(body.options))) {
    const index = /^o(\d{1,2})$/.exec(key);
    if (index) options[Number(index[1])] = obj(value);
  }
  // Phases likewise: `careArc[p1][visits]`; the fee is typed in major units (`careArc[p1][fee]`).
  const careArc: NonNullable<DraftEdits['careArc']> = [];
  for (const [key, value] of Object.entries(obj(body.careArc))) {
    const index = /^p(\d{1,2})$/.exec(key);
    if (!index) continue;
    const posted = obj(value);
    careArc[Number(index[1])] = Object.fromEntries(
      [...CARE_PHASE_FIELDS.filter((f) => f !== 'feePerVisitMinor'), 'fee'].filter((f) => f in posted).map((f) => [f, posted[f]]),
    );
  }
  return {
    options,
    ...(careArc.length ? { careArc } : {}),
    choice: obj(body.choice),
    commitments: obj(body.commitments),
    findings: obj(body.findings),
    reflectionNote: body.reflectionNote,
    ...('reviewDate' in body ? { reviewDate: body.reviewDate } : {}),
  };
}

/** The draft with what was just typed laid over it, so a refused save shows everything typed. */
export function withPosted(content: AgreementContent, body: Record<string, unknown> | undefined): AgreementContent {
  if (!body || !('revision' in body)) return content;
  const edits = formToEdits(body);
  const draft = structuredClone(content);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  edits.options?.forEach((o, i) => {
    if (!o || !draft.options[i]) return;
    for (const [k, v] of Object.entries(o))
      if (str(v) !== undefined) (draft.options[i] as unknown as Record<string, string>)[k] = v as string;
  });
  if (str(edits.choice?.reasons) !== undefined) draft.choice.reasons = edits.choice!.reasons as string;
  if (str(edits.commitments?.practitioner) !== undefined) draft.commitments.practitioner = edits.commitments!.practitioner as string;
  if (str(edits.commitments?.client) !== undefined) draft.commitments.client = edits.commitments!.client as string;
  for (const f of draft.findings) if (str(edits.findings?.[f.key]) !== undefined) f.resolution = edits.findings![f.key] as string;
  if (str(edits.reflectionNote) !== undefined) draft.reflection.note = edits.reflectionNote as string;
  if (str(edits.reviewDate) !== undefined) draft.schedule.reviewDate = edits.reviewDate as string;
  // Typed numbers stay as typed (strings, the fee included), for the form only.
  edits.careArc?.forEach((phase, i) => {
    const target = draft.careArc?.[i] as unknown as Record<string, unknown> | undefined;
    if (!phase || !target) return;
    for (const [k, v] of Object.entries(phase)) if (str(v) !== undefined) target[k] = v;
  });
  return draft;
}

/**
 * The care arc as the draft form shows it, one row per phase: the fee in major units ("85",
 * "85.50"), an ongoing phase's length empty. Null for an agreement without a recorded care arc.
 */
export function careArcRows(draft: AgreementContent) {
  if (!draft.careArc) return null;
  const digits = minorDigits(draft.fees.currency);
  const major = (minor: number) => {
    const text = (minor / 10 ** digits).toFixed(digits);
    return /\.0+$/.test(text) ? text.replace(/\.0+$/, '') : text;
  };
  return draft.careArc.map((p, i) => {
    const typed = p as unknown as Record<string, unknown>;
    // As text, so a 0 shows as "0" rather than an empty field.
    const shown = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    return {
      name: p.name,
      index: i,
      visits: shown(p.visits),
      every: shown(p.every),
      per: p.per,
      lengthWeeks: shown(p.lengthWeeks),
      minutesPerVisit: shown(p.minutesPerVisit),
      homePracticeMinutes: shown(p.homePracticeMinutes),
      homePracticePer: p.homePracticePer,
      fee: typeof typed.fee === 'string' ? typed.fee : major(p.feePerVisitMinor),
    };
  });
}
