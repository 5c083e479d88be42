import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A hold is history: released holds stay, with who released them and why. */
@Entity('legal_holds')
@Index('legal_holds_recording_idx', ['recordingId', 'placedAt'])
@Index('legal_holds_matter_idx', ['matterId', 'recordingId'])
@Check('legal_holds_check', '(released_at IS NULL) = (released_by IS NULL)')
export class LegalHoldEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'legal_holds_pkey' }) id!: string;
  @Column('uuid', { name: 'recording_id' })
  @ForeignKey('recordings', { name: 'legal_holds_recording_id_fkey' })
  recordingId!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'legal_holds_tenant_id_fkey' })
  tenantId!: string;
  @Column('uuid', { name: 'matter_id' })
  @ForeignKey('matters', { name: 'legal_holds_matter_id_fkey' })
  matterId!: string;
  /** The matter's reference when the hold was placed, as shown on the hold. */
  @Column('text') matter!: string;
  @Column('text') reason!: string;
  @Column('text', { name: 'placed_by' }) placedBy!: string;
  @Column('timestamptz', { name: 'placed_at', default: () => 'now()' }) placedAt!: Date;
  @Column('text', { name: 'released_by', nullable: true }) releasedBy!: string | null;
  @Column('timestamptz', { name: 'released_at', nullable: true }) releasedAt!: Date | null;
  @Column('text', { name: 'release_reason', nullable: true }) releaseReason!: string | null;
}
