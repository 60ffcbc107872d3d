import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Can, FormView } from '../../accounts/access.decorators';
import { can } from '../../accounts/permissions';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { VersionPipe } from '../../common/http/number.pipe';
import { FormContexts } from '../../common/views/form-contexts';
import { allQuestions } from '../answers';
import {
  formToQuestionInput,
  questionsBefore,
  questionSummary,
  questionToForm,
  showIfChoices,
  toFormFields,
  TYPE_OPTIONS,
} from '../builder-form';
import { IntakeTemplatesService } from '../intake-templates.service';
import type { IntakeTemplateContent } from '../template';
import * as edits from '../template-edits';
import { isLocked } from '../template-rules';

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const revisionOf = (body: Record<string, unknown>) => (/^\d{1,9}$/.test(text(body.revision)) ? Number(body.revision) : -1);

/**
 * The intake form builder. Every change is one small form (works without JavaScript) that sends
 * the draft revision it was based on; the service checks the whole form before saving it.
 */
@ApiExcludeController()
@Controller('intake/form')
export class IntakeFormPagesController {
  constructor(
    private readonly templates: IntakeTemplatesService,
    formContexts: FormContexts,
  ) {
    formContexts.register('intake/builder-question', (req) =>
      this.questionModel(req, text(req.body?.id) || undefined, text(req.body?.section)),
    );
    formContexts.register('intake/builder-section', (req) => this.sectionModel(req, text(req.body?.id) || undefined));
    formContexts.register('intake/builder', (req) => this.builderModel(req));
  }

  @Get()
  @Can('clients.view')
  @Render('intake/builder')
  async builder(@Req() req: Request, @Query('saved') saved?: string, @Query('published') published?: string) {
    return { ...(await this.builderModel(req)), saved: saved === '1', published };
  }

  @Get('questions/new')
  @Can('clinical.author')
  @Render('intake/builder-question')
  async newQuestion(@Req() req: Request, @Query('section') section: string) {
    const model = await this.questionModel(req, undefined, text(section));
    return { ...model, values: { type: 'short_text', required: undefined, section } };
  }

  @Get('questions/edit')
  @Can('clinical.author')
  @Render('intake/builder-question')
  async editQuestion(@Req() req: Request, @Query('id') id: string) {
    const model = await this.questionModel(req, text(id));
    return { ...model, values: { ...questionToForm(model.question!), id } };
  }

  @Post('questions')
  @Can('clinical.author')
  @FormView('intake/builder-question')
  async saveQuestion(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const id = text(body.id);
    await this.apply(req, revisionOf(body), (draft, retired) => {
      const input = formToQuestionInput(body, questionsBefore(draft, id || undefined, id ? undefined : text(body.section)));
      return id ? edits.updateQuestion(draft, id, input) : edits.addQuestion(draft, text(body.section), input, retired);
    });
    res.redirect(303, '/intake/form?saved=1');
  }

  @Get('sections/new')
  @Can('clinical.author')
  @Render('intake/builder-section')
  async newSection(@Req() req: Request) {
    return { ...(await this.sectionModel(req)), values: {} };
  }

  @Get('sections/:id/edit')
  @Can('clinical.author')
  @Render('intake/builder-section')
  async editSection(@Req() req: Request, @Param('id') id: string) {
    const model = await this.sectionModel(req, id);
    return { ...model, values: { id, title: model.section!.title, intro: model.section!.intro ?? '' } };
  }

  @Post('sections')
  @Can('clinical.author')
  @FormView('intake/builder-section')
  async saveSection(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const id = text(body.id);
    const input = { title: text(body.title), intro: text(body.intro) || null };
    await this.apply(req, revisionOf(body), (draft) => (id ? edits.updateSection(draft, id, input) : edits.addSection(draft, input)));
    res.redirect(303, '/intake/form?saved=1');
  }

  /** Move up or down, or remove: a question or a section. */
  @Post('arrange')
  @Can('clinical.author')
  @FormView('intake/builder')
  async arrange(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const [kind, id, action] = [text(body.kind), text(body.id), text(body.action)];
    await this.apply(req, revisionOf(body), (draft) => {
      if (kind === 'question' && (action === 'up' || action === 'down')) return edits.moveQuestion(draft, id, action);
      if (kind === 'question' && action === 'remove') return edits.removeQuestion(draft, id);
      if (kind === 'section' && (action === 'up' || action === 'down')) return edits.moveSection(draft, id, action);
      if (kind === 'section' && action === 'remove') return edits.removeSection(draft, id);
      throw new DomainError('VALIDATION_FAILED', 'Unknown change.', { action: 'must be up, down or remove' });
    });
    res.redirect(303, `/intake/form?saved=1#${kind === 'question' ? 'q' : 's'}-${id.replace(/\./g, '-')}`);
  }

  @Post('publish')
  @Can('clinical.author')
  @FormView('intake/builder')
  async publish(@Req() req: Request, @Res() res: Response) {
    const v = await this.templates.publish(req.auth!);
    res.redirect(303, `/intake/form?published=${v.version}`);
  }

  @Get('versions/:version')
  @Can('clients.view')
  @Render('intake/builder-version')
  async version(@Param('version', VersionPipe) version: number, @Req() req: Request) {
    const v = await this.templates.version(req.auth!, version);
    return { title: `Intake form, version ${v.version}`, version: v, sections: this.sectionsView(v.content) };
  }

  /** Runs one edit; its problems come back on the edit form's own fields. */
  private async apply(req: Request, revision: number, change: (draft: IntakeTemplateContent, retired: string[]) => IntakeTemplateContent) {
    try {
      await this.templates.edit(req.auth!, revision, change);
    } catch (error) {
      if (error instanceof DomainError && error.fields) throw new DomainError(error.code, error.message, toFormFields(error.fields));
      throw error;
    }
  }

  private async builderModel(req: Request) {
    const { template, versions } = await this.templates.overview(req.auth!);
    return {
      title: 'Intake form',
      canEdit: can(req.auth!.role, 'clinical.author'),
      template,
      versions,
      revision: template.draftRevision,
      sections: this.sectionsView(template.draft),
    };
  }

  private sectionsView(content: IntakeTemplateContent) {
    const byId = new Map(allQuestions(content).map((q) => [q.id, q]));
    return content.sections.map((s, i) => ({
      id: s.id,
      anchor: `s-${s.id}`,
      title: s.title,
      intro: s.intro,
      first: i === 0,
      last: i === content.sections.length - 1,
      hasLocked: s.questions.some((q) => isLocked(q.id)),
      questions: s.questions.map((q) => ({ ...questionSummary(q, byId), anchor: `q-${q.id.replace(/\./g, '-')}` })),
    }));
  }

  private async questionModel(req: Request, id?: string, sectionId?: string) {
    const { template } = await this.templates.overview(req.auth!);
    const draft = template.draft;
    const question = id ? allQuestions(draft).find((q) => q.id === id) : undefined;
    if (id && !question) throw notFound('That question');
    const section = draft.sections.find((s) => (question ? s.questions.includes(question) : s.id === sectionId));
    if (!section) throw notFound('That section');
    return {
      title: question ? `Edit “${question.label}”` : `New question in “${section.title}”`,
      question,
      section,
      locked: question ? isLocked(question.id) : false,
      revision: template.draftRevision,
      typeOptions: TYPE_OPTIONS,
      showIfOptions: showIfChoices(questionsBefore(draft, question?.id, question ? undefined : section.id)),
    };
  }

  private async sectionModel(req: Request, id?: string) {
    const { template } = await this.templates.overview(req.auth!);
    const section = id ? template.draft.sections.find((s) => s.id === id) : undefined;
    if (id && !section) throw notFound('That section');
    return { title: section ? `Edit “${section.title}”` : 'New section', section, revision: template.draftRevision };
  }
}
