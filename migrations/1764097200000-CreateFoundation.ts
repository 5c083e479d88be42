import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFoundation1764097200000 implements MigrationInterface {
  name = 'CreateFoundation1764097200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        kms_key_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        role text NOT NULL CHECK (role IN ('ingest', 'admin')),
        prefix text NOT NULL UNIQUE,
        secret_hash bytea NOT NULL,
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id)`);
    await q.query(`
      CREATE TABLE recordings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        external_call_id text NOT NULL,
        idempotency_key text,
        status text NOT NULL CHECK (status IN
          ('received', 'awaiting_consent', 'processing', 'available', 'rejected', 'failed', 'deleted')),
        status_reason text,
        direction text CHECK (direction IN ('inbound', 'outbound', 'internal')),
        started_at timestamptz,
        duration_ms integer CHECK (duration_ms >= 0),
        media_format text,
        sample_rate integer,
        channels smallint,
        quarantine_key text,
        quarantine_size bigint,
        object_key text,
        object_size bigint,
        object_sha256 bytea,
        consent_decision jsonb,
        redaction_report jsonb,
        legal_hold boolean NOT NULL DEFAULT false,
        retain_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, external_call_id),
        UNIQUE (tenant_id, idempotency_key)
      )`);
    await q.query(`CREATE INDEX recordings_tenant_created_idx ON recordings (tenant_id, created_at DESC)`);
    await q.query(`CREATE INDEX recordings_status_idx ON recordings (status)`);
    await q.query(`
      CREATE TABLE participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recording_id uuid NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        ref text NOT NULL,
        role text NOT NULL CHECK (role IN ('customer', 'agent', 'third-party')),
        phone_hmac bytea,
        phone_masked text,
        jurisdiction text,
        UNIQUE (recording_id, ref)
      )`);
    await q.query(`CREATE INDEX participants_phone_idx ON participants (tenant_id, phone_hmac)`);
    await q.query(`
      CREATE TABLE consent_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recording_id uuid NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        participant_ref text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('granted', 'declined', 'revoked', 'notified')),
        method text NOT NULL,
        at timestamptz,
        offset_ms integer CHECK (offset_ms >= 0),
        evidence jsonb,
        source text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX consent_events_recording_idx ON consent_events (recording_id)`);
    await q.query(`
      CREATE TABLE data_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        recording_id uuid REFERENCES recordings(id) ON DELETE SET NULL,
        object_kind text NOT NULL,
        object_key text NOT NULL UNIQUE,
        kms_key_id text NOT NULL,
        wrapped_key bytea NOT NULL,
        encryption_context jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz
      )`);
    await q.query(`CREATE INDEX data_keys_tenant_idx ON data_keys (tenant_id, kms_key_id)`);
    await q.query(`
      CREATE TABLE audit_events (
        seq bigint PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_kind text NOT NULL,
        actor_id text,
        actor_role text,
        tenant_id uuid,
        action text NOT NULL,
        resource_type text,
        resource_id text,
        outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'error')),
        purpose text,
        ip text,
        user_agent text,
        correlation_id text,
        details jsonb,
        prev_hash bytea NOT NULL,
        hash bytea NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_events_at_idx ON audit_events (at)`);
    await q.query(`CREATE INDEX audit_events_tenant_idx ON audit_events (tenant_id, seq)`);
    await q.query(`CREATE INDEX audit_events_resource_idx ON audit_events (resource_type, resource_id)`);
    await q.query(`
      CREATE TABLE audit_checkpoints (
        seq bigint PRIMARY KEY,
        head_hash bytea NOT NULL,
        signed_at timestamptz NOT NULL,
        key_id text NOT NULL,
        algorithm text NOT NULL,
        signature bytea NOT NULL
      )`);
    // Append-only: the database itself refuses edits, whatever the application does.
    await q.query(`
      CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_events', 'audit_checkpoints']) {
      await q.query(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'audit_checkpoints',
      'audit_events',
      'data_keys',
      'consent_events',
      'participants',
      'recordings',
      'api_keys',
      'tenants',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`DROP FUNCTION IF EXISTS refuse_audit_change()`);
  }
}
