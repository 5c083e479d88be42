import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export type KeyRotationStatus = 'running' | 'completed' | 'failed';

/** A tenant's move to another KMS key; progress the admin can poll. At most one runs per tenant. */
@Entity('key_rotations')
@Index('key_rotations_one_running', ['tenantId'], { unique: true, where: `(status = 'running'::text)` })
@Check('key_rotations_status_check', `status IN ('running', 'completed', 'failed')`)
export class KeyRotationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'key_rotations_pkey' }) id!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'key_rotations_tenant_id_fkey' })
  tenantId!: string;
  @Column('text', { name: 'target_kms_key_id' }) targetKmsKeyId!: string;
  @Column('text') status!: KeyRotationStatus;
  @Column('integer', { default: 0 }) total!: number;
  @Column('integer', { default: 0 }) done!: number;
  @Column('text', { nullable: true }) error!: string | null;
  /** The key the tenant had; a failed rotation puts it back. */
  @Column('text', { name: 'previous_kms_key_id', nullable: true }) previousKmsKeyId!: string | null;
  @Column('timestamptz', { name: 'started_at', default: () => 'now()' }) startedAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
}
