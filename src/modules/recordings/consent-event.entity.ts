import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('consent_events')
@Index('consent_events_recording_idx', ['recordingId'])
@Check('consent_events_kind_check', `kind IN ('granted', 'declined', 'revoked', 'notified')`)
@Check('consent_events_offset_ms_check', 'offset_ms >= 0')
export class ConsentEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'consent_events_pkey' }) id!: string;
  @Column('uuid', { name: 'recording_id' })
  @ForeignKey('recordings', { name: 'consent_events_recording_id_fkey', onDelete: 'CASCADE' })
  recordingId!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'consent_events_tenant_id_fkey' })
  tenantId!: string;
  @Column('text', { name: 'participant_ref' }) participantRef!: string;
  @Column('text') kind!: 'granted' | 'declined' | 'revoked' | 'notified';
  @Column('text') method!: string;
  @Column('timestamptz', { nullable: true }) at!: Date | null;
  @Column('integer', { name: 'offset_ms', nullable: true }) offsetMs!: number | null;
  @Column('jsonb', { nullable: true }) evidence!: unknown;
  @Column('text') source!: string;
  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}
