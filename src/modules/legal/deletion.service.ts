import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/access/permissions';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../../common/ids';
import { auditRequestIn } from '../../common/request-audit';
import { AuditService } from '../audit/audit.service';
import { EnvelopeService, type ShreddedKeys } from '../crypto/envelope.service';
import type { RecordingStatus } from '../recordings/recording.entity';
import { RecordingTranscriptRepository } from '../recordings/recording-transcript.repository';
import { RecordingRepository } from '../recordings/recording.repository';
import { WebhookEvents } from '../webhooks/webhook-events.service';
import { DeletionCertificateService, type DeletionActor, type DeletionReason } from './deletion-certificate.service';
import { DeletionRepository } from './deletion.repository';
import { LegalHoldService } from './legal-hold.service';

export type DeletionResult =
  | { outcome: 'deleted'; recordingId: string; certificateId: string }
  | { outcome: 'blocked'; recordingId: string; holdIds: string[] }
  | { outcome: 'already-deleted'; recordingId: string }
  | { outcome: 'in-progress'; recordingId: string };

/**
 * Still in the pipeline, whose steps write their status unconditionally: a
 * deletion now could be overwritten by a later step (and a fresh key left
 * behind). Every path refuses it alike; the caller retries once it settles.
 */
const IN_PIPELINE: readonly RecordingStatus[] = ['received', 'awaiting_consent', 'processing'];

export const actorOf = (p: Principal): DeletionActor => ({ kind: p.kind, id: p.id, role: p.role });

/**
 * The one way a recording is deleted, whoever asks: a manual DELETE, the
 * retention sweep or a data-subject erasure. Under the recording's row lock
 * (the lock hold placement takes too): a hold refuses it and the refusal is
 * recorded; a recording still in the pipeline is left alone and reported;
 * otherwise its keys go, the tombstone, a signed certificate and an audit
 * event are written in one transaction, and its objects are deleted after.
 */
@Injectable()
export class DeletionService {
  constructor(
    private readonly ds: DataSource,
    private readonly recordings: RecordingRepository,
    private readonly transcripts: RecordingTranscriptRepository,
    private readonly envelope: EnvelopeService,
    private readonly holds: LegalHoldService,
    private readonly deletions: DeletionRepository,
    private readonly certificates: DeletionCertificateService,
    private readonly audit: AuditService,
    private readonly events: WebhookEvents,
  ) {}

  async delete(
    tenantId: string,
    recordingId: string,
    reason: DeletionReason,
    actor: DeletionActor,
    detail: string,
  ): Promise<DeletionResult> {
    const result = await this.ds.transaction(async (m): Promise<DeletionResult & { shredded?: ShreddedKeys }> => {
      const rec = isUuid(recordingId) ? await this.recordings.lockForUpdate(m, recordingId, tenantId) : null;
      if (!rec) throw new AppException('RECORDING_NOT_FOUND', 'Recording not found');
      if (rec.status === 'deleted') return { outcome: 'already-deleted', recordingId };
      if (IN_PIPELINE.includes(rec.status)) return { outcome: 'in-progress', recordingId };
      const event = {
        actor: { ...actor, tenant: tenantId },
        action: 'recording.delete',
        resource: { type: 'recording', id: rec.id },
      };
      if (rec.legalHold) {
        const requestedBy = `${actor.kind}:${actor.id}`;
        // The hourly sweep would refuse the same held recording every hour: it records one refusal per hold.
        const block = await this.deletions.recordBlock(
          m,
          { recordingId, tenantId, attemptedBy: reason, requestedBy, reason: detail },
          reason === 'retention',
        );
        if (!block.recorded)
          return { outcome: 'blocked', recordingId, holdIds: await this.holds.activeIds(recordingId, m) };
        await this.audit.append(
          { ...event, outcome: 'denied', details: { reason, code: 'RECORDING_ON_HOLD', holdIds: block.holdIds } },
          m,
        );
        return { outcome: 'blocked', recordingId, holdIds: block.holdIds };
      }
      const shredded = await this.envelope.shredRecording(m, recordingId);
      // The search index holds the transcript's words: it goes with the object.
      await this.transcripts.delete(recordingId, m);
      await this.recordings.update(
        recordingId,
        {
          status: 'deleted',
          statusReason: `${reason}: ${detail}`.slice(0, 500),
          objectKey: null,
          quarantineKey: null,
          transcriptKey: null,
        },
        m,
      );
      const certificateId = await this.certificates.issue(m, rec, shredded.keys, reason, actor, detail);
      const deleted = {
        recordingId: rec.id,
        externalCallId: rec.externalCallId,
        certificateId,
        reason,
        deletedAt: new Date().toISOString(),
      };
      await this.events.record(m, tenantId, 'recording.deleted', deleted);
      await this.events.record(m, tenantId, 'deletion.certificate', deleted);
      if (reason === 'retention') await this.events.record(m, tenantId, 'retention.deleted', { ...deleted, reason });
      // Last in the transaction: the audit chain lock is held only until commit. A manual deletion is
      // its request's whole change, and the request's one event says what was destroyed; an erasure
      // deletes many recordings, one transaction and one event each, and its request is recorded
      // once they are all done.
      const details = { reason, certificateId, destroyedKeys: shredded.keys.length };
      const asRequest = reason === 'manual' && (await auditRequestIn(m, { details }));
      if (!asRequest) await this.audit.append({ ...event, outcome: 'success', details }, m);
      return { outcome: 'deleted', recordingId, certificateId, shredded };
    });
    const { shredded, ...out } = result;
    await shredded?.purgeObjects();
    return out;
  }
}
