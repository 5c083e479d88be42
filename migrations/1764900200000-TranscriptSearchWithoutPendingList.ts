import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TranscriptSearchWithoutPendingList1764900200000 implements MigrationInterface {
  name = 'TranscriptSearchWithoutPendingList1764900200000';

  async up(q: QueryRunner): Promise<void> {
    // GIN's fast-update pending list is scanned linearly until VACUUM folds it in, and the planner
    // then prefers a sequential scan that detoasts every transcript's tsvector: a one-word search over
    // 10,000 transcripts took 100 ms instead of 2–5. One insert per processed recording is cheap to
    // index directly.
    await q.query(`ALTER INDEX recording_transcripts_search_idx SET (fastupdate = off)`);
    await q.query(`SELECT gin_clean_pending_list('recording_transcripts_search_idx'::regclass)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX recording_transcripts_search_idx RESET (fastupdate)`);
  }
}
