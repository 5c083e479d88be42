import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RedactionSpan } from '../redaction/redaction.types';

/** A muted span of an available recording (masked value only: at most the last four digits). */
@Entity('redaction_spans')
@Index('redaction_spans_recording_idx', ['recordingId', 'startMs'])
@Check('redaction_spans_start_ms_check', 'start_ms >= 0')
@Check('redaction_spans_check', 'end_ms >= start_ms')
@Check('redaction_spans_kind_check', `kind IN ('pan', 'cvv', 'expiry', 'dtmf', 'marker', 'consent-trim')`)
export class RedactionSpanEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'redaction_spans_pkey' }) id!: string;
  @Column('uuid', { name: 'recording_id' })
  @ForeignKey('recordings', { name: 'redaction_spans_recording_id_fkey', onDelete: 'CASCADE' })
  recordingId!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'redaction_spans_tenant_id_fkey' })
  tenantId!: string;
  @Column('integer', { name: 'start_ms' }) startMs!: number;
  @Column('integer', { name: 'end_ms' }) endMs!: number;
  @Column('smallint', { nullable: true }) channel!: number | null;
  @Column('text') kind!: RedactionSpan['kind'];
  @Column('text') detector!: string;
  @Column('real') confidence!: number;
  @Column('text') masked!: string;
}
