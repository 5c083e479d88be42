import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuthFailures1764900000000 implements MigrationInterface {
  name = 'CreateAuthFailures1764900000000';

  async up(q: QueryRunner): Promise<void> {
    // Failed-authentication counters shared by every API instance. Unlogged: counters are worth
    // nothing after a crash, and every failed request writes here.
    await q.query(`
      CREATE UNLOGGED TABLE auth_failures (
        key text NOT NULL,
        count integer NOT NULL,
        reset_at timestamptz NOT NULL,
        CONSTRAINT auth_failures_pkey PRIMARY KEY (key)
      )`);
    await q.query(`CREATE INDEX auth_failures_reset_at_idx ON auth_failures (reset_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth_failures`);
  }
}
