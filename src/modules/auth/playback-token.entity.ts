import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A short-lived link's hash (never the token), bound to one user, one recording or bulk job's result, and a purpose. */
@Entity('playback_tokens')
@Index('playback_tokens_expiry_idx', ['expiresAt'])
@Check('playback_tokens_target_check', 'num_nonnulls(recording_id, job_id) = 1')
export class PlaybackTokenEntity {
  @PrimaryColumn('bytea', { name: 'token_hash', primaryKeyConstraintName: 'playback_tokens_pkey' }) tokenHash!: Buffer;
  @Column('uuid', { name: 'recording_id', nullable: true })
  @ForeignKey('recordings', { name: 'playback_tokens_recording_id_fkey', onDelete: 'CASCADE' })
  recordingId!: string | null;
  @Column('uuid', { name: 'job_id', nullable: true })
  @ForeignKey('bulk_jobs', { name: 'playback_tokens_job_id_fkey', onDelete: 'CASCADE' })
  jobId!: string | null;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'playback_tokens_tenant_id_fkey' })
  tenantId!: string;
  @Column('text') subject!: string;
  @Column('text') role!: string;
  @Column('text') purpose!: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
