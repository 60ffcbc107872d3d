import { Controller, Get, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Can } from '../accounts/access.decorators';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTIONS,
  AUDIT_RECORD_KIND_LABELS,
  AUDIT_RECORD_KINDS,
  type AuditAction,
  type AuditRecordKind,
} from './audit-events';
import { AuditRow, AuditTrailService } from './audit-trail.service';
import { csvLine } from './csv';
import { AuditQueryDto } from './dto/audit-query.dto';

/** Where a record's own page is, for the kinds that have one. */
const RECORD_PATHS: Partial<Record<AuditRecordKind, string>> = {
  intake: '/intake/',
  agreement: '/agreements/',
  review: '/reviews/',
  client: '/clients/',
};
const CSV_COLUMNS = [
  'seq',
  'occurred_at',
  'action',
  'record_kind',
  'record_id',
  'actor_kind',
  'actor_id',
  'actor_name',
  'ip',
  'user_agent',
  'data',
  'prev_hash',
  'hash',
];

const actorLabel = (r: AuditRow) =>
  r.actorKind === 'staff' ? (r.actorName ?? 'Former staff member') : r.actorKind === 'client' ? 'Client (through their link)' : 'Ayni';

/** The owner's audit trail: filters, pages, the chain's verification and a CSV export. */
@ApiExcludeController()
@Controller()
export class AuditPagesController {
  constructor(private readonly trail: AuditTrailService) {}

  @Get('audit')
  @Can('audit.view')
  @Render('audit/index')
  async index(@Query() query: AuditQueryDto, @Req() req: Request) {
    const filter = query.toFilter();
    const result = await this.trail.page(req.auth!, filter, query.page);
    const verification = query.verify ? await this.trail.verify(req.auth!.practiceId) : null;
    const params = (extra: Record<string, string> = {}) =>
      new URLSearchParams({
        ...Object.fromEntries(
          Object.entries({
            from: query.from,
            to: query.to,
            action: query.action,
            kind: query.kind,
            actor: query.actor,
            record: query.record,
          }).filter((e): e is [string, string] => !!e[1]),
        ),
        ...extra,
      }).toString();
    return {
      title: 'Audit trail',
      filters: { from: query.from ?? '', to: query.to ?? '', record: query.record ?? '' },
      filtered: !!(query.from || query.to || query.action || query.kind || query.actor || query.record),
      actions: AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a], selected: a === query.action })),
      kinds: AUDIT_RECORD_KINDS.map((k) => ({ value: k, label: AUDIT_RECORD_KIND_LABELS[k], selected: k === query.kind })),
      actors: [
        { value: 'staff', label: 'Any staff member' },
        ...result.staff.map((s) => ({ value: s.id, label: s.name })),
        { value: 'client', label: 'Clients (through their link)' },
        { value: 'system', label: 'Ayni (automatic)' },
      ].map((o) => ({ ...o, selected: o.value === query.actor?.toLowerCase() })),
      rows: result.rows.map((r) => ({
        ...r,
        actionLabel: AUDIT_ACTION_LABELS[r.action as AuditAction] ?? r.action,
        kindLabel: AUDIT_RECORD_KIND_LABELS[r.recordKind as AuditRecordKind] ?? r.recordKind,
        recordHref: RECORD_PATHS[r.recordKind as AuditRecordKind] ? `${RECORD_PATHS[r.recordKind as AuditRecordKind]}${r.recordId}` : null,
        actor: actorLabel(r),
        facts: Object.entries(r.data).map(([key, value]) => ({ key, value: String(value) })),
        shortHash: r.hash.slice(0, 12),
      })),
      total: result.total,
      page: result.page,
      pages: result.pages,
      previous: result.page > 1 ? `/audit?${params({ page: String(result.page - 1) })}` : null,
      next: result.page < result.pages ? `/audit?${params({ page: String(result.page + 1) })}` : null,
      csvHref: `/audit.csv?${params()}`,
      verifyHref: `/audit?${params({ verify: '1' })}`,
      verification,
    };
  }

  /** The same filter as the page, every matching event, as CSV. */
  @Get('audit.csv')
  @Can('audit.view')
  async csv(@Query() query: AuditQueryDto, @Req() req: Request, @Res() res: Response) {
    const batches = this.trail.all(req.auth!, query.toFilter());
    // The first batch is read before any header is sent, so a bad filter is still a clean error.
    const first = await batches.next();
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.write(csvLine(CSV_COLUMNS));
    const write = (rows: AuditRow[]) =>
      res.write(
        rows
          .map((r) =>
            csvLine([
              r.seq,
              r.occurredAt,
              r.action,
              r.recordKind,
              r.recordId,
              r.actorKind,
              r.actorId,
              r.actorName,
              r.ip,
              r.userAgent,
              JSON.stringify(r.data),
              r.prevHash,
              r.hash,
            ]),
          )
          .join(''),
      );
    if (!first.done) write(first.value);
    for await (const rows of batches) write(rows);
    res.end();
  }
}
