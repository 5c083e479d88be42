import { Check, Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';

export type DeletionReason = 'retention' | 'erasure' | 'manual';

export interface DestroyedKey {
  dataKeyId: string;
  kmsKeyId: string;
  objectKind: string;
  objectKey: string;
}

/** What the certificate states; signed as canonical JSON. */
export interface DeletionCertificateDocument {
  kind: 'deletion-certificate';
  id: string;
  recordingId: string;
  tenantId: string;
  externalCallId: string;
  deletedAt: string;
  reason: DeletionReason;
  detail: string;
  deletedBy: { kind: string; id: string; role: string | null };
  objectSha256: string | null;
  destroyedKeys: DestroyedKey[];
  method: string;
}

/** One signed certificate per deleted recording, written in the deleting transaction. */
@Entity('deletion_certificates')
@Unique('deletion_certificates_recording_id_key', ['recordingId'])
@Check('deletion_certificates_reason_check', `reason IN ('retention', 'erasure', 'manual')`)
export class DeletionCertificateEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'deletion_certificates_pkey' }) id!: string;
  @Column('uuid', { name: 'recording_id' })
  @ForeignKey('recordings', { name: 'deletion_certificates_recording_id_fkey' })
  recordingId!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'deletion_certificates_tenant_id_fkey' })
  tenantId!: string;
  @Column('timestamptz', { name: 'deleted_at' }) deletedAt!: Date;
  @Column('text') reason!: DeletionReason;
  @Column('bytea', { name: 'object_sha256', nullable: true }) objectSha256!: Buffer | null;
  @Column('jsonb', { name: 'destroyed_keys' }) destroyedKeys!: DestroyedKey[];
  @Column('jsonb') document!: DeletionCertificateDocument;
  @Column('timestamptz', { name: 'signed_at' }) signedAt!: Date;
  @Column('text', { name: 'key_id' }) keyId!: string;
  @Column('text') algorithm!: string;
  @Column('bytea') signature!: Buffer;
}
