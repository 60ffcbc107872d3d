import { Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Practice } from '../../accounts/entities/practice.entity';
import { StaffUser } from '../../accounts/entities/staff-user.entity';
import type { Modality } from '../../offerings/offering-content';
import { Image } from '../../media/image.entity';

export const LICENSE_STATUSES = ['licensed', 'not_licensed'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

/**
 * How a practitioner presents themselves to clients. Licensing is stated either way, explicitly:
 * a license with its number and issuing body, or "not licensed by a state board" in their words.
 */
@Entity('practitioner_profiles')
export class PractitionerProfile {
  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId: string;

  @OneToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<StaffUser>;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id' })
  practice?: Relation<Practice>;

  @Column({ type: 'varchar', length: 120, name: 'display_name' })
  displayName: string;

  /** As the practitioner writes them, e.g. "DO, FACOOG". */
  @Column({ type: 'varchar', length: 120, default: '' })
  credentials: string;

  @Column({ type: 'jsonb', default: [] })
  modalities: Modality[];

  @Column({ type: 'integer', name: 'years_in_practice', nullable: true })
  yearsInPractice: number | null;

  @Column({ type: 'jsonb', default: [] })
  languages: string[];

  @Column({ type: 'text', default: '' })
  approach: string;

  @Column({ type: 'boolean', name: 'accepts_new_clients', default: true })
  acceptsNewClients: boolean;

  @Column({ type: 'enum', enum: LICENSE_STATUSES, enumName: 'license_status', name: 'license_status', nullable: true })
  licenseStatus: LicenseStatus | null;

  @Column({ type: 'varchar', length: 120, name: 'license_type', nullable: true })
  licenseType: string | null;

  @Column({ type: 'varchar', length: 60, name: 'license_number', nullable: true })
  licenseNumber: string | null;

  @Column({ type: 'varchar', length: 160, name: 'license_issuer', nullable: true })
  licenseIssuer: string | null;

  /** For "not licensed by a state board": training, certifications, membership bodies. */
  @Column({ type: 'text', name: 'unlicensed_explanation', nullable: true })
  unlicensedExplanation: string | null;

  @Column({ type: 'uuid', name: 'photo_image_id', nullable: true })
  photoImageId: string | null;

  @ManyToOne(() => Image, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'photo_image_id' })
  photo?: Relation<Image>;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
