import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/*
 * The outbox's tables, for the schema check (test/schema.e2e-spec.ts) and the
 * entity list; WebhookRepository reads and writes them in SQL.
 */

/** One event, written in the transaction of the change it reports. `payload` is the event's `data`. */
@Entity('webhook_events')
@Index('webhook_events_recording_idx', ['recordingId', 'createdAt'])
@Index('webhook_events_created_idx', ['createdAt'])
export class WebhookEventEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'webhook_events_pkey' }) id!: string;
  @Column('uuid', { name: 'tenant_id' })
  @ForeignKey('tenants', { name: 'webhook_events_tenant_id_fkey', onDelete: 'CASCADE' })
  tenantId!: string;
  @Column('text') type!: string;
  @Column('uuid', { name: 'recording_id', nullable: true }) recordingId!: string | null;
  @Column('jsonb') payload!: object;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}

/** One event to one endpoint (the tenant webhook or the upload's callbackUrl), and where its sending stands. */
@Entity('webhook_deliveries')
@Index('webhook_deliveries_due_idx', ['nextAttemptAt'], { where: `(status = 'pending'::text)` })
@Index('webhook_deliveries_list_idx', ['tenantId', 'createdAt', 'id'])
@Index('webhook_deliveries_event_idx', ['eventId'])
@Check('webhook_deliveries_endpoint_check', `endpoint IN ('tenant', 'callback')`)
@Check('webhook_deliveries_status_check', `status IN ('pending', 'succeeded', 'failed')`)
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'webhook_deliveries_pkey' }) id!: string;
  @Column('uuid', { name: 'event_id' })
  @ForeignKey('webhook_events', { name: 'webhook_deliveries_event_id_fkey', onDelete: 'CASCADE' })
  eventId!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text') endpoint!: string;
  @Column('text') url!: string;
  @Column('text', { default: 'pending' }) status!: string;
  @Column('integer', { default: 0 }) attempts!: number;
  /** `attempts` when the current round began (a replay starts a new one). */
  @Column('integer', { name: 'attempt_base', default: 0 }) attemptBase!: number;
  @Column('timestamptz', { name: 'next_attempt_at', default: () => 'now()' }) nextAttemptAt!: Date;
  /** While set and in the future, a worker is sending this delivery. */
  @Column('timestamptz', { name: 'lease_until', nullable: true }) leaseUntil!: Date | null;
  @Column('integer', { name: 'last_status_code', nullable: true }) lastStatusCode!: number | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

/** One attempt of a delivery: when, how long, and the answer (status code) or the error. */
@Entity('webhook_attempts')
export class WebhookAttemptEntity {
  @PrimaryColumn('uuid', { name: 'delivery_id', primaryKeyConstraintName: 'webhook_attempts_pkey' })
  @ForeignKey('webhook_deliveries', { name: 'webhook_attempts_delivery_id_fkey', onDelete: 'CASCADE' })
  deliveryId!: string;
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'webhook_attempts_pkey' }) attempt!: number;
  /** The `webhook-timestamp` the attempt was signed with (Unix seconds). */
  @Column('bigint', { name: 'webhook_timestamp' }) webhookTimestamp!: string;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('integer', { name: 'duration_ms' }) durationMs!: number;
  @Column('integer', { name: 'status_code', nullable: true }) statusCode!: number | null;
  @Column('text', { nullable: true }) error!: string | null;
}
