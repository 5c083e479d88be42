import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A KMS-wrapped data key. Deleting the row crypto-shreds the object it protects. */
@Entity('data_keys')
export class DataKeyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'recording_id', nullable: true }) recordingId!: string | null;
  @Column('text', { name: 'object_kind' }) objectKind!: string;
  @Column('text', { name: 'object_key' }) objectKey!: string;
  @Column('text', { name: 'kms_key_id' }) kmsKeyId!: string;
  @Column('bytea', { name: 'wrapped_key' }) wrappedKey!: Buffer;
  @Column('jsonb', { name: 'encryption_context' }) encryptionContext!: Record<string, string>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'rotated_at', nullable: true }) rotatedAt!: Date | null;
}
