import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import type { RequestOrigin } from '../accounts/sessions.service';
import type { AuditActor } from '../audit/audit-events';
import { AuditService } from '../audit/audit.service';
import { DomainError, FieldErrors } from '../common/errors/domain-error';
import { ClientMail } from '../mail/client-mail.service';
import { Transactions } from '../database/transaction';
import { WebhookEvents } from '../webhooks/webhook-events.service';
import { ClientIntakeService } from '../intake/client-intake.service';
import type { Intake } from '../intake/entities/intake.entity';
import { IntakesService } from '../intake/intakes.service';
import { IntakesRepository } from '../intake/repositories/intakes.repository';
import type { Answers, IntakeTemplateContent } from '../intake/template';
import { REFLECTION_LIMITS, ReflectionContent, ResponseContent } from './reflection-content';
import { nextReflectionStatus, ReflectionEvent, ReflectionStatus, WAITING_ON } from './reflection-status';
import { ReflectionsRepository } from './repositories/reflections.repository';

export interface ClientWords {
  story: string;
  goals: Array<{ id: string; label: string; text: string }>;
}

export interface Thread {
  status: ReflectionStatus;
  waitingOn: 'practitioner' | 'client' | null;
  round: number;
  words: ClientWords;
  entries: Array<{
    round: number;
    kind: 'reflection' | 'response';
    author: string;
    at: Date;
    content: ReflectionContent | ResponseContent;
  }>;
}

/** The client's own words the practitioner reflects on: the story and each goal they wrote. */
export function clientWords(content: IntakeTemplateContent, answers: Answers): ClientWords {
  const goals = content.sections.find((s) => s.id === 'goals')?.questions ?? [];
  return {
    story: typeof answers['story.text'] === 'string' ? answers['story.text'] : '',
    goals: goals.filter((q) => typeof answers[q.id] === 'string').map((q) => ({ id: q.id, label: q.label, text: answers[q.id] as string })),
  };
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const tooLong = (value: string, max: number) => [...value].length > max;

/**
 * Being heard: the practitioner writes back what they heard, the client confirms or corrects it,
 * rounds continue until the client confirms. Every round is kept; every change of status is
 * recorded in the audit trail in the same transaction.
 */
@Injectable()
export class ReflectionsService {
  constructor(
    private readonly tx: Transactions,
    private readonly reflections: ReflectionsRepository,
    private readonly intakes: IntakesService,
    private readonly intakeRows: IntakesRepository,
    private readonly clientIntake: ClientIntakeService,
    private readonly audit: AuditService,
    private readonly mail: ClientMail,
    private readonly webhooks: WebhookEvents,
  ) {}

  /** The thread for staff; null before the client has submitted. Reading it is recorded. */
  async forStaff(auth: AuthContext, intakeId: string, readFrom: RequestOrigin): Promise<Thread | null> {
    const { intake, version, submission } = await this.intakes.forExport(auth, intakeId, null);
    if (!submission) return null;
    return this.tx.run(async (tx) => {
      await this.viewed(tx, intake, { kind: 'staff', id: auth.userId, origin: readFrom });
      return this.thread(tx, intake, clientWords(version.content, submission.answers));
    });
  }

  /** The thread for the client, through their live link. Reading it is recorded. */
  async forClient(token: string, readFrom: RequestOrigin): Promise<Thread | null> {
    const { intake, content, submission } = await this.clientIntake.live(token);
    if (!submission) return null;
    return this.tx.run(async (tx) => {
      await this.viewed(tx, intake, { kind: 'client', id: intake.clientId, origin: readFrom });
      return this.thread(tx, intake, clientWords(content, submission.answers));
    });
  }

  private viewed(tx: EntityManager, intake: Intake, actor: AuditActor) {
    return this.audit.record(tx, intake.practiceId, actor, { action: 'reflection.viewed', recordKind: 'intake', recordId: intake.id });
  }

  reflect(auth: AuthContext, intakeId: string, input: { story?: unknown; mattersMost?: unknown; goals?: unknown }, origin: RequestOrigin) {
    // Read first, outside the transaction: a transaction inside another waits forever on the embedded database.
    const found = this.intakes.forExport(auth, intakeId, null);
    return found.then(({ version, submission }) =>
      this.tx.run(async (tx) => {
        if (!submission) {
          throw new DomainError('INTAKE_NOT_SUBMITTED', 'The client has not submitted this intake yet: there is nothing to reflect on.');
        }
        const intake = (await this.intakeRows.findInPractice(tx, auth.practiceId, intakeId, true))!;
        const current = await this.reflections.find(tx, auth.practiceId, intakeId, true);
        const round = (current?.round ?? 0) + 1;
        const status = this.move(current?.status ?? 'awaiting_reflection', 'reflect');
        const words = clientWords(version.content, submission.answers);
        const content = checkReflection(input, words);
        await this.reflections.addEntry(tx, {
          practiceId: auth.practiceId,
          intakeId,
          round,
          kind: 'reflection',
          authorId: auth.userId,
          content,
        });
        await this.reflections.save(tx, { intakeId, practiceId: auth.practiceId, status, round });
        const actor = { kind: 'staff' as const, id: auth.userId, origin };
        await this.audit.record(tx, auth.practiceId, actor, {
          action: 'reflection.sent',
          recordKind: 'intake',
          recordId: intakeId,
          data: { round },
        });
        await this.intakes.markReviewedIn(tx, auth, intake, origin);
        await this.mail.reflectionReady(tx, auth, intakeId, round);
        return { status, round };
      }),
    );
  }

  respond(token: string, input: { verdict?: unknown; overall?: unknown; goals?: unknown }, origin: RequestOrigin) {
    return this.clientIntake.live(token).then(({ intake, content, submission }) =>
      this.tx.run(async (tx) => {
        const current = submission ? await this.reflections.find(tx, intake.practiceId, intake.id, true) : null;
        if (!current)
          throw new DomainError('REFLECTION_NOT_READY', 'Your practitioner has not written back yet. You will find their reflection here.');
        const response = checkResponse(input, clientWords(content, submission!.answers));
        const status = this.move(current.status, response.verdict === 'confirmed' ? 'confirm' : 'correct');
        await this.reflections.addEntry(tx, {
          practiceId: intake.practiceId,
          intakeId: intake.id,
          round: current.round,
          kind: 'response',
          authorId: null,
          content: response,
        });
        await this.reflections.save(tx, { intakeId: intake.id, practiceId: intake.practiceId, status, round: current.round });
        await this.audit.record(
          tx,
          intake.practiceId,
          { kind: 'client', id: intake.clientId, origin },
          {
            action: response.verdict === 'confirmed' ? 'reflection.confirmed' : 'reflection.corrected',
            recordKind: 'intake',
            recordId: intake.id,
            data: { round: current.round },
          },
        );
        if (status === 'heard')
          await this.webhooks.emit(tx, intake.practiceId, 'reflection.confirmed', {
            intakeId: intake.id,
            clientId: intake.clientId,
            round: current.round,
            confirmedAt: new Date(),
          });
        return { status, round: current.round };
      }),
    );
  }

  private async thread(tx: EntityManager, intake: Intake, words: ClientWords): Promise<Thread> {
    const current = await this.reflections.find(tx, intake.practiceId, intake.id);
    const status = current?.status ?? 'awaiting_reflection';
    const entries = await this.reflections.entries(tx, intake.practiceId, intake.id);
    return {
      status,
      waitingOn: WAITING_ON[status],
      round: current?.round ?? 0,
      words,
      entries: entries.map((e) => ({
        round: e.round,
        kind: e.kind,
        author: e.kind === 'response' ? 'Client' : (e.author?.name ?? 'Practitioner'),
        at: e.createdAt,
        content: e.content,
      })),
    };
  }

  private move(from: ReflectionStatus, event: ReflectionEvent): ReflectionStatus {
    const to = nextReflectionStatus(from, event);
    if (to) return to;
    const why: Record<ReflectionStatus, string> = {
      awaiting_reflection: 'The practitioner has not written back yet.',
      awaiting_client: 'The client has not answered the last reflection yet.',
      needs_revision: 'The client corrected the last reflection: it needs a revision first.',
      heard: 'The client has already confirmed that they were heard.',
    };
    throw new DomainError('REFLECTION_OUT_OF_TURN', why[from]);
  }
}

function checkReflection(input: { story?: unknown; mattersMost?: unknown; goals?: unknown }, words: ClientWords): ReflectionContent {
  const problems: FieldErrors = {};
  const story = text(input.story);
  const mattersMost = text(input.mattersMost);
  if (!story) problems.story = 'is required: the story as you understood it';
  else if (tooLong(story, REFLECTION_LIMITS.story)) problems.story = `must be at most ${REFLECTION_LIMITS.story} characters`;
  if (!mattersMost) problems.mattersMost = 'is required: what matters most to the client';
  else if (tooLong(mattersMost, REFLECTION_LIMITS.mattersMost))
    problems.mattersMost = `must be at most ${REFLECTION_LIMITS.mattersMost} characters`;
  const given = input.goals && typeof input.goals === 'object' ? (input.goals as Record<string, unknown>) : {};
  const goals: Record<string, string> = {};
  for (const id of Object.keys(given))
    if (!words.goals.some((g) => g.id === id)) problems[`goals.${id}`] = 'is not one of the client’s goals';
  for (const goal of words.goals) {
    const heard = text(given[goal.id]);
    if (!heard) problems[`goals.${goal.id}`] = `is required: how you understood “${goal.text}”`;
    else if (tooLong(heard, REFLECTION_LIMITS.goal)) problems[`goals.${goal.id}`] = `must be at most ${REFLECTION_LIMITS.goal} characters`;
    else goals[goal.id] = heard;
  }
  if (Object.keys(problems).length) throw new DomainError('VALIDATION_FAILED', 'Some parts of the reflection need a look.', problems);
  return { story, goals, mattersMost };
}

function checkResponse(input: { verdict?: unknown; overall?: unknown; goals?: unknown }, words: ClientWords): ResponseContent {
  const problems: FieldErrors = {};
  if (input.verdict !== 'confirmed' && input.verdict !== 'corrected') problems.verdict = 'must be confirmed or corrected';
  const overall = text(input.overall);
  if (tooLong(overall, REFLECTION_LIMITS.correction)) problems.overall = `must be at most ${REFLECTION_LIMITS.correction} characters`;
  const given = input.goals && typeof input.goals === 'object' ? (input.goals as Record<string, unknown>) : {};
  const goals: Record<string, string> = {};
  for (const [id, value] of Object.entries(given)) {
    const correction = text(value);
    if (!words.goals.some((g) => g.id === id)) problems[`goals.${id}`] = 'is not one of your goals';
    else if (tooLong(correction, REFLECTION_LIMITS.correction))
      problems[`goals.${id}`] = `must be at most ${REFLECTION_LIMITS.correction} characters`;
    else if (correction) goals[id] = correction;
  }
  const corrections = !!overall || Object.keys(goals).length > 0;
  if (input.verdict === 'corrected' && !corrections && !problems.overall) {
    problems.overall = 'is empty: write what your practitioner should know instead, overall or for a goal';
  }
  if (input.verdict === 'confirmed' && corrections) {
    problems.overall = 'holds a correction: send it with “Send my corrections”, or clear it to confirm';
  }
  if (Object.keys(problems).length) throw new DomainError('VALIDATION_FAILED', 'Your answer needs a look before it can be sent.', problems);
  return { verdict: input.verdict as ResponseContent['verdict'], overall, goals };
}
