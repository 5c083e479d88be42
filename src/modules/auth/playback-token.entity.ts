import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A short-lived playback link's hash (never the token), bound to one user, recording and purpose. */
@Entity('playback_tokens')
@Index('playback_tokens_expiry_idx', ['expiresAt'])
export class PlaybackTokenEntity {
  @PrimaryColumn('bytea', { name: 'token_hash', primaryKeyConstraintName: 'playback_tokens_pkey' }) tokenHash!: Buffer;
  @Column('uuid', { name: 'recording_id' })
  @ForeignKey('recordings', { name: 'playback_tokens_recording_id_fkey', onDelete: 'CASCADE' })
  recordingId!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'playback_tokens_tenant_id_fkey' })
  tenantId!: string;
  @Column('text') subject!: string;
  @Column('text') role!: string;
  @Column('text') purpose!: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
