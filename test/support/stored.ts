import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { SealedObject } from '../../src/modules/crypto/envelope.service';
import { EnvelopeService } from '../../src/modules/crypto/envelope.service';
import { RecordingEntity } from '../../src/modules/recordings/recording.entity';
import type { TestApp } from './app';

/**
 * An `available` recording without running the pipeline: its row (WAV, with
 * `fields`), `audio` sealed as its object the way the redact step seals it,
 * and the row pointing at that object. For tests about what comes after.
 */
export async function storedRecording(
  t: TestApp,
  fields: Partial<RecordingEntity> & { tenantId: string },
  audio: Buffer,
  wrappingKeyId: string | null = null,
): Promise<{ id: string; sealed: SealedObject }> {
  const repo = t.runtime.dataSource.getRepository(RecordingEntity);
  const rec = await repo.save(
    repo.create({
      externalCallId: `c-${randomBytes(4).toString('hex')}`,
      mediaFormat: 'wav',
      ...fields,
      status: 'processing',
    }),
  );
  const sealed = await t.app.get(EnvelopeService).seal({
    tenantId: fields.tenantId,
    recordingId: rec.id,
    kind: 'recording',
    wrappingKeyId,
    source: Readable.from([audio]),
  });
  await repo.update(
    { id: rec.id },
    {
      status: 'available',
      objectKey: sealed.objectKey,
      objectSize: String(sealed.ciphertextSize),
      objectSha256: Buffer.from(sealed.sha256, 'hex'),
    },
  );
  return { id: rec.id, sealed };
}
