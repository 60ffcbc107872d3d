import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Image } from '../../media/image.entity';

/** The tenant: every row of practice data carries its practice id. */
@Entity('practices')
export class Practice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** Used by the public pages (/p/{slug}). */
  @Column({ type: 'varchar', length: 80, unique: true })
  slug: string;

  /** The public profile, edited by the owner. Time zone and locale drive dates, money and paper size. */
  @Column({ type: 'text', default: '' })
  address: string;

  @Column({ type: 'varchar', length: 40, default: '' })
  phone: string;

  @Column({ type: 'varchar', length: 254, name: 'public_email', default: '' })
  publicEmail: string;

  @Column({ type: 'text', name: 'opening_hours', default: '' })
  openingHours: string;

  @Column({ type: 'varchar', length: 64, name: 'time_zone', default: 'UTC' })
  timeZone: string;

  @Column({ type: 'varchar', length: 35, default: 'en-US' })
  locale: string;

  @Column({ type: 'char', length: 3, default: 'USD' })
  currency: string;

  @Column({ type: 'uuid', name: 'logo_image_id', nullable: true })
  logoImageId: string | null;

  @ManyToOne(() => Image, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'logo_image_id', foreignKeyConstraintName: 'FK_practices_logo' })
  logo?: Relation<Image>;

  /** Owners and practitioners must use a second factor (TOTP) to log in. Front desk may choose. */
  @Column({ type: 'boolean', name: 'mfa_required', default: true })
  mfaRequired: boolean;

  /** Years a signed agreement is kept after care under it ended, when its client's data is erased. */
  @Column({ type: 'integer', name: 'retention_years', default: 7 })
  retentionYears: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
