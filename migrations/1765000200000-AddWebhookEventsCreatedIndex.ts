import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddWebhookEventsCreatedIndex1765000200000 implements MigrationInterface {
  name = 'AddWebhookEventsCreatedIndex1765000200000';

  async up(q: QueryRunner): Promise<void> {
    // The prune (src/modules/housekeeping) takes the oldest events first, a batch at a time: without
    // this index each batch would read and sort the whole table. Events are never updated, so the
    // index costs one entry per insert and nothing more.
    await q.query(`CREATE INDEX webhook_events_created_idx ON webhook_events (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_events_created_idx`);
  }
}
