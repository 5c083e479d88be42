import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

export const BULK_JOB_KINDS = ['evidence-export', 'audio-export', 'dsar-export', 'dsar-erase', 'import'] as const;
export type BulkJobKind = (typeof BULK_JOB_KINDS)[number];
export const BULK_JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type BulkJobStatus = (typeof BULK_JOB_STATUSES)[number];

/** Who started a job: the principal its items run as, re-read each time it runs. */
export interface BulkJobCreator {
  kind: 'api-key' | 'user';
  id: string;
  role: string;
}

/** One bulk job: its parameters, progress counters and, for exports, the encrypted result archive. */
@Entity('bulk_jobs')
@Index('bulk_jobs_tenant_created_idx', ['tenantId', 'createdAt', 'id'])
@Index('bulk_jobs_result_finished_idx', ['finishedAt'], { where: `(result_key IS NOT NULL)` })
@Check('bulk_jobs_kind_check', `kind IN ('evidence-export', 'audio-export', 'dsar-export', 'dsar-erase', 'import')`)
@Check('bulk_jobs_status_check', `status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')`)
export class BulkJobEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'bulk_jobs_pkey' }) id!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'bulk_jobs_tenant_id_fkey' })
  tenantId!: string;
  @Column('text') kind!: BulkJobKind;
  @Column('jsonb') params!: Record<string, unknown>;
  @Column('text', { default: 'queued' }) status!: BulkJobStatus;
  @Column('integer', { default: 0 }) total!: number;
  @Column('integer', { default: 0 }) done!: number;
  @Column('integer', { default: 0 }) failed!: number;
  @Column('jsonb', { name: 'created_by' }) createdBy!: BulkJobCreator;
  /** The sealed archive (exports), once the job succeeded. */
  @Column('text', { name: 'result_key', nullable: true }) resultKey!: string | null;
  @Column('bigint', { name: 'result_size', nullable: true }) resultSize!: string | null;
  @Column('text', { nullable: true }) error!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
  /** Deleted (DELETE /v1/jobs/{id}): archive and items gone, this row kept as the job's tombstone. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt!: Date | null;
  /** The archive was crypto-shredded (deletion, or BULK_JOB_ARCHIVE_RETENTION_DAYS): its link answers 410 from then on. */
  @Column('timestamptz', { name: 'result_shredded_at', nullable: true }) resultShreddedAt!: Date | null;
}

/** A file an item contributed to the archive: an encrypted part object until the archive is sealed. */
export interface ItemOutput {
  path: string;
  objectKey: string;
  bytes: number;
  sha256: string;
}

/** One item of a job: a recording (exports, erasure) or a manifest entry (import). */
@Entity('bulk_job_items')
@Index('bulk_job_items_status_idx', ['jobId', 'status', 'seq'])
@Check('bulk_job_items_status_check', `status IN ('pending', 'succeeded', 'failed')`)
export class BulkJobItemEntity {
  @PrimaryColumn('uuid', { name: 'job_id', primaryKeyConstraintName: 'bulk_job_items_pkey' })
  @ForeignKey('bulk_jobs', { name: 'bulk_job_items_job_id_fkey', onDelete: 'CASCADE' })
  jobId!: string;
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'bulk_job_items_pkey' }) seq!: number;
  /** A recording id, or for an import the object key in the tenant's bucket. */
  @Column('text') ref!: string;
  @Column('text', { default: 'pending' }) status!: 'pending' | 'succeeded' | 'failed';
  @Column('text', { name: 'error_code', nullable: true }) errorCode!: string | null;
  @Column('text', { name: 'error_message', nullable: true }) errorMessage!: string | null;
  /** What the item produced: archive parts, or the recording an import created. */
  @Column('jsonb', { nullable: true }) outputs!: { files?: ItemOutput[]; recordingId?: string } | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
}
