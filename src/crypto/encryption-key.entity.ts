import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per key id that has encrypted anything: a known text encrypted under that key (bound to
 * its id), so start-up can tell a wrong key from a right one before reading any client's words, and
 * know which key ids data may still be stored under. `retired_at`: crypto:rotate found no value left
 * under it, so it may leave ENCRYPTION_KEYS. Never the key itself.
 */
@Entity('encryption_keys')
export class EncryptionKeyCheck {
  @PrimaryColumn({ type: 'varchar', length: 32, name: 'key_id', primaryKeyConstraintName: 'PK_encryption_keys' })
  keyId: string;

  @Column({ type: 'text', name: 'check_value' })
  checkValue: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'retired_at', nullable: true })
  retiredAt: Date | null;
}
