import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * The lease of one running job attempt. The attempt renews `expiresAt` while
 * it works; a step commits only while its row exists; once the row has
 * expired, recovery deletes it (taking the job from that attempt for good)
 * and queues the job again.
 */
@Entity('job_leases')
@Unique('job_leases_job_id_key', ['jobId'])
@Index('job_leases_expires_at_idx', ['expiresAt'])
export class JobLeaseEntity {
  @PrimaryColumn('uuid', { name: 'attempt_id', primaryKeyConstraintName: 'job_leases_pkey' }) attemptId!: string;
  @Column('uuid', { name: 'job_id' }) jobId!: string;
  @Column('text', { name: 'job_name' }) jobName!: string;
  /** The job's payload (ids only), to queue it again if its queue row is gone. */
  @Column('jsonb', { name: 'data' }) data!: object;
  /** Host and process id of the attempt, for operators. */
  @Column('text', { name: 'worker' }) worker!: string;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
}
