import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddBulkJobTombstones1765100000000 implements MigrationInterface {
  name = 'AddBulkJobTombstones1765100000000';

  async up(q: QueryRunner): Promise<void> {
    // A deleted job keeps its row (kind, masked params, counts, creator): a DSAR or legal export must stay
    // provable after its archive and items are gone. result_shredded_at tells "gone" from "never made".
    await q.query(`ALTER TABLE bulk_jobs ADD COLUMN deleted_at timestamptz`);
    await q.query(`ALTER TABLE bulk_jobs ADD COLUMN result_shredded_at timestamptz`);
    // The archive sweep's lookup: only jobs that still hold an archive.
    await q.query(`CREATE INDEX bulk_jobs_result_finished_idx ON bulk_jobs (finished_at) WHERE result_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX bulk_jobs_result_finished_idx`);
    await q.query(`ALTER TABLE bulk_jobs DROP COLUMN result_shredded_at`);
    await q.query(`ALTER TABLE bulk_jobs DROP COLUMN deleted_at`);
  }
}
