import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateJobLeases1764119000000 implements MigrationInterface {
  name = 'CreateJobLeases1764119000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per running job attempt: the fence its commits check, renewed by its heartbeat.
    await q.query(`
      CREATE TABLE job_leases (
        attempt_id uuid NOT NULL,
        job_id uuid NOT NULL,
        job_name text NOT NULL,
        data jsonb NOT NULL,
        worker text NOT NULL,
        started_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT job_leases_pkey PRIMARY KEY (attempt_id),
        CONSTRAINT job_leases_job_id_key UNIQUE (job_id)
      )`);
    await q.query(`CREATE INDEX job_leases_expires_at_idx ON job_leases (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_leases`);
  }
}
