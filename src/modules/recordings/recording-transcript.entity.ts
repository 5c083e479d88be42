import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * The redacted transcript of an available recording: where its encrypted
 * object is, and the search vector of its redacted words (never a word that
 * was replaced by its kind). The GIN index on `search` is built by the
 * migration; TypeORM cannot describe its method.
 */
@Entity('recording_transcripts')
@Index('recording_transcripts_tenant_idx', ['tenantId'])
@Index('recording_transcripts_search_idx', { synchronize: false })
@Check('recording_transcripts_words_check', 'words >= 0')
export class RecordingTranscriptEntity {
  @PrimaryColumn('uuid', { name: 'recording_id', primaryKeyConstraintName: 'recording_transcripts_pkey' })
  @ForeignKey('recordings', { name: 'recording_transcripts_recording_id_fkey', onDelete: 'CASCADE' })
  recordingId!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'recording_transcripts_tenant_id_fkey' })
  tenantId!: string;
  @Column('text', { name: 'object_key' }) objectKey!: string;
  @Column('integer') words!: number;
  @Column('tsvector', { select: false }) search!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
