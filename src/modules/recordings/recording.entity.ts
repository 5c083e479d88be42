import type { ConsentDecision } from '../consent/consent.decision';
import type { UploadMetadataStored } from './upload-metadata.schema';
import type { RedactionReport } from '../redaction/redaction.types';
import type { RecordingWarning } from './recording.contract';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

export type RecordingStatus =
  'received' | 'awaiting_consent' | 'processing' | 'available' | 'rejected' | 'failed' | 'deleted';

@Entity('recordings')
@Index('recordings_tenant_created_idx', ['tenantId', 'createdAt'])
@Index('recordings_status_idx', ['status'])
@Index('recordings_retention_idx', ['retainUntil'], { where: `(status <> 'deleted'::text)` })
@Unique('recordings_tenant_id_external_call_id_key', ['tenantId', 'externalCallId'])
@Unique('recordings_tenant_id_idempotency_key_key', ['tenantId', 'idempotencyKey'])
@Check(
  'recordings_status_check',
  `status IN ('received', 'awaiting_consent', 'processing', 'available', 'rejected', 'failed', 'deleted')`,
)
@Check('recordings_direction_check', `direction IN ('inbound', 'outbound', 'internal')`)
@Check('recordings_duration_ms_check', 'duration_ms >= 0')
export class RecordingEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'recordings_pkey' }) id!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'recordings_tenant_id_fkey' })
  tenantId!: string;
  @Column('text', { name: 'external_call_id' }) externalCallId!: string;
  @Column('text', { name: 'idempotency_key', nullable: true }) idempotencyKey!: string | null;
  @Column('text') status!: RecordingStatus;
  @Column('text', { name: 'status_reason', nullable: true }) statusReason!: string | null;
  @Column('text', { nullable: true }) direction!: string | null;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt!: Date | null;
  @Column('integer', { name: 'duration_ms', nullable: true }) durationMs!: number | null;
  @Column('text', { name: 'media_format', nullable: true }) mediaFormat!: string | null;
  @Column('integer', { name: 'sample_rate', nullable: true }) sampleRate!: number | null;
  @Column('smallint', { nullable: true }) channels!: number | null;
  @Column('text', { name: 'quarantine_key', nullable: true }) quarantineKey!: string | null;
  @Column('bigint', { name: 'quarantine_size', nullable: true }) quarantineSize!: string | null;
  @Column('text', { name: 'object_key', nullable: true }) objectKey!: string | null;
  @Column('bigint', { name: 'object_size', nullable: true }) objectSize!: string | null;
  @Column('bytea', { name: 'object_sha256', nullable: true }) objectSha256!: Buffer | null;
  @Column('jsonb', { name: 'consent_decision', nullable: true }) consentDecision!: ConsentDecision | null;
  @Column('jsonb', { name: 'redaction_report', nullable: true }) redactionReport!: RedactionReport | null;
  /** What is stored differs from what the upload claimed (a file cut short); shown with the recording. */
  @Column('jsonb', { default: () => "'[]'" }) warnings!: RecordingWarning[];
  @Column('boolean', { name: 'legal_hold', default: false }) legalHold!: boolean;
  @Column('timestamptz', { name: 'retain_until', nullable: true }) retainUntil!: Date | null;
  @Column('text', { name: 'transcript_key', nullable: true }) transcriptKey!: string | null;
  /** The upload's metadata minus the transcript: channels, markers, direction, timings. */
  @Column('jsonb', { nullable: true }) metadata!: UploadMetadataStored | null;
  @Column('bigint', { name: 'received_bytes', nullable: true }) receivedBytes!: string | null;
  @Column('timestamptz', { name: 'processing_started_at', nullable: true }) processingStartedAt!: Date | null;
  @Column('timestamptz', { name: 'available_at', nullable: true }) availableAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
