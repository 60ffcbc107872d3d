import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Practice } from '../../accounts/entities/practice.entity';
import { StaffUser } from '../../accounts/entities/staff-user.entity';
import type { WebhookEvent } from '../webhook-events';

/**
 * A practice's HTTPS endpoint for events. Its URL is fixed once registered (another URL is another
 * endpoint, checked and confirmed anew); its secret signs every delivery and is kept encrypted at
 * rest (webhook-sealing.ts), shown only when made.
 */
@Entity('webhook_endpoints')
@Index('idx_webhook_endpoints_practice', ['practiceId'])
export class WebhookEndpoint {
  /** Made before the row is saved: the encrypted secret is bound to it. */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id', foreignKeyConstraintName: 'FK_webhook_endpoints_practice' })
  practice?: Relation<Practice>;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Column({ type: 'varchar', length: 40, array: true })
  events: WebhookEvent[];

  /** `enc:v1:…`: the `whsec_…` secret, encrypted with the FieldCipher. */
  @Column({ type: 'text' })
  secret: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  description: string;

  /** Off: nothing is sent to it (deliveries still waiting are skipped) until it is turned on again. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'uuid', name: 'created_by_id', nullable: true })
  createdById: string | null;

  @ManyToOne(() => StaffUser, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'FK_webhook_endpoints_created_by' })
  createdBy?: Relation<StaffUser> | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'secret_rotated_at', nullable: true })
  secretRotatedAt: Date | null;
}
