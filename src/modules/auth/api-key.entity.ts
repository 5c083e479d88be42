import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type ApiKeyRole = 'ingest' | 'admin';

@Entity('api_keys')
@Index('api_keys_tenant_idx', ['tenantId'])
@Unique('api_keys_prefix_key', ['prefix'])
@Check('api_keys_role_check', `role IN ('ingest', 'admin')`)
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'api_keys_pkey' }) id!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'api_keys_tenant_id_fkey' })
  tenantId!: string;
  @Column('text') role!: ApiKeyRole;
  @Column('text') prefix!: string;
  @Column('bytea', { name: 'secret_hash', select: false }) secretHash!: Buffer;
  @Column('text', { nullable: true }) label!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
}
