import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One link of the hash chain. Rows are appended by the audit repository under
 * an advisory lock and never changed: the database refuses UPDATE and DELETE.
 */
@Entity('audit_events')
@Index('audit_events_at_idx', ['at'])
@Index('audit_events_tenant_idx', ['tenantId', 'seq'])
@Index('audit_events_resource_idx', ['resourceType', 'resourceId'])
@Check('audit_events_outcome_check', `outcome IN ('success', 'denied', 'error')`)
export class AuditEventEntity {
  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'audit_events_pkey' }) seq!: string;
  @Column('timestamptz') at!: Date;
  @Column('text', { name: 'actor_kind' }) actorKind!: string;
  @Column('text', { name: 'actor_id', nullable: true }) actorId!: string | null;
  @Column('text', { name: 'actor_role', nullable: true }) actorRole!: string | null;
  @Column('uuid', { name: 'tenant_id', nullable: true }) tenantId!: string | null;
  @Column('text') action!: string;
  @Column('text', { name: 'resource_type', nullable: true }) resourceType!: string | null;
  @Column('text', { name: 'resource_id', nullable: true }) resourceId!: string | null;
  @Column('text') outcome!: 'success' | 'denied' | 'error';
  @Column('text', { nullable: true }) purpose!: string | null;
  @Column('text', { nullable: true }) ip!: string | null;
  @Column('text', { name: 'user_agent', nullable: true }) userAgent!: string | null;
  @Column('text', { name: 'correlation_id', nullable: true }) correlationId!: string | null;
  @Column('jsonb', { nullable: true }) details!: unknown;
  @Column('bytea', { name: 'prev_hash' }) prevHash!: Buffer;
  @Column('bytea') hash!: Buffer;
}
