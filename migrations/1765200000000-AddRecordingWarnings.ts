import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddRecordingWarnings1765200000000 implements MigrationInterface {
  name = 'AddRecordingWarnings1765200000000';

  async up(q: QueryRunner): Promise<void> {
    // What is stored differs from what the upload claimed (MEDIA_TRUNCATED: a file cut short, kept to the cut).
    await q.query(`ALTER TABLE recordings ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE recordings DROP COLUMN warnings`);
  }
}
