import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Intake } from '../../intake/entities/intake.entity';
import { REFLECTION_STATUSES, type ReflectionStatus } from '../reflection-status';

/**
 * Where "being heard" stands for one submitted intake. A submitted intake without this row is
 * awaiting its first reflection. The rounds themselves are ReflectionEntry rows.
 */
@Entity('reflections')
export class Reflection {
  @PrimaryColumn({ type: 'uuid', name: 'intake_id' })
  intakeId: string;

  @OneToOne(() => Intake, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'intake_id' })
  intake?: Relation<Intake>;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @Column({ type: 'enum', enum: REFLECTION_STATUSES, enumName: 'reflection_status' })
  status: ReflectionStatus;

  /** The latest round: reflection N and, once the client answers, response N. */
  @Column({ type: 'integer' })
  round: number;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
