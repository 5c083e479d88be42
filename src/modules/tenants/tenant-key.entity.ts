import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** A KMS key the operator allows a tenant to use as its data-key wrapping key. */
@Entity('tenant_allowed_keys')
export class TenantAllowedKeyEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id', primaryKeyConstraintName: 'tenant_allowed_keys_pkey' })
  @ForeignKey('tenants', { name: 'tenant_allowed_keys_tenant_id_fkey' })
  tenantId!: string;
  @PrimaryColumn('text', { name: 'kms_key_id', primaryKeyConstraintName: 'tenant_allowed_keys_pkey' })
  kmsKeyId!: string;
  @Column('text', { name: 'allowed_by' }) allowedBy!: string;
  @Column('timestamptz', { name: 'allowed_at', default: () => 'now()' }) allowedAt!: Date;
}
