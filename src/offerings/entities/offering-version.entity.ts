import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { OfferingContent } from '../offering-content';
import { Offering } from './offering.entity';

export interface ProviderSnapshot {
  id: string;
  name: string;
}

/**
 * A published offering, exactly as clients saw it. Never updated or deleted (a database trigger
 * refuses both), because agreements point at the version a client agreed to.
 */
@Entity('offering_versions')
@Index('uq_offering_versions_number', ['offeringId', 'version'], { unique: true })
@Index('idx_offering_versions_practice', ['practiceId'])
export class OfferingVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'offering_id' })
  offeringId: string;

  @ManyToOne(() => Offering, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'offering_id' })
  offering?: Relation<Offering>;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  content: OfferingContent;

  /** Who provides it, with names as they were at publication. */
  @Column({ type: 'jsonb' })
  providers: ProviderSnapshot[];

  @Column({ type: 'timestamptz', name: 'published_at' })
  publishedAt: Date;

  @Column({ type: 'uuid', name: 'published_by_id' })
  publishedById: string;

  @Column({ type: 'varchar', length: 120, name: 'published_by_name' })
  publishedByName: string;
}
