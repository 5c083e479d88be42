import { GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Principal } from '../../common/access/permissions';
import { AppException } from '../../common/errors/app.exception';
import { ERROR_CODES } from '../../common/errors/error-codes';
import { EnvelopeService } from '../crypto/envelope.service';
import { UploadService } from '../ingest/upload.service';
import { EvidenceBuilder } from '../legal/evidence.builder';
import { DsarService } from '../legal/dsar.service';

import { RecordingService } from '../recordings/recording.service';
import { maskCardText } from '../redaction/card-text';
import { S3_CLIENT } from '../storage/s3-client.provider';
import { TenantService } from '../tenants/tenant.service';
import type { BulkJobEntity, ItemOutput } from './bulk-job.entity';

/** What one item produced: archive files, or the recording an import made. */
export type ItemResult = { files?: ItemOutput[]; recordingId?: string };

/** An item that cannot be done, for a reason the caller can act on; the job goes on. */
export class ItemFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ItemFailure';
  }
}

const EXTENSIONS: Record<string, string> = { wav: 'wav', mp3: 'mp3', ogg: 'ogg', flac: 'flac', mp4: 'm4a' };

/**
 * The work of one item of each kind, wrapping the service that does it
 * synchronously elsewhere. Every file an export item makes is sealed at once
 * as an encrypted part, so a crash loses nothing already counted.
 */
@Injectable()
export class BulkJobItems {
  constructor(
    private readonly envelope: EnvelopeService,
    private readonly evidence: EvidenceBuilder,
    private readonly dsar: DsarService,
    private readonly recordings: RecordingService,
    private readonly uploads: UploadService,
    private readonly tenants: TenantService,
    @Inject(S3_CLIENT) private readonly s3: S3Client,
  ) {}

  async run(job: BulkJobEntity, p: Principal, ref: string, importItem?: ImportItem): Promise<ItemResult> {
    switch (job.kind) {
      case 'evidence-export': {
        const bundle = await this.evidence.build(p, ref);
        return { files: [await this.part(job, `evidence/${ref}.json`, json(bundle))] };
      }
      case 'dsar-export': {
        const bundle = await this.dsar.exportOne(p, ref, String(job.params.phone), `bulk-job ${job.id}`);
        return { files: [await this.part(job, `evidence/${ref}.json`, json(bundle))] };
      }
      case 'audio-export':
        return this.audio(job, p, ref);
      case 'dsar-erase': {
        const out = await this.dsar.eraseOne(p, ref, String(job.params.reason));
        if (out.outcome === 'blocked')
          throw new ItemFailure('RECORDING_ON_HOLD', `held by ${out.holdIds.length} legal hold(s); not erased`);
        if (out.outcome === 'in-progress')
          throw new ItemFailure('RECORDING_IN_PROGRESS', 'still being processed; start another erasure later');
        return {};
      }
      case 'import':
        if (!importItem) throw new ItemFailure('INVALID_METADATA', 'no manifest entry for this item');
        return this.import(job, p, importItem);
    }
  }

  private async audio(job: BulkJobEntity, p: Principal, id: string): Promise<ItemResult> {
    const rec = await this.recordings.get(p, id);
    if (rec.status !== 'available' || !rec.objectKey)
      throw new ItemFailure('RECORDING_NOT_AVAILABLE', `the recording is ${rec.status}`);
    const ext = EXTENSIONS[rec.mediaFormat ?? ''] ?? 'bin';
    const audio = await this.part(job, `audio/${id}.${ext}`, await this.envelope.open(rec.objectKey));
    // The report holds masked values only (•••• 1111); the audio is the redacted object itself.
    const report = { recordingId: id, report: rec.redactionReport, metadataMasked: rec.metadata?.cardDataMasked ?? [] };
    return { files: [audio, await this.part(job, `reports/${id}.json`, json(report))] };
  }

  private async import(job: BulkJobEntity, p: Principal, item: ImportItem): Promise<ItemResult> {
    const callId = item.metadata.externalCallId;
    // Idempotent by the call's id: a re-run (or a second import) finds the recording, without fetching again;
    // a call whose recording was deleted fails the item (RECORDING_DELETED), never answered as imported.
    if (typeof callId === 'string') {
      const existing = await this.uploads.storedCall(p.tenantId, callId);
      if (existing) return { recordingId: existing.id };
    }
    let body: Readable;
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: String(job.params.bucket), Key: item.key }));
      body = out.Body as Readable;
    } catch (e) {
      throw objectFailure(e);
    }
    const { recording } = await this.uploads.ingest(p, JSON.stringify(item.metadata), body);
    return { recordingId: recording.id };
  }

  /** One file of the archive, sealed as a part of the job; its SHA-256 and size for the manifest. */
  private async part(job: BulkJobEntity, path: string, source: Readable): Promise<ItemOutput> {
    const hash = createHash('sha256');
    const sealed = await this.envelope.seal({
      tenantId: job.tenantId,
      jobId: job.id,
      kind: 'job-part',
      wrappingKeyId: await this.tenants.wrappingKey(job.tenantId),
      source,
      inspect: (chunk) => hash.update(chunk),
    });
    return { path, objectKey: sealed.objectKey, bytes: sealed.plaintextSize, sha256: hash.digest('hex') };
  }

  /** The import manifest's entries, as sealed when the job was started. */
  async importManifest(job: BulkJobEntity): Promise<ImportItem[]> {
    const parts: Buffer[] = [];
    for await (const c of await this.envelope.open(String(job.params.manifestKey))) parts.push(c as Buffer);
    return JSON.parse(Buffer.concat(parts).toString('utf8')) as ImportItem[];
  }
}

export interface ImportItem {
  key: string;
  metadata: Record<string, unknown>;
}

function json(value: unknown): Readable {
  return Readable.from([Buffer.from(JSON.stringify(value, null, 2))]);
}

/** The tenant's bucket answered: which object problem it is. Anything else (a network failure) is retried. */
function objectFailure(e: unknown): Error {
  if (e instanceof S3ServiceException) {
    if (e.name === 'NoSuchBucket') return new ItemFailure('BUCKET_NOT_FOUND', 'the bucket does not exist');
    if (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata.httpStatusCode === 404)
      return new ItemFailure('OBJECT_NOT_FOUND', 'the object is not in the bucket');
    if (e.name === 'AccessDenied' || e.$metadata.httpStatusCode === 403)
      return new ItemFailure('OBJECT_ACCESS_DENIED', 'the service may not read the object');
  }
  return e instanceof Error ? e : new Error('object read failed');
}

/**
 * How an item failed, for its row: our own failures with their code; a client-class AppException
 * (not found, not available, invalid metadata) with its code; undefined for anything to retry
 * (a dependency down, a lost lease). Messages are ours and masked again; no key or token is in them.
 */
export function itemFailure(e: unknown): { code: string; message: string } | undefined {
  if (e instanceof ItemFailure) return { code: e.code, message: e.message };
  if (e instanceof AppException && ERROR_CODES[e.code] < 500)
    return { code: e.code, message: maskCardText(e.message).text.slice(0, 500) };
  return undefined;
}
