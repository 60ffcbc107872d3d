import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One counted event for a rate limit (a failed log-in, a sign-up, an invitation), per scope and key
 * such as ("login:account", e-mail) or ("signup:ip", address). Kept in PostgreSQL so every
 * instance of Ayni sees the same counts.
 */
@Entity('rate_limit_events')
@Index('idx_rate_limit_events_lookup', ['scope', 'key', 'at'])
export class RateLimitEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  scope: string;

  @Column({ type: 'varchar', length: 254 })
  key: string;

  @Column({ type: 'timestamptz' })
  at: Date;
}
