import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWebhooks1765000000000 implements MigrationInterface {
  name = 'CreateWebhooks1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // The outbox: an event row is written in the transaction of the change it reports, so it
    // exists exactly when that change committed. Payloads hold ids and codes only.
    await q.query(`
      CREATE TABLE webhook_events (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        type text NOT NULL,
        recording_id uuid,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_events_pkey PRIMARY KEY (id),
        CONSTRAINT webhook_events_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX webhook_events_recording_idx ON webhook_events (recording_id, created_at)`);
    // One row per event and endpoint; a worker holds a row by its lease while it sends, and
    // `attempts` fences the outcome (an attempt whose lease was taken over writes nothing).
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid NOT NULL,
        event_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        endpoint text NOT NULL,
        url text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        attempt_base integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id),
        CONSTRAINT webhook_deliveries_event_id_fkey FOREIGN KEY (event_id) REFERENCES webhook_events (id) ON DELETE CASCADE,
        CONSTRAINT webhook_deliveries_endpoint_check CHECK (endpoint IN ('tenant', 'callback')),
        CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'succeeded', 'failed'))
      )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (tenant_id, created_at, id)`);
    await q.query(`CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id)`);
    await q.query(`
      CREATE TABLE webhook_attempts (
        delivery_id uuid NOT NULL,
        attempt integer NOT NULL,
        webhook_timestamp bigint NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        status_code integer,
        error text,
        CONSTRAINT webhook_attempts_pkey PRIMARY KEY (delivery_id, attempt),
        CONSTRAINT webhook_attempts_delivery_id_fkey FOREIGN KEY (delivery_id) REFERENCES webhook_deliveries (id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_events`);
  }
}
