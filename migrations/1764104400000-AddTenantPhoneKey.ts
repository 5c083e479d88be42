import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddTenantPhoneKey1764104400000 implements MigrationInterface {
  name = 'AddTenantPhoneKey1764104400000';

  async up(q: QueryRunner): Promise<void> {
    // The key of the tenant's phone-number HMAC, wrapped by KMS; numbers themselves are never stored.
    await q.query(`ALTER TABLE tenants ADD COLUMN phone_key_wrapped bytea, ADD COLUMN phone_key_kms_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenants DROP COLUMN phone_key_wrapped, DROP COLUMN phone_key_kms_id`);
  }
}
