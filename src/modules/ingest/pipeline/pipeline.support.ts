import { Injectable, Logger } from '@nestjs/common';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditService } from '../../audit/audit.service';
import { EnvelopeService } from '../../crypto/envelope.service';
import { annotateJob, currentJob, jobElapsedMs } from '../../jobs/job.context';
import { JobLeases } from '../../jobs/job-lease.service';
import { JobService } from '../../jobs/job.service';
import { Metrics } from '../../metrics/metrics';
import type { RecordingEntity, RecordingStatus } from '../../recordings/recording.entity';
import { RecordingRepository } from '../../recordings/recording.repository';
import { WebhookEvents } from '../../webhooks/webhook-events.service';

export const IN_FLIGHT: RecordingStatus[] = ['received', 'awaiting_consent', 'processing'];
const ENDED: RecordingStatus[] = ['rejected', 'failed', 'deleted'];

/** A stream for code that needs one synchronously (the media driver re-opens per pass). */
export function lazyStream(open: () => Promise<Readable>): () => Readable {
  return () => {
    const out = new PassThrough();
    open().then(
      (s) => (out.destroyed ? s.destroy() : pipeline(s, out, () => undefined)),
      (e: unknown) => out.destroy(e as Error),
    );
    return out;
  };
}

/** What every pipeline step shares: loading, terminal outcomes, audit, webhook events. */
@Injectable()
export class PipelineSupport {
  private readonly logger = new Logger('pipeline');

  constructor(
    readonly ds: DataSource,
    readonly recordings: RecordingRepository,
    readonly envelope: EnvelopeService,
    readonly jobs: JobService,
    readonly leases: JobLeases,
    private readonly audit: AuditService,
    private readonly metrics: Metrics,
    readonly events: WebhookEvents,
  ) {}

  /**
   * A step's transaction: it commits only while the job attempt running the
   * step still holds its lease (the lease row stays locked until commit), so a
   * superseded attempt can never change a recording.
   */
  fenced<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (m) => {
      await this.leases.assertHeld(m);
      return fn(m);
    });
  }

  async load(id: string): Promise<RecordingEntity | null> {
    const rec = await this.recordings.findById(id);
    if (rec) annotateJob({ recordingId: rec.id, tenantId: rec.tenantId });
    return rec;
  }

  /**
   * The one log line of a transition, written after it committed: the stage
   * is the job that made it, the duration that job's so far.
   */
  moved(rec: RecordingEntity, to: RecordingStatus, reason?: string): void {
    const stage = currentJob()?.job.replace(/^recording\./, '') ?? 'unknown';
    this.metrics.transition(stage, to);
    this.logger.log(
      { recordingId: rec.id, tenantId: rec.tenantId, stage, from: rec.status, to, durationMs: jobElapsedMs(), reason },
      `recording ${rec.status} → ${to}`,
    );
  }

  /**
   * A terminal outcome that never becomes `available`: the audio and its keys
   * are destroyed, only metadata and the reason stay (fail closed).
   */
  async end(
    rec: RecordingEntity,
    status: Extract<RecordingStatus, 'rejected' | 'failed'>,
    code: string,
    message: string,
    extra: Partial<RecordingEntity> = {},
  ): Promise<void> {
    const shredded = await this.fenced(async (m) => {
      const moved = await this.transition(m, rec.id, IN_FLIGHT, {
        ...extra,
        status,
        statusReason: `${code}: ${message}`,
        quarantineKey: null,
        transcriptKey: null,
        objectKey: null,
      });
      if (moved)
        await this.events.record(m, rec.tenantId, `recording.${status}`, {
          recordingId: rec.id,
          externalCallId: rec.externalCallId,
          status,
          reasonCode: code,
        });
      // Already ended by someone else: an ended recording keeps no keys, including any this step just made.
      if (!moved && !(await this.recordings.hasStatus(rec.id, ENDED, m))) return { moved, shred: undefined };
      return { moved, shred: await this.envelope.shredRecording(m, rec.id) };
    });
    if (shredded.moved) this.moved(rec, status, `${code}: ${message}`);
    await shredded.shred?.purgeObjects();
    await this.record(
      rec,
      `recording.${status === 'rejected' ? 'reject' : 'fail'}`,
      status === 'rejected' ? 'denied' : 'error',
      { code },
    );
  }

  /**
   * Move a recording on only if it is still in one of `from`: an erasure or a
   * sweeper may have ended it meanwhile, and a step must never undo that.
   */
  async transition(
    m: EntityManager,
    id: string,
    from: RecordingStatus[],
    patch: QueryDeepPartialEntity<RecordingEntity>,
  ): Promise<boolean> {
    return this.recordings.transition(m, id, from, patch);
  }

  /** An audit event for a step; with `m`, committed together with the step's own changes. */
  record(
    rec: RecordingEntity,
    action: string,
    outcome: 'success' | 'denied' | 'error',
    details: Record<string, unknown>,
    m?: EntityManager,
  ) {
    return this.audit.append(
      {
        actor: { kind: 'system', id: 'pipeline', role: null, tenant: rec.tenantId },
        action,
        resource: { type: 'recording', id: rec.id },
        outcome,
        details,
      },
      m,
    );
  }
}
