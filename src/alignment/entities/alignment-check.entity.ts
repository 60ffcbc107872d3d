import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Intake } from '../../intake/entities/intake.entity';
import { OfferingVersion } from '../../offerings/entities/offering-version.entity';

/**
 * A practitioner compared this intake with one published offering version: the shared page both
 * sides see. The findings are computed from the two immutable records, so they never drift.
 */
@Entity('alignment_checks')
@Index('uq_alignment_checks', ['intakeId', 'offeringVersionId'], { unique: true })
export class AlignmentCheck {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @Column({ type: 'uuid', name: 'intake_id' })
  intakeId: string;

  @ManyToOne(() => Intake, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'intake_id' })
  intake?: Relation<Intake>;

  @Column({ type: 'uuid', name: 'offering_version_id' })
  offeringVersionId: string;

  @ManyToOne(() => OfferingVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'offering_version_id' })
  offeringVersion?: Relation<OfferingVersion>;

  @Column({ type: 'uuid', name: 'created_by_id' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
