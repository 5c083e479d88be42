import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('participants')
export class ParticipantEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'recording_id' }) recordingId!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  /** The participant's id within the upload's metadata. */
  @Column('text') ref!: string;
  @Column('text') role!: 'customer' | 'agent' | 'third-party';
  /** Keyed hash of the E.164 number, for data-subject lookups; never the number. */
  @Column('bytea', { name: 'phone_hmac', nullable: true }) phoneHmac!: Buffer | null;
  @Column('text', { name: 'phone_masked', nullable: true }) phoneMasked!: string | null;
  @Column('text', { nullable: true }) jurisdiction!: string | null;
}
