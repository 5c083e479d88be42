import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRecordingTranscripts1764122400000 implements MigrationInterface {
  name = 'CreateRecordingTranscripts1764122400000';

  async up(q: QueryRunner): Promise<void> {
    // The object holds the redacted words encrypted; `search` indexes only words that were not redacted.
    await q.query(`
      CREATE TABLE recording_transcripts (
        recording_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        object_key text NOT NULL,
        words integer NOT NULL,
        search tsvector NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT recording_transcripts_pkey PRIMARY KEY (recording_id),
        CONSTRAINT recording_transcripts_recording_id_fkey FOREIGN KEY (recording_id) REFERENCES recordings (id) ON DELETE CASCADE,
        CONSTRAINT recording_transcripts_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id),
        CONSTRAINT recording_transcripts_words_check CHECK (words >= 0)
      )`);
    await q.query(`CREATE INDEX recording_transcripts_tenant_idx ON recording_transcripts (tenant_id)`);
    await q.query(`CREATE INDEX recording_transcripts_search_idx ON recording_transcripts USING gin (search)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recording_transcripts`);
  }
}
