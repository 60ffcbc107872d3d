import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../accounts/auth-context';
import type { RequestOrigin } from '../accounts/sessions.service';
import { toQuestionnaireResponse } from './fhir/questionnaire-response';
import { toQuestionnaire } from './fhir/questionnaire';
import type { IntakeTemplateVersion } from './entities/intake-template-version.entity';
import { IntakeTemplatesService } from './intake-templates.service';
import { IntakesService } from './intakes.service';

/** The canonical address of a practice's intake form: one per template, the same for every version. */
export const questionnaireUrl = (base: string, templateId: string) => `${base}/fhir/Questionnaire/${templateId}`;

/** Intake as data other systems read: our own JSON, and FHIR R4 Questionnaire / QuestionnaireResponse. */
@Injectable()
export class IntakeExportService {
  constructor(
    private readonly intakes: IntakesService,
    private readonly templates: IntakeTemplatesService,
  ) {}

  async questionnaire(auth: AuthContext, version: number, base: string) {
    return this.toFhirQuestionnaire(await this.templates.version(auth, version), auth.practiceName, base);
  }

  toFhirQuestionnaire(v: IntakeTemplateVersion, publisher: string, base: string) {
    return toQuestionnaire(v.content, {
      url: questionnaireUrl(base, v.templateId),
      version: v.version,
      publishedAt: v.publishedAt,
      publisher,
      templateId: v.templateId,
    });
  }

  /** FHIR wants a completed response; a draft is exported as in-progress. */
  async questionnaireResponse(auth: AuthContext, id: string, base: string, origin: RequestOrigin) {
    const { intake, version, answers, submission } = await this.intakes.forExport(auth, id, { format: 'fhir', origin });
    const response = toQuestionnaireResponse(version.content, answers, {
      questionnaireUrl: questionnaireUrl(base, version.templateId),
      version: version.version,
      submissionId: submission?.id ?? intake.id,
      submittedAt: submission?.submittedAt ?? intake.savedAt ?? intake.createdAt,
    });
    return submission ? response : { ...response, status: 'in-progress' };
  }

  async json(auth: AuthContext, id: string, origin: RequestOrigin) {
    const { intake, version, answers, submission } = await this.intakes.forExport(auth, id, { format: 'json', origin });
    return {
      id: intake.id,
      status: intake.status,
      createdAt: intake.createdAt,
      submittedAt: submission?.submittedAt ?? null,
      form: { templateId: version.templateId, version: version.version, publishedAt: version.publishedAt, content: version.content },
      answers,
    };
  }
}
