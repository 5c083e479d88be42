import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

@Entity('retention_policies')
@Check('retention_policies_default_days_check', 'default_days > 0')
export class RetentionPolicyEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id', primaryKeyConstraintName: 'retention_policies_pkey' })
  @ForeignKey('tenants', { name: 'retention_policies_tenant_id_fkey' })
  tenantId!: string;
  @Column('integer', { name: 'default_days' }) defaultDays!: number;
  @Column('jsonb', { name: 'by_jurisdiction', default: {} }) byJurisdiction!: Record<string, number>;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  @Column('text', { name: 'updated_by' }) updatedBy!: string;
}
