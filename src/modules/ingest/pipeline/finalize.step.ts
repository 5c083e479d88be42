import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/config';
import { ObjectStore } from '../../storage/object-store';
import { IN_FLIGHT, PipelineSupport } from './pipeline.support';

/**
 * Step 7: once the redacted object is committed, the unredacted quarantine
 * copy and the transcript are destroyed (keys first, then objects). The
 * sweeper does the same for anything abandoned longer than QUARANTINE_TTL.
 */
@Injectable()
export class FinalizeStep implements OnModuleInit {
  constructor(
    private readonly pipeline: PipelineSupport,
    private readonly store: ObjectStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.pipeline.jobs.handle('recording.finalize', ({ recordingId }) => this.run(recordingId));
    this.pipeline.jobs.handle('quarantine.sweep', async () => {
      await this.sweep();
    });
  }

  async run(recordingId: string): Promise<void> {
    const rec = await this.pipeline.load(recordingId);
    if (!rec || rec.status !== 'available') return;
    const shredded = await this.pipeline.fenced(async (m) => {
      const out = await this.pipeline.envelope.shredRecording(m, rec.id, ['quarantine', 'transcript']);
      await this.pipeline.recordings.update(rec.id, { quarantineKey: null, transcriptKey: null }, m);
      if (out.keys.length)
        await this.pipeline.record(rec, 'recording.quarantine.destroy', 'success', { objects: out.keys.length }, m);
      return out;
    });
    await shredded.purgeObjects();
  }

  /** Fail what never finished, destroy orphaned uploads, abort stale multipart uploads. */
  async sweep(now = new Date()): Promise<{ failed: number; orphans: number }> {
    const cutoff = new Date(now.getTime() - this.config.quarantineTtlMs);
    const stuck = await this.pipeline.recordings.findInFlightBefore(IN_FLIGHT, cutoff);
    for (const rec of stuck) {
      await this.pipeline.end(
        rec,
        'failed',
        'PROCESSING_TIMEOUT',
        'processing did not finish within the quarantine TTL',
      );
    }
    // Keys never linked to a recording belong to uploads that died before their transaction.
    const orphans = await this.pipeline.envelope.shredUnlinked(cutoff);
    await this.store.abortStaleUploads('tenants/', cutoff);
    // Available recordings whose finalize job was lost still hold a quarantine copy.
    for (const id of await this.pipeline.recordings.findUnfinalizedBefore(cutoff)) await this.run(id);
    return { failed: stuck.length, orphans };
  }
}
