import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLegal1764108000000 implements MigrationInterface {
  name = 'CreateLegal1764108000000';

  async up(q: QueryRunner): Promise<void> {
    // Every override a tenant ever had, so a decision's overrideVersion can be traced to its document.
    await q.query(`
      CREATE TABLE consent_rule_overrides (
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        version integer NOT NULL CHECK (version > 0),
        document jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        PRIMARY KEY (tenant_id, version)
      )`);
    await q.query(`
      CREATE TABLE retention_policies (
        tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
        default_days integer NOT NULL CHECK (default_days > 0),
        by_jurisdiction jsonb NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE legal_holds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recording_id uuid NOT NULL REFERENCES recordings(id),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        matter text NOT NULL,
        reason text NOT NULL,
        placed_by text NOT NULL,
        placed_at timestamptz NOT NULL DEFAULT now(),
        released_by text,
        released_at timestamptz,
        release_reason text,
        CHECK ((released_at IS NULL) = (released_by IS NULL))
      )`);
    await q.query(`CREATE INDEX legal_holds_recording_idx ON legal_holds (recording_id, placed_at)`);
    await q.query(`
      CREATE TABLE deletion_blocks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recording_id uuid NOT NULL REFERENCES recordings(id),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        attempted_by text NOT NULL CHECK (attempted_by IN ('retention', 'erasure', 'manual')),
        requested_by text NOT NULL,
        reason text,
        hold_ids uuid[] NOT NULL,
        blocked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX deletion_blocks_recording_idx ON deletion_blocks (recording_id, blocked_at)`);
    await q.query(`
      CREATE TABLE deletion_certificates (
        id uuid PRIMARY KEY,
        recording_id uuid NOT NULL UNIQUE REFERENCES recordings(id),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        deleted_at timestamptz NOT NULL,
        reason text NOT NULL CHECK (reason IN ('retention', 'erasure', 'manual')),
        object_sha256 bytea,
        destroyed_keys jsonb NOT NULL,
        document jsonb NOT NULL,
        signed_at timestamptz NOT NULL,
        key_id text NOT NULL,
        algorithm text NOT NULL,
        signature bytea NOT NULL
      )`);
    // Proof of deletion and of refused deletions is evidence: the database refuses edits, like the audit log.
    for (const table of ['deletion_blocks', 'deletion_certificates']) {
      await q.query(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()`);
    }
    await q.query(`CREATE INDEX recordings_retention_idx ON recordings (retain_until) WHERE status <> 'deleted'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS recordings_retention_idx`);
    for (const t of [
      'deletion_certificates',
      'deletion_blocks',
      'legal_holds',
      'retention_policies',
      'consent_rule_overrides',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
