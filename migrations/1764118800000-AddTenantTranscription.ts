import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddTenantTranscription1764118800000 implements MigrationInterface {
  name = 'AddTenantTranscription1764118800000';

  async up(q: QueryRunner): Promise<void> {
    // The engine's settings without its key; the bearer key is stored wrapped by KMS, like the webhook secret.
    await q.query(`ALTER TABLE tenants ADD COLUMN transcription jsonb, ADD COLUMN transcription_key_wrapped bytea`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenants DROP COLUMN transcription, DROP COLUMN transcription_key_wrapped`);
  }
}
