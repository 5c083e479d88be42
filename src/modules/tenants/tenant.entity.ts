import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A contact-centre customer: its KMS key, ingest policy, webhook and wrapped secrets. */
@Entity('tenants')
@Unique('tenants_name_key', ['name'])
@Check('tenants_name_check', `name ~ '^[a-z0-9][a-z0-9-]{0,62}$'`)
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'tenants_pkey' }) id!: string;
  @Column('text') name!: string;
  /** Bring-your-own-key: the tenant's KMS key id; null = the service default. */
  @Column('text', { name: 'kms_key_id', nullable: true }) kmsKeyId!: string | null;
  @Column('bytea', { name: 'phone_key_wrapped', nullable: true, select: false }) phoneKeyWrapped!: Buffer | null;
  @Column('text', { name: 'phone_key_kms_id', nullable: true }) phoneKeyKmsId!: string | null;
  /** Policy: uploads without a transcript or markers are rejected, since spoken card data could not be checked. */
  @Column('boolean', { name: 'require_transcript', default: false }) requireTranscript!: boolean;
  @Column('text', { name: 'webhook_url', nullable: true }) webhookUrl!: string | null;
  @Column('bytea', { name: 'webhook_secret_wrapped', nullable: true, select: false })
  webhookSecretWrapped!: Buffer | null;
  /** The tenant's transcription engine (without its key); null = the operator default. */
  @Column('jsonb', { nullable: true }) transcription!: Record<string, unknown> | null;
  @Column('bytea', { name: 'transcription_key_wrapped', nullable: true, select: false })
  transcriptionKeyWrapped!: Buffer | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
