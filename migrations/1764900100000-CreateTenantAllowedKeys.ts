import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTenantAllowedKeys1764900100000 implements MigrationInterface {
  name = 'CreateTenantAllowedKeys1764900100000';

  async up(q: QueryRunner): Promise<void> {
    // The KMS keys an operator allows a tenant to rotate to (ARNs, as KMS describes them).
    await q.query(`
      CREATE TABLE tenant_allowed_keys (
        tenant_id uuid NOT NULL,
        kms_key_id text NOT NULL,
        allowed_by text NOT NULL,
        allowed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tenant_allowed_keys_pkey PRIMARY KEY (tenant_id, kms_key_id),
        CONSTRAINT tenant_allowed_keys_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id)
      )`);
    // A failed rotation puts the tenant back on the key it had.
    await q.query(`ALTER TABLE key_rotations ADD COLUMN previous_kms_key_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE key_rotations DROP COLUMN previous_kms_key_id`);
    await q.query(`DROP TABLE tenant_allowed_keys`);
  }
}
