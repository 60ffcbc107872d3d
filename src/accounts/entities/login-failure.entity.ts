import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type LoginFailureScope = 'account' | 'ip';

/** One failed log-in, counted per account and per IP over a sliding window. Kept in PostgreSQL so every instance sees it. */
@Entity('login_failures')
@Index('idx_login_failures_lookup', ['scope', 'key', 'failedAt'])
export class LoginFailure {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 10 })
  scope: LoginFailureScope;

  /** The e-mail (lower-cased) or the IP address. */
  @Column({ type: 'varchar', length: 254 })
  key: string;

  @Column({ type: 'timestamptz', name: 'failed_at' })
  failedAt: Date;
}
