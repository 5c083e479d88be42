import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A legal matter (a case): legal places and lifts holds on its recordings together. */
@Entity('matters')
@Index('matters_tenant_reference', ['tenantId', 'reference'], { unique: true })
export class MatterEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'matters_pkey' }) id!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'matters_tenant_id_fkey' })
  tenantId!: string;
  @Column('text') name!: string;
  /** The case's own reference ("Smith v. Acme 2026-113"); unique in the tenant. */
  @Column('text') reference!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
