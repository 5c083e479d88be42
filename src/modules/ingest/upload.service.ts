import { Inject, Injectable, Logger } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { auditRequestIn } from '../../common/request-audit';
import { guardCardData, jsonDepth, MAX_JSON_DEPTH, parseInput } from '../../common/validation';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import type { Principal } from '../../common/access/permissions';
import { EnvelopeService, type SealedObject } from '../crypto/envelope.service';
import { JobService } from '../jobs/job.service';
import { Metrics } from '../metrics/metrics';
import { sniffContainer } from '../media/sniff';
import { MediaRejectedError } from '../media/media.errors';
import { ACCEPTED_AUDIO } from '../media/media.types';
import type { RecordingEntity } from '../recordings/recording.entity';
import { RecordingRepository } from '../recordings/recording.repository';
import { containsCardNumber } from '../redaction/card-text';
import { parseTranscript, TranscriptFormatError } from '../redaction/transcript/transcript.parser';
import { maskPhone, PhoneHasher } from '../tenants/phone-hasher';
import { TenantService } from '../tenants/tenant.service';
import { TenantWebhookService } from '../tenants/tenant-webhook.service';
import { WebhookEvents } from '../webhooks/webhook-events.service';
import { UploadGate } from './upload.gate';
import {
  UploadMetadataSchema,
  type UploadMetadata,
  type UploadMetadataStored,
} from '../recordings/upload-metadata.schema';

const SNIFF_BYTES = 4096;

export interface UploadResult {
  replayed: boolean;
  recording: RecordingEntity;
}

/**
 * `POST /v1/recordings`: metadata first, then audio, streamed and encrypted as
 * it arrives. The 202 is sent only after the quarantine object is stored and
 * one transaction has committed the recording, its participants, consent
 * events and first job. A retry (same Idempotency-Key or externalCallId)
 * returns the recording already there.
 */
/** Seconds a refused upload is told to wait (Retry-After). */
const BUSY_RETRY_AFTER_SEC = 2;

@Injectable()
export class UploadService {
  private readonly logger = new Logger('pipeline');

  constructor(
    private readonly ds: DataSource,
    private readonly recordings: RecordingRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly envelope: EnvelopeService,
    private readonly jobs: JobService,
    private readonly phones: PhoneHasher,
    private readonly tenants: TenantService,
    private readonly metrics: Metrics,
    private readonly webhooks: TenantWebhookService,
    private readonly events: WebhookEvents,
  ) {
    this.gate = new UploadGate(config.upload.maxConcurrent, config.upload.maxConcurrentPerTenant, BUSY_RETRY_AFTER_SEC);
  }

  private readonly gate: UploadGate;

  /** Uploads streaming through this process now. */
  get inFlight(): number {
    return this.gate.inFlight;
  }

  /**
   * Within the process's cap on concurrent uploads (UPLOAD_MAX_CONCURRENT, of which one tenant may hold
   * UPLOAD_MAX_CONCURRENT_PER_TENANT); beyond it 503 BUSY.
   */
  async receive(p: Principal, req: Request, idempotencyKey: string | undefined): Promise<UploadResult> {
    let leave: () => void;
    try {
      leave = this.gate.enter(p.tenantId);
    } catch (e) {
      // The body is discarded unread, so the client still gets the answer; it holds no memory.
      req.resume();
      throw e;
    }
    try {
      return await this.parse(p, req, idempotencyKey);
    } finally {
      leave();
    }
  }

  /**
   * An upload whose audio comes from elsewhere than a request body (a bulk import reading the
   * tenant's bucket): the same metadata checks, storage, transaction and pipeline as `receive`.
   */
  async ingest(p: Principal, metadataJson: string, audio: Readable): Promise<UploadResult> {
    let guarded: GuardedMetadata;
    try {
      guarded = parseMetadata(metadataJson);
    } catch (e) {
      audio.destroy();
      throw e;
    }
    return this.store(p, guarded.meta, audio, undefined, guarded.cardDataMasked, Promise.resolve());
  }

  private parse(p: Principal, req: Request, idempotencyKey: string | undefined): Promise<UploadResult> {
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9._:-]{1,200}$/.test(idempotencyKey)) {
      throw new AppException('VALIDATION_FAILED', 'Idempotency-Key: use 1-200 letters, digits and . _ : -');
    }
    // The key is stored as sent, like an id: a card number in it is refused, never kept.
    if (idempotencyKey !== undefined && containsCardNumber(idempotencyKey)) {
      throw new AppException('VALIDATION_FAILED', 'Idempotency-Key: must not contain a card number');
    }
    if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
      throw new AppException(
        'UNSUPPORTED_MEDIA_TYPE',
        'Content-Type must be multipart/form-data (parts: metadata, audio)',
      );
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity') {
      // busboy would read compressed bytes as the multipart body: stored as sent, or a puzzling 400.
      throw new AppException(
        'UNSUPPORTED_CONTENT_ENCODING',
        'Content-Encoding: an upload is not accepted compressed; send it uncompressed (identity)',
      );
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > this.config.upload.maxBytes) throw tooLarge(this.config.upload.maxBytes);

    const bb = openMultipart(req, this.config.upload.metadataMaxBytes);
    return new Promise<UploadResult>((resolve, reject) => {
      let settled = false;
      // Settles when the metadata part has been read: a text field at once, a file part when it ends.
      let metadata: Promise<GuardedMetadata> | undefined;
      let audioSeen = false;
      // Nothing is committed before the whole body has been read and found to be exactly metadata + audio.
      let bodyComplete!: () => void;
      let bodyRefused!: (e: Error) => void;
      const bodyDone = new Promise<void>((ok, no) => {
        bodyComplete = ok;
        bodyRefused = no;
      });
      bodyDone.catch(() => undefined);
      // The audio part being stored: a refused or abandoned upload must end it, or the store would
      // wait for bytes that never come (and its stall watchdog with it: it fires only while bytes wait).
      let audio: Readable | undefined;
      // The store under way, if any: a refused upload is answered only once it has discarded what it
      // sealed, so nothing (an unredacted transcript above all) outlives the answer.
      let storing: Promise<unknown> = Promise.resolve();
      let idle: NodeJS.Timeout | undefined;
      const fail = (e: unknown) => {
        clearTimeout(idle);
        bodyRefused(e instanceof Error ? e : new Error('upload failed'));
        // Without an error: its consumers see a premature close; nothing emits an unhandled 'error'.
        if (audio && !audio.readableEnded) audio.destroy();
        if (settled) return;
        settled = true;
        // Stop storing, discard the rest of the body so the client can read our answer.
        req.unpipe(bb);
        req.resume();
        void storing.finally(() => reject(e instanceof Error ? e : new Error('upload failed')));
      };
      // A client that stops sending (a stalled or malicious upload) would hold its slot until
      // HTTP_REQUEST_TIMEOUT; one silent for UPLOAD_IDLE_TIMEOUT is abandoned like an abort. Only while
      // the vault is reading: paused, the store is holding the body back and the client is not idle.
      const idleMs = this.config.upload.idleTimeoutMs;
      const watchIdle = () => {
        clearTimeout(idle);
        if (settled) return;
        idle = setTimeout(() => {
          if (req.readableFlowing === false) watchIdle();
          else fail(idleTimeout(idleMs));
        }, idleMs);
      };
      req.on('data', watchIdle);
      req.once('end', () => clearTimeout(idle));
      watchIdle();
      bb.on('field', (name, value, info) => {
        if (name !== 'metadata') {
          fail(
            new AppException(
              'VALIDATION_FAILED',
              `unexpected part "${name.slice(0, 32)}"; expected metadata, then audio`,
            ),
          );
          return;
        }
        if (info.valueTruncated) {
          fail(metadataTooLarge(this.config.upload.metadataMaxBytes));
          return;
        }
        if (metadata) {
          fail(new AppException('VALIDATION_FAILED', 'expected exactly one metadata part'));
          return;
        }
        metadata = new Promise((ok) => ok(parseMetadata(value)));
        metadata.catch(fail);
      });
      bb.on('file', (name, stream, info) => {
        if (settled) return stream.resume();
        if (name === 'metadata' && !metadata && !audioSeen) {
          metadata = readMetadataPart(stream, info.mimeType, this.config.upload.metadataMaxBytes);
          metadata.catch(fail);
          return;
        }
        if (name !== 'audio') {
          stream.resume();
          fail(
            new AppException(
              'VALIDATION_FAILED',
              name === 'metadata'
                ? 'expected exactly one metadata part'
                : `unexpected part "${name.slice(0, 32)}"; expected metadata, then audio`,
            ),
          );
          return;
        }
        if (!metadata) {
          stream.resume();
          fail(new AppException('VALIDATION_FAILED', METADATA_FIRST));
          return;
        }
        if (audioSeen) {
          // Refused when it starts, not when it ends: it must not be stored as a second recording.
          stream.resume();
          fail(new AppException('VALIDATION_FAILED', 'expected exactly two parts: metadata, audio'));
          return;
        }
        audioSeen = true;
        audio = stream;
        storing = metadata
          .then((m) => this.store(p, m.meta, stream, idempotencyKey, m.cardDataMasked, bodyDone))
          .then((r) => {
            if (settled) return;
            settled = true;
            resolve(r);
          })
          .catch((e: unknown) => {
            stream.resume();
            fail(e);
          });
      });
      // busboy signals reaching a limit: with parts: 3, reaching it means a third part started.
      bb.on('partsLimit', () =>
        fail(new AppException('VALIDATION_FAILED', 'expected exactly two parts: metadata, audio')),
      );
      bb.on('filesLimit', () =>
        fail(new AppException('VALIDATION_FAILED', 'expected exactly two parts: metadata, audio')),
      );
      bb.on('fieldsLimit', () => fail(new AppException('VALIDATION_FAILED', 'expected exactly one metadata part')));
      bb.on('error', () => fail(new AppException('VALIDATION_FAILED', 'malformed multipart body')));
      bb.on('close', () => {
        if (!audioSeen)
          fail(
            new AppException(
              'VALIDATION_FAILED',
              metadata ? 'audio: the audio part is missing' : 'metadata: the metadata part is missing',
            ),
          );
        else {
          clearTimeout(idle);
          bodyComplete();
        }
      });
      req.on('aborted', () => fail(new AppException('VALIDATION_FAILED', 'upload aborted by the client')));
      req.pipe(bb);
    });
  }

  private async store(
    p: Principal,
    metadata: UploadMetadata,
    audio: Readable,
    idempotencyKey: string | undefined,
    cardDataMasked: string[],
    bodyDone: Promise<void>,
  ): Promise<UploadResult> {
    let existing: RecordingEntity | null;
    try {
      existing = await this.replayOf(p.tenantId, metadata.externalCallId, idempotencyKey);
    } catch (e) {
      audio.resume();
      throw e;
    }
    if (existing) {
      audio.resume();
      return { replayed: true, recording: existing };
    }
    // Checked before anything is stored: a refused callback answers 400 naming the field.
    if (metadata.callbackUrl)
      metadata = {
        ...metadata,
        callbackUrl: await this.webhooks.checkCallbackUrl(p.tenantId, metadata.callbackUrl, 'metadata.callbackUrl'),
      };
    const recordingId = randomUUID();
    const started = performance.now();
    const sealed: SealedObject[] = [];
    try {
      const wrappingKeyId = await this.tenants.wrappingKey(p.tenantId);
      if (metadata.transcript) {
        sealed.push(
          await this.envelope.seal({
            tenantId: p.tenantId,
            recordingId,
            kind: 'transcript',
            wrappingKeyId,
            source: Readable.from([Buffer.from(JSON.stringify(metadata.transcript))]),
            unlinked: true,
          }),
        );
      }
      // Refused or abandoned while the transcript was sealed: nothing more is stored (and the catch below
      // discards the transcript). A source destroyed before its pipeline starts need not settle it.
      if (audio.destroyed) throw new AppException('VALIDATION_FAILED', 'upload abandoned');
      const quarantine = await this.envelope.seal({
        tenantId: p.tenantId,
        recordingId,
        kind: 'quarantine',
        wrappingKeyId,
        source: audio,
        inspect: this.audioInspector(),
        unlinked: true,
      });
      sealed.push(quarantine);
      if (quarantine.plaintextSize === 0) throw new AppException('VALIDATION_FAILED', 'audio: the audio part is empty');
      // A file shorter than the sniff window is sniffed once all of it has been seen.
      if (quarantine.plaintextSize < SNIFF_BYTES) await this.sniffStored(quarantine.objectKey);
      // Before the transaction, which stays short: hashing may call KMS and read the tenants row.
      const phoneHashes = new Map<string, Buffer>();
      for (const part of metadata.participants)
        if (part.phone) phoneHashes.set(part.id, await this.phones.hash(p.tenantId, part.phone));
      await bodyDone;
      const recording = await this.ds.transaction((m) =>
        this.commit(m, p, recordingId, metadata, sealed, phoneHashes, idempotencyKey, cardDataMasked),
      );
      this.metrics.transition('upload', 'received');
      this.metrics.uploaded(quarantine.plaintextSize);
      this.logger.log(
        {
          recordingId,
          tenantId: p.tenantId,
          stage: 'upload',
          to: 'received',
          durationMs: Math.round(performance.now() - started),
          bytes: quarantine.plaintextSize,
        },
        'recording received',
      );
      return { replayed: false, recording };
    } catch (e) {
      audio.resume();
      await this.envelope.discard(sealed.map((s) => s.objectKey)).catch(() => undefined);
      if (isUniqueViolation(e)) {
        // Lost a race with an identical upload: answer with the winner's recording.
        const winner = await this.replayOf(p.tenantId, metadata.externalCallId, idempotencyKey);
        if (winner) return { replayed: true, recording: winner };
      }
      throw e;
    }
  }

  /** Byte limit and format sniffing on the plaintext as it streams past, before anything is stored in full. */
  private audioInspector(): (chunk: Buffer) => void {
    let received = 0;
    let head: Buffer | null = Buffer.alloc(0);
    const max = this.config.upload.maxBytes;
    return (chunk) => {
      received += chunk.length;
      if (received > max) throw tooLarge(max);
      if (head) {
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        if (head.length >= SNIFF_BYTES) {
          sniff(head);
          head = null;
        }
      }
    };
  }

  private async commit(
    m: EntityManager,
    p: Principal,
    id: string,
    meta: UploadMetadata,
    sealed: SealedObject[],
    phoneHashes: Map<string, Buffer>,
    idempotencyKey: string | undefined,
    cardDataMasked: string[],
  ): Promise<RecordingEntity> {
    const quarantine = sealed.find((s) => s.objectKey.includes('/quarantine-'));
    if (!quarantine) throw new Error('no quarantine object was sealed');
    const stored: UploadMetadataStored = {
      startedAt: meta.startedAt,
      endedAt: meta.endedAt,
      direction: meta.direction,
      ...(meta.callbackUrl ? { callbackUrl: meta.callbackUrl } : {}),
      channels: meta.channels,
      markers: meta.markers,
      transcriptFormat: meta.transcript?.format ?? null,
      ...(cardDataMasked.length ? { cardDataMasked } : {}),
    };
    const recording = await this.recordings.create(m, {
      id,
      tenantId: p.tenantId,
      externalCallId: meta.externalCallId,
      idempotencyKey: idempotencyKey ?? null,
      status: 'received',
      direction: meta.direction ?? null,
      startedAt: new Date(meta.startedAt),
      quarantineKey: quarantine.objectKey,
      quarantineSize: String(quarantine.ciphertextSize),
      transcriptKey: sealed.find((s) => s.objectKey.includes('/transcript-'))?.objectKey ?? null,
      receivedBytes: String(quarantine.plaintextSize),
      metadata: stored,
    });
    await this.envelope.linkToRecording(
      m,
      id,
      sealed.map((s) => s.objectKey),
    );
    await this.recordings.insertParticipants(
      m,
      meta.participants.map((part) => ({
        recordingId: id,
        tenantId: p.tenantId,
        ref: part.id,
        role: part.role,
        jurisdiction: part.jurisdiction ?? null,
        phoneHmac: phoneHashes.get(part.id) ?? null,
        phoneMasked: part.phone ? maskPhone(part.phone) : null,
      })),
    );
    await this.recordings.insertConsentEvents(m, recording, meta.consent ?? [], 'upload');
    await this.jobs.send('recording.consent', { recordingId: id }, { manager: m });
    await this.events.record(m, p.tenantId, 'recording.received', {
      recordingId: id,
      externalCallId: meta.externalCallId,
      status: 'received',
    });
    await auditRequestIn(m, { resourceId: id, details: { externalCallId: meta.externalCallId, replayed: false } });
    return recording;
  }

  private async sniffStored(objectKey: string): Promise<void> {
    const parts: Buffer[] = [];
    for await (const c of await this.envelope.open(objectKey)) parts.push(c as Buffer);
    sniff(Buffer.concat(parts));
  }

  /**
   * The recording this upload repeats, if any. The same call is the same externalCallId: an
   * Idempotency-Key already used for another call is refused (that call would otherwise be dropped
   * while answered 202), and so is a call whose recording was deleted (it must be neither ingested
   * again nor answered as if stored).
   */
  /**
   * The recording already stored for this call (an import's re-run), or null; a call whose recording was
   * deleted is refused (409 RECORDING_DELETED), as an upload of it is.
   */
  storedCall(tenantId: string, externalCallId: string): Promise<RecordingEntity | null> {
    return this.replayOf(tenantId, externalCallId);
  }

  private async replayOf(
    tenantId: string,
    externalCallId: string,
    idempotencyKey?: string,
  ): Promise<RecordingEntity | null> {
    const found = await this.recordings.findExisting(tenantId, externalCallId, idempotencyKey);
    if (!found) return null;
    if (idempotencyKey !== undefined && found.externalCallId !== externalCallId)
      throw new AppException(
        'IDEMPOTENCY_KEY_REUSED',
        `Idempotency-Key: this key was already used for recording ${found.id}, a different call ` +
          '(another externalCallId); send a new key for each call',
        { details: { header: 'Idempotency-Key', recordingId: found.id } },
      );
    if (found.status === 'deleted')
      throw new AppException(
        'RECORDING_DELETED',
        `externalCallId: this call was stored as recording ${found.id}, which has been deleted; it is not ingested again`,
        { details: { recordingId: found.id } },
      );
    return found;
  }
}

export interface GuardedMetadata {
  meta: UploadMetadata;
  cardDataMasked: string[];
}

/**
 * The multipart parser with the upload's limits: one metadata field of at most `metadataMaxBytes`
 * (busboy stops buffering there, so the limit holds while streaming), one audio file. A body busboy
 * cannot even start on (no boundary, not multipart) is a 400.
 */
function openMultipart(req: Request, metadataMaxBytes: number): busboy.Busboy {
  try {
    return busboy({
      headers: req.headers,
      // files: 2, because the metadata may come as a file part too (FormData with a Blob, curl -F m=@f.json).
      limits: { fields: 1, files: 2, parts: 3, fieldSize: metadataMaxBytes, fieldNameSize: 32 },
    });
  } catch (e) {
    throw new AppException('VALIDATION_FAILED', 'malformed multipart body: Content-Type needs a boundary', {
      cause: e,
    });
  }
}

function metadataTooLarge(max: number): AppException {
  return new AppException('PAYLOAD_TOO_LARGE', `metadata: the metadata part exceeds ${max} bytes`);
}

const METADATA_FIRST =
  'metadata: the metadata part must come before the audio part (the audio is streamed through encryption and ' +
  'checked as it arrives, so the vault needs the metadata first)';

/** The metadata sent as a file part: JSON (or text) of at most `max` bytes, counted while streaming. */
function readMetadataPart(stream: Readable, mimeType: string, max: number): Promise<GuardedMetadata> {
  return new Promise((resolve, reject) => {
    if (!/^(application\/(.+\+)?json|text\/plain)$/i.test(mimeType)) {
      stream.resume();
      reject(new AppException('UNSUPPORTED_MEDIA_TYPE', 'metadata: send the metadata as application/json'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        stream.resume();
        stream.removeAllListeners('data');
        reject(metadataTooLarge(max));
        return;
      }
      chunks.push(c);
    });
    stream.on('end', () => {
      try {
        resolve(parseMetadata(Buffer.concat(chunks).toString('utf8')));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    stream.on('error', reject);
  });
}

export function parseMetadata(value: string): GuardedMetadata {
  if (jsonDepth(value) > MAX_JSON_DEPTH)
    throw new AppException('INVALID_METADATA', `metadata: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new AppException('INVALID_METADATA', 'metadata: the metadata part is not valid JSON');
  }
  // Card data in free text is masked before anything is stored (the transcript keeps its digits:
  // it is stored encrypted and its card numbers are what the audio redaction looks for).
  const guarded = guardCardData(json, 'metadata', ['metadata.transcript']);
  const meta = parseInput(UploadMetadataSchema, guarded.value, 'metadata', 'INVALID_METADATA');
  if (meta.transcript && meta.transcript.format !== 'words') {
    try {
      parseTranscript(meta.transcript, 'metadata.transcript');
    } catch (e) {
      if (e instanceof TranscriptFormatError) {
        throw new AppException('INVALID_METADATA', e.message, {
          details: [{ path: e.path, message: e.message.slice(e.path.length + 2) }],
        });
      }
      throw e;
    }
  }
  return { meta, cardDataMasked: guarded.masked };
}

function sniff(head: Buffer): void {
  try {
    sniffContainer(head);
  } catch (e) {
    if (e instanceof MediaRejectedError) {
      if (e.reason === 'EMPTY') throw new AppException('VALIDATION_FAILED', 'audio: the audio part is empty');
      throw new AppException('UNSUPPORTED_MEDIA_TYPE', `audio: ${e.message} Accepted: ${ACCEPTED_AUDIO}.`);
    }
    throw e;
  }
}

function idleTimeout(ms: number): AppException {
  return new AppException(
    'UPLOAD_TIMEOUT',
    `The upload sent nothing for ${ms / 1000} s and was abandoned; send it again`,
    {
      // The rest of the body is never read: the connection cannot carry another request.
      headers: { Connection: 'close' },
    },
  );
}

function tooLarge(max: number): AppException {
  return new AppException('PAYLOAD_TOO_LARGE', `The upload exceeds the ${max}-byte limit`);
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof QueryFailedError && (e as QueryFailedError & { code?: string }).code === '23505';
}
