import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBulkJobs1765000100000 implements MigrationInterface {
  name = 'CreateBulkJobs1765000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bulk_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        kind text NOT NULL CHECK (kind IN ('evidence-export', 'audio-export', 'dsar-export', 'dsar-erase', 'import')),
        params jsonb NOT NULL,
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        total integer NOT NULL DEFAULT 0,
        done integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        created_by jsonb NOT NULL,
        result_key text,
        result_size bigint,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX bulk_jobs_tenant_created_idx ON bulk_jobs (tenant_id, created_at, id)`);
    // One row per item, planned when the job starts: the resume point after a crash is the first pending one.
    await q.query(`
      CREATE TABLE bulk_job_items (
        job_id uuid NOT NULL REFERENCES bulk_jobs(id) ON DELETE CASCADE,
        seq integer NOT NULL,
        ref text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
        error_code text,
        error_message text,
        outputs jsonb,
        finished_at timestamptz,
        CONSTRAINT bulk_job_items_pkey PRIMARY KEY (job_id, seq)
      )`);
    await q.query(`CREATE INDEX bulk_job_items_status_idx ON bulk_job_items (job_id, status, seq)`);
    // A job's result is fetched through the same short-lived links as playback: a token bound to one target.
    await q.query(`ALTER TABLE playback_tokens ALTER COLUMN recording_id DROP NOT NULL`);
    await q.query(`ALTER TABLE playback_tokens ADD COLUMN job_id uuid REFERENCES bulk_jobs(id) ON DELETE CASCADE`);
    await q.query(
      `ALTER TABLE playback_tokens ADD CONSTRAINT playback_tokens_target_check CHECK (num_nonnulls(recording_id, job_id) = 1)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM playback_tokens WHERE job_id IS NOT NULL`);
    await q.query(`ALTER TABLE playback_tokens DROP CONSTRAINT playback_tokens_target_check`);
    await q.query(`ALTER TABLE playback_tokens DROP COLUMN job_id`);
    await q.query(`ALTER TABLE playback_tokens ALTER COLUMN recording_id SET NOT NULL`);
    await q.query(`DROP TABLE bulk_job_items`);
    await q.query(`DROP TABLE bulk_jobs`);
  }
}
