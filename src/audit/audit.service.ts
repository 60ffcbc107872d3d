import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEvent } from './audit-event.entity';
import type { AuditActor, AuditEventInput } from './audit-events';

/**
 * The one place events are recorded. It takes the use case's transaction, so an event exists
 * exactly when the change it describes was committed.
 */
@Injectable()
export class AuditService {
  async record(tx: EntityManager, practiceId: string, actor: AuditActor, event: AuditEventInput): Promise<void> {
    await tx.getRepository(AuditEvent).insert({
      practiceId,
      occurredAt: new Date(),
      action: event.action,
      recordKind: event.recordKind,
      recordId: event.recordId,
      actorKind: actor.kind,
      actorId: actor.id,
      ip: actor.origin?.ip.slice(0, 64) ?? null,
      userAgent: actor.origin?.userAgent?.slice(0, 300) ?? null,
      data: event.data ?? {},
    });
  }

  /** A record's events, oldest first. */
  forRecord(tx: EntityManager, practiceId: string, recordKind: string, recordId: string): Promise<AuditEvent[]> {
    return tx.getRepository(AuditEvent).find({ where: { practiceId, recordKind, recordId }, order: { occurredAt: 'ASC' } });
  }
}
