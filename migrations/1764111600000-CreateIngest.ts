import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIngest1764111600000 implements MigrationInterface {
  name = 'CreateIngest1764111600000';

  async up(q: QueryRunner): Promise<void> {
    // The transcript can hold spoken card numbers, so it lives encrypted beside the quarantine object, never here.
    await q.query(`
      ALTER TABLE recordings
        ADD COLUMN transcript_key text,
        ADD COLUMN metadata jsonb,
        ADD COLUMN received_bytes bigint,
        ADD COLUMN processing_started_at timestamptz,
        ADD COLUMN available_at timestamptz`);
    await q.query(`ALTER TABLE tenants ADD COLUMN require_transcript boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE redaction_spans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recording_id uuid NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        start_ms integer NOT NULL CHECK (start_ms >= 0),
        end_ms integer NOT NULL CHECK (end_ms >= start_ms),
        channel smallint,
        kind text NOT NULL CHECK (kind IN ('pan', 'cvv', 'expiry', 'dtmf', 'marker', 'consent-trim')),
        detector text NOT NULL,
        confidence real NOT NULL,
        masked text NOT NULL
      )`);
    await q.query(`CREATE INDEX redaction_spans_recording_idx ON redaction_spans (recording_id, start_ms)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS redaction_spans`);
    await q.query(`ALTER TABLE tenants DROP COLUMN require_transcript`);
    await q.query(`
      ALTER TABLE recordings DROP COLUMN transcript_key, DROP COLUMN metadata, DROP COLUMN received_bytes,
        DROP COLUMN processing_started_at, DROP COLUMN available_at`);
  }
}
