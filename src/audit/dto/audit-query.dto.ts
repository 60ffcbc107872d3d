import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { BlankAsMissing, ToNumber } from '../../offerings/dto/transforms';
import { AUDIT_ACTIONS, AUDIT_RECORD_KINDS, type AuditAction, type AuditRecordKind } from '../audit-events';
import type { AuditFilter } from '../audit-trail.service';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ACTOR = /^(staff|client|system|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The audit page's filters, the same for the page and its CSV export. */
export class AuditQueryDto {
  toFilter(): AuditFilter {
    return {
      from: this.from,
      to: this.to,
      action: this.action,
      recordKind: this.kind,
      actor: this.actor?.toLowerCase(),
      recordId: this.record?.toLowerCase(),
    };
  }

  @IsOptional()
  @BlankAsMissing()
  @Matches(DATE, { message: 'must be a date, written like 2026-12-07' })
  from?: string;

  @IsOptional()
  @BlankAsMissing()
  @Matches(DATE, { message: 'must be a date, written like 2026-12-07' })
  to?: string;

  @IsOptional()
  @BlankAsMissing()
  @IsIn(AUDIT_ACTIONS, { message: 'must be one of the actions listed' })
  action?: AuditAction;

  @IsOptional()
  @BlankAsMissing()
  @IsIn(AUDIT_RECORD_KINDS, { message: `must be one of ${AUDIT_RECORD_KINDS.join(', ')}` })
  kind?: AuditRecordKind;

  @IsOptional()
  @BlankAsMissing()
  @Matches(ACTOR, { message: 'must be staff, client, system or a team member' })
  actor?: string;

  @IsOptional()
  @BlankAsMissing()
  @IsUUID('all', { message: 'must be a record id (a UUID)' })
  record?: string;

  @IsOptional()
  @ToNumber()
  @Min(1)
  @Max(1000000)
  @IsInt({ message: 'must be a page number' })
  page?: number;

  /** Walk the chain and show the result. */
  @IsOptional()
  @BlankAsMissing()
  @IsIn(['1'])
  verify?: string;
}
