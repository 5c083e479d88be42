import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import type { RuleOverrides } from '../consent/consent.rules';

/** Every override a tenant ever had, so a decision's overrideVersion can be traced to its document. */
@Entity('consent_rule_overrides')
@Check('consent_rule_overrides_version_check', 'version > 0')
export class ConsentRuleOverrideEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id', primaryKeyConstraintName: 'consent_rule_overrides_pkey' })
  @ForeignKey('tenants', { name: 'consent_rule_overrides_tenant_id_fkey' })
  tenantId!: string;
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'consent_rule_overrides_pkey' }) version!: number;
  @Column('jsonb') document!: RuleOverrides;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('text', { name: 'created_by' }) createdBy!: string;
}
