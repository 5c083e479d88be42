import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('tenants')
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  /** Bring-your-own-key: the tenant's KMS key id; null = the service default. */
  @Column('text', { name: 'kms_key_id', nullable: true }) kmsKeyId!: string | null;
  @Column('bytea', { name: 'phone_key_wrapped', nullable: true, select: false }) phoneKeyWrapped!: Buffer | null;
  @Column('text', { name: 'phone_key_kms_id', nullable: true }) phoneKeyKmsId!: string | null;
  /** Policy: uploads without a transcript or markers are rejected, since spoken card data could not be checked. */
  @Column('boolean', { name: 'require_transcript', default: false }) requireTranscript!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
