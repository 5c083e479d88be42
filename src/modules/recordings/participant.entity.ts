import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity('participants')
@Index('participants_phone_idx', ['tenantId', 'phoneHmac'])
@Unique('participants_recording_id_ref_key', ['recordingId', 'ref'])
@Check('participants_role_check', `role IN ('customer', 'agent', 'third-party')`)
export class ParticipantEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'participants_pkey' }) id!: string;
  @Column('uuid', { name: 'recording_id' })
  @ForeignKey('recordings', { name: 'participants_recording_id_fkey', onDelete: 'CASCADE' })
  recordingId!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'participants_tenant_id_fkey' })
  tenantId!: string;
  /** The participant's id within the upload's metadata. */
  @Column('text') ref!: string;
  @Column('text') role!: 'customer' | 'agent' | 'third-party';
  /** Keyed hash of the E.164 number, for data-subject lookups; never the number. */
  @Column('bytea', { name: 'phone_hmac', nullable: true }) phoneHmac!: Buffer | null;
  @Column('text', { name: 'phone_masked', nullable: true }) phoneMasked!: string | null;
  @Column('text', { nullable: true }) jurisdiction!: string | null;
}
