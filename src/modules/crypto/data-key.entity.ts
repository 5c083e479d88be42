import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A KMS-wrapped data key. Deleting the row crypto-shreds the object it protects. */
@Entity('data_keys')
@Index('data_keys_tenant_idx', ['tenantId', 'kmsKeyId'])
@Unique('data_keys_object_key_key', ['objectKey'])
export class DataKeyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'data_keys_pkey' }) id!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'data_keys_tenant_id_fkey' })
  tenantId!: string;
  /** Null until the transaction that creates the recording links it (an upload in flight). */
  @Column('uuid', { name: 'recording_id', nullable: true })
  @ForeignKey('recordings', { name: 'data_keys_recording_id_fkey', onDelete: 'SET NULL' })
  recordingId!: string | null;
  @Column('text', { name: 'object_kind' }) objectKind!: string;
  @Column('text', { name: 'object_key' }) objectKey!: string;
  @Column('text', { name: 'kms_key_id' }) kmsKeyId!: string;
  @Column('bytea', { name: 'wrapped_key' }) wrappedKey!: Buffer;
  @Column('jsonb', { name: 'encryption_context' }) encryptionContext!: Record<string, string>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'rotated_at', nullable: true }) rotatedAt!: Date | null;
}
