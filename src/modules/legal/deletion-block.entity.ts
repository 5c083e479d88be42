import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DeletionReason } from './deletion-certificate.entity';

/** A refused deletion (the recording was held). Evidence: the database refuses edits. */
@Entity('deletion_blocks')
@Index('deletion_blocks_recording_idx', ['recordingId', 'blockedAt'])
@Check('deletion_blocks_attempted_by_check', `attempted_by IN ('retention', 'erasure', 'manual')`)
export class DeletionBlockEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'deletion_blocks_pkey' }) id!: string;
  @Column('uuid', { name: 'recording_id' })
  @ForeignKey('recordings', { name: 'deletion_blocks_recording_id_fkey' })
  recordingId!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'deletion_blocks_tenant_id_fkey' })
  tenantId!: string;
  @Column('text', { name: 'attempted_by' }) attemptedBy!: DeletionReason;
  @Column('text', { name: 'requested_by' }) requestedBy!: string;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('uuid', { name: 'hold_ids', array: true }) holdIds!: string[];
  @Column('timestamptz', { name: 'blocked_at', default: () => 'now()' }) blockedAt!: Date;
}
