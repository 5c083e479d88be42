import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePlaybackAndRotation1764100800000 implements MigrationInterface {
  name = 'CreatePlaybackAndRotation1764100800000';

  async up(q: QueryRunner): Promise<void> {
    // Only the SHA-256 of a playback token is stored; the token itself lives in a URL for ≤ 5 minutes.
    await q.query(`
      CREATE TABLE playback_tokens (
        token_hash bytea PRIMARY KEY,
        recording_id uuid NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        subject text NOT NULL,
        role text NOT NULL,
        purpose text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX playback_tokens_expiry_idx ON playback_tokens (expires_at)`);
    await q.query(`
      CREATE TABLE key_rotations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        target_kms_key_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        total integer NOT NULL DEFAULT 0,
        done integer NOT NULL DEFAULT 0,
        error text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX key_rotations_one_running ON key_rotations (tenant_id) WHERE status = 'running'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS key_rotations`);
    await q.query(`DROP TABLE IF EXISTS playback_tokens`);
  }
}
