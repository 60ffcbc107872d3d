import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PrintableKind, PrintedItem } from './printed-item.entity';

export interface QueueRow {
  kind: PrintableKind;
  id: string;
  client: string | null;
  title: string | null;
  status: string;
  changedAt: Date;
  lastPrintedAt: Date | null;
}

/** What is waiting to be printed: changed since it was last printed (or never printed). */
@Injectable()
export class PrintQueueRepository {
  async agreements(tx: EntityManager, practiceId: string): Promise<QueueRow[]> {
    return tx.query(
      `SELECT 'agreement' AS kind, a.id, a.content->'client'->>'name' AS client, a.content->'offering'->>'title' AS title,
              a.status::text AS status, a.updated_at AS "changedAt", p.last AS "lastPrintedAt"
         FROM agreements a
         LEFT JOIN LATERAL (SELECT max(printed_at) AS last FROM printed_items WHERE practice_id = a.practice_id AND kind = 'agreement' AND record_id = a.id) p ON true
        WHERE a.practice_id = $1 AND a.status IN ('proposed', 'client_signed', 'countersigned', 'active')
          AND (p.last IS NULL OR p.last < a.updated_at)
        ORDER BY a.updated_at DESC
        LIMIT 200`,
      [practiceId],
    );
  }

  async intakeSummaries(tx: EntityManager, practiceId: string): Promise<QueueRow[]> {
    return tx.query(
      `SELECT 'intake_summary' AS kind, i.id, coalesce(c.name, i.answers->>'about.name') AS client, NULL AS title,
              i.status::text AS status, i.submitted_at AS "changedAt", p.last AS "lastPrintedAt"
         FROM intakes i
         JOIN clients c ON c.id = i.client_id
         LEFT JOIN LATERAL (SELECT max(printed_at) AS last FROM printed_items WHERE practice_id = i.practice_id AND kind = 'intake_summary' AND record_id = i.id) p ON true
        WHERE i.practice_id = $1 AND i.submitted_at IS NOT NULL AND p.last IS NULL AND c.erased_at IS NULL
        ORDER BY i.submitted_at DESC
        LIMIT 200`,
      [practiceId],
    );
  }

  async record(tx: EntityManager, items: Array<Omit<PrintedItem, 'id'>>) {
    if (items.length) await tx.getRepository(PrintedItem).insert(items);
  }
}
