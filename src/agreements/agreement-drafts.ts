import type { FieldErrors } from '../common/errors/domain-error';
import type { AgreementContent, AgreementOption } from './agreement-content';

/** What the practitioner may change in a draft; everything else is the snapshot. */
export interface DraftEdits {
  options?: Array<Partial<Pick<AgreementOption, 'title' | 'involves' | 'benefits' | 'drawbacks' | 'uncertainty' | 'timeAndCost'>>>;
  choice?: { option?: unknown; reasons?: unknown };
  commitments?: { practitioner?: unknown; client?: unknown };
  findings?: Record<string, unknown>;
  reflectionNote?: unknown;
}

export const OPTION_FIELDS = ['title', 'involves', 'benefits', 'drawbacks', 'uncertainty', 'timeAndCost'] as const;
const LIMIT = 4000;

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);

/** The draft with the edits applied, or the problems by field (the form's own names). */
export function applyDraftEdits(content: AgreementContent, edits: DraftEdits): { content: AgreementContent; problems: FieldErrors } {
  const problems: FieldErrors = {};
  const next: AgreementContent = structuredClone(content);
  const put = (path: string, value: unknown, set: (v: string) => void) => {
    const t = text(value);
    if (t === undefined) return;
    if ([...t].length > LIMIT) problems[path] = `must be at most ${LIMIT} characters`;
    else set(t);
  };
  (edits.options ?? []).forEach((option, i) => {
    if (!next.options[i] || !option) return;
    for (const field of OPTION_FIELDS) put(`options.${i}.${field}`, option[field], (v) => (next.options[i][field] = v));
  });
  if (edits.choice) {
    const index = Number(edits.choice.option);
    if (edits.choice.option !== undefined) {
      if (Number.isInteger(index) && index >= 0 && index < next.options.length) next.choice.option = index;
      else problems['choice.option'] = 'must be one of the options considered';
    }
    put('choice.reasons', edits.choice.reasons, (v) => (next.choice.reasons = v));
  }
  put('commitments.practitioner', edits.commitments?.practitioner, (v) => (next.commitments.practitioner = v));
  put('commitments.client', edits.commitments?.client, (v) => (next.commitments.client = v));
  for (const finding of next.findings) put(`findings.${finding.key}`, edits.findings?.[finding.key], (v) => (finding.resolution = v));
  put('reflectionNote', edits.reflectionNote, (v) => (next.reflection.note = v));
  return { content: next, problems };
}

/** What must be written before the client can be asked to sign. */
export function proposalProblems(content: AgreementContent): FieldErrors {
  const problems: FieldErrors = {};
  content.options.forEach((option, i) => {
    for (const field of OPTION_FIELDS)
      if (!option[field]) problems[`options.${i}.${field}`] = 'is required: every option is described in equal detail';
  });
  if (!content.choice.reasons) problems['choice.reasons'] = 'is required: the client’s reasons, in their words';
  if (!content.commitments.practitioner) problems['commitments.practitioner'] = 'is required';
  if (!content.commitments.client) problems['commitments.client'] = 'is required';
  for (const f of content.findings) {
    if ((f.level === 'talk' || f.level === 'mismatch') && !f.resolution)
      problems[`findings.${f.key}`] = 'is required: how you resolved it together';
  }
  if (!content.reflection.confirmed && !content.reflection.note) {
    problems.reflectionNote = 'is required: why the agreement goes ahead before the client confirmed what you heard';
  }
  return problems;
}
