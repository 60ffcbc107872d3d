import { formatMoney } from '../offerings/money';
import type { AgreementContent } from './agreement-content';
import type { DraftEdits } from './agreement-drafts';
import { OPTION_FIELDS } from './agreement-drafts';
import { OPTION_KIND_LABELS } from './agreement-pdf-model';

export const OPTION_FIELD_LABELS: Record<(typeof OPTION_FIELDS)[number], string> = {
  title: 'Option',
  involves: 'What it involves',
  benefits: 'Likely benefits',
  drawbacks: 'Drawbacks',
  uncertainty: 'How sure we can be',
  timeAndCost: 'Time and cost',
};

const LEVELS: Record<string, string> = {
  aligned: 'Aligned',
  talk: 'Let’s talk about it',
  mismatch: 'Does not fit yet',
  not_answered: 'Not answered',
};

/** The agreement as the pages show it (the PDF has its own model). */
export function agreementView(c: AgreementContent, locale = 'en-US') {
  return {
    ...c,
    schedule: {
      ...c.schedule,
      phases: c.schedule.phases.map((p) => ({ ...p, fee: formatMoney(p.feePerVisitMinor, c.fees.currency, locale) })),
    },
    options: c.options.map((o, i) => ({
      ...o,
      index: i,
      kindLabel: OPTION_KIND_LABELS[o.kind],
      chosen: i === c.choice.option,
      fields: OPTION_FIELDS.filter((f) => f !== 'title').map((f) => ({ label: OPTION_FIELD_LABELS[f], text: o[f] })),
    })),
    chosen: c.options[c.choice.option],
    findings: c.findings.map((f) => ({ ...f, levelLabel: LEVELS[f.level] ?? f.level })),
  };
}

/** The draft as form values, named like the form's fields. */
export function draftForm(c: AgreementContent): Record<string, unknown> {
  return {
    options: c.options.map((o) => ({ ...o })),
    choice: { option: String(c.choice.option), reasons: c.choice.reasons },
    commitments: { ...c.commitments },
    findings: Object.fromEntries(c.findings.map((f) => [f.key, f.resolution])),
    reflectionNote: c.reflection.note,
  };
}

/** A posted draft form (qs nests `options[0][involves]` and the like) as the service's edits. */
export function formToEdits(body: Record<string, unknown>): DraftEdits {
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const options = body.options;
  const list = Array.isArray(options) ? options : Object.values(obj(options));
  return {
    options: list.map((o) => obj(o)),
    choice: obj(body.choice),
    commitments: obj(body.commitments),
    findings: obj(body.findings),
    reflectionNote: body.reflectionNote,
  };
}
