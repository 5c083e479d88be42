import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('consent_events')
export class ConsentEventEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'recording_id' }) recordingId!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text', { name: 'participant_ref' }) participantRef!: string;
  @Column('text') kind!: 'granted' | 'declined' | 'revoked' | 'notified';
  @Column('text') method!: string;
  @Column('timestamptz', { nullable: true }) at!: Date | null;
  @Column('integer', { name: 'offset_ms', nullable: true }) offsetMs!: number | null;
  @Column('jsonb', { nullable: true }) evidence!: unknown;
  @Column('text') source!: string;
  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}
