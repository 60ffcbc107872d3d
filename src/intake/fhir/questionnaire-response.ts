import { visibleQuestionIds } from '../answers';
import type { AnswerValue, Answers, IntakeTemplateContent, Question, Section } from '../template';
import { fhirId, type FhirValue, typedValue, type ValueType } from './questionnaire';

/**
 * A submitted intake as a FHIR R4 QuestionnaireResponse to the Questionnaire that toQuestionnaire
 * makes of the same template version: the same linkIds, nested the same way (a group per section),
 * and each answer typed as its item is (value[x] and the Questionnaire's answer[x] come from one
 * function, so they cannot drift apart).
 */
export type ResponseAnswer = { [value in `value${ValueType}`]?: FhirValue };

export interface ResponseItem {
  linkId: string;
  text: string;
  answer?: ResponseAnswer[];
  item?: ResponseItem[];
}

export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  id: string;
  questionnaire: string;
  status: 'completed';
  authored: string;
  subject?: { display: string };
  item: ResponseItem[];
}

export interface ResponseMeta {
  /** The Questionnaire's canonical url (without version). */
  questionnaireUrl: string;
  version: number;
  submissionId: string;
  submittedAt: Date;
  /** Only a name to show: the client is not a FHIR resource anywhere we could point to. */
  subjectDisplay?: string;
}

function answersOf(q: Question, value: AnswerValue | undefined, url: string): ResponseAnswer[] {
  if (value === undefined || value === null) return [];
  // A multiple choice is one answer entry per value chosen.
  return (Array.isArray(value) ? value : [value]).map((v) => {
    const [type, typed] = typedValue(q, v, url);
    return { [`value${type}`]: typed };
  });
}

function sectionItem(s: Section, answers: Answers, shown: Set<string>, url: string): ResponseItem | undefined {
  const item = s.questions
    // A hidden question was never asked, so an answer kept for it (say, from a draft) is not sent; FHIR says the same of disabled items.
    .filter((q) => shown.has(q.id))
    .map((q) => ({ linkId: q.id, text: q.label, answer: answersOf(q, answers[q.id], url) }))
    .filter((i) => i.answer.length > 0);
  return item.length ? { linkId: s.id, text: s.title, item } : undefined;
}

export function toQuestionnaireResponse(template: IntakeTemplateContent, answers: Answers, meta: ResponseMeta): QuestionnaireResponse {
  const shown = visibleQuestionIds(template, answers);
  return {
    resourceType: 'QuestionnaireResponse',
    id: fhirId(meta.submissionId),
    questionnaire: `${meta.questionnaireUrl}|${meta.version}`,
    status: 'completed',
    authored: meta.submittedAt.toISOString(),
    ...(meta.subjectDisplay ? { subject: { display: meta.subjectDisplay } } : {}),
    item: template.sections.flatMap((s) => sectionItem(s, answers, shown, meta.questionnaireUrl) ?? []),
  };
}
