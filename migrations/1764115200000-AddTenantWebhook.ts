import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddTenantWebhook1764115200000 implements MigrationInterface {
  name = 'AddTenantWebhook1764115200000';

  async up(q: QueryRunner): Promise<void> {
    // The signing secret is stored wrapped by KMS, like every other key.
    await q.query(`ALTER TABLE tenants ADD COLUMN webhook_url text, ADD COLUMN webhook_secret_wrapped bytea`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenants DROP COLUMN webhook_url, DROP COLUMN webhook_secret_wrapped`);
  }
}
