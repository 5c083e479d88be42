import type { EntityManager } from 'typeorm';
import type { UploadMetadata } from './upload-metadata.schema';
import { ConsentEventEntity } from './consent-event.entity';

export type ConsentEventInput = NonNullable<UploadMetadata['consent']>[number];

/** Record consent events as received, with where they came from (`upload` or `api`). */
export async function insertConsentEvents(
  m: EntityManager,
  recordingId: string,
  tenantId: string,
  events: readonly ConsentEventInput[],
  source: 'upload' | 'api',
): Promise<void> {
  for (const c of events) {
    await m.getRepository(ConsentEventEntity).insert({
      recordingId,
      tenantId,
      participantRef: c.participant,
      kind: c.kind,
      method: c.method,
      at: c.at ? new Date(c.at) : null,
      offsetMs: c.offsetMs ?? null,
      evidence: c.evidence,
      source,
    });
  }
}
