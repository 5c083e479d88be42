import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMatters1764900400000 implements MigrationInterface {
  name = 'CreateMatters1764900400000';

  async up(q: QueryRunner): Promise<void> {
    // A legal matter (a case): its holds, and through them its recordings. The reference is the case's own id.
    await q.query(`
      CREATE TABLE matters (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        reference text NOT NULL,
        description text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT matters_pkey PRIMARY KEY (id),
        CONSTRAINT matters_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id)
      )`);
    await q.query(`CREATE UNIQUE INDEX matters_tenant_reference ON matters (tenant_id, reference)`);
    // Every hold belongs to a matter: the free-text matters of existing holds become matters of their own.
    await q.query(`
      INSERT INTO matters (tenant_id, name, reference, created_by, created_at)
      SELECT tenant_id, matter, matter, 'migration', min(placed_at) FROM legal_holds GROUP BY tenant_id, matter`);
    await q.query(`ALTER TABLE legal_holds ADD COLUMN matter_id uuid`);
    await q.query(`
      UPDATE legal_holds h SET matter_id = m.id FROM matters m WHERE m.tenant_id = h.tenant_id AND m.reference = h.matter`);
    await q.query(`
      ALTER TABLE legal_holds
        ALTER COLUMN matter_id SET NOT NULL,
        ADD CONSTRAINT legal_holds_matter_id_fkey FOREIGN KEY (matter_id) REFERENCES matters(id)`);
    await q.query(`CREATE INDEX legal_holds_matter_idx ON legal_holds (matter_id, recording_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX legal_holds_matter_idx`);
    await q.query(`ALTER TABLE legal_holds DROP COLUMN matter_id`);
    await q.query(`DROP TABLE matters`);
  }
}
