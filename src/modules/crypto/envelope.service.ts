import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { PassThrough, pipeline as pipelineCb, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { ObjectStore } from '../storage/object-store';
import {
  authenticateLength,
  ciphertextRangeFor,
  createDecryptStream,
  createEncryptStream,
  createRangeDecryptStream,
  encodeContext,
  finalChunkRange,
  HEADER_SIZE,
} from './chunked-encryption';
import { DataKeyCache } from './data-key.cache';
import type { DataKeyEntity } from './data-key.entity';
import { DataKeyRepository } from './data-key.repository';
import { KmsService } from './kms.service';

export type ObjectKind = 'quarantine' | 'transcript' | 'recording' | 'peaks';

export interface SealedObject {
  dataKeyId: string;
  objectKey: string;
  ciphertextSize: number;
  plaintextSize: number;
  /** SHA-256 of the stored ciphertext, hex. */
  sha256: string;
}

/** Keys deleted in a caller's transaction; their objects go once it has committed. */
export interface ShreddedKeys {
  /** What was destroyed, for a deletion certificate. */
  keys: DataKeyEntity[];
  /**
   * Delete the objects. Call only after the transaction that deleted the keys
   * committed: a rollback must find its objects still there. Never throws; an
   * object left behind is undecryptable bytes, and is logged.
   */
  purgeObjects(): Promise<void>;
}

/**
 * Envelope encryption of objects: a fresh KMS data key per object, C2SP
 * chunked encryption with the object's context (tenant, recording, kind)
 * bound in, the wrapped key in `data_keys`. Deleting that row crypto-shreds
 * the object, backups of the bucket included.
 */
@Injectable()
export class EnvelopeService implements OnModuleDestroy {
  private readonly logger = new Logger('envelope');
  private readonly cache: DataKeyCache;
  private readonly lengths = new Map<string, number>();

  constructor(
    private readonly keys: DataKeyRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly kms: KmsService,
    private readonly store: ObjectStore,
  ) {
    this.cache = new DataKeyCache(config.keys.cacheSize, config.keys.cacheTtlMs);
  }

  onModuleDestroy(): void {
    this.cache.clear();
  }

  /**
   * Encrypt `source` as it streams into a new object. The wrapped key row is
   * committed before the upload starts, so a stored object always has its key;
   * a failed upload removes both.
   */
  async seal(opts: {
    tenantId: string;
    recordingId: string;
    kind: ObjectKind;
    /** The tenant's KMS key (`TenantService.wrappingKey`); null = the service default. */
    wrappingKeyId: string | null;
    source: Readable;
    /** Called for each plaintext chunk before encryption; throwing aborts the upload. */
    inspect?: (chunk: Buffer) => void;
    /**
     * Leave the key row unlinked (recording_id null) when the recording row
     * does not exist yet; the caller links it in the transaction that creates it.
     */
    unlinked?: boolean;
  }): Promise<SealedObject> {
    const context = { tenant: opts.tenantId, recording: opts.recordingId, kind: opts.kind };
    const dk = await this.kms.generateDataKey(context, opts.wrappingKeyId ?? this.kms.defaultKeyId);
    const objectKey = `tenants/${opts.tenantId}/recordings/${opts.recordingId}/${opts.kind}-${randomUUID()}`;
    const row = await this.keys.create({
      tenantId: opts.tenantId,
      recordingId: opts.unlinked ? null : opts.recordingId,
      objectKind: opts.kind,
      objectKey,
      kmsKeyId: dk.keyId,
      wrappedKey: dk.wrapped,
      encryptionContext: context,
    });
    let plaintextSize = 0;
    let ciphertextSize = 0;
    const hash = createHash('sha256');
    const counted = new PassThrough();
    const encrypt = createEncryptStream(dk.plaintext, encodeContext(context));
    dk.plaintext.fill(0);
    const plainTap = new Transform({
      transform(chunk: Buffer, _e, cb) {
        plaintextSize += chunk.length;
        try {
          opts.inspect?.(chunk);
        } catch (e) {
          cb(e as Error);
          return;
        }
        cb(null, chunk);
      },
    });
    const cipherTap = new Transform({
      transform(chunk: Buffer, _e, cb) {
        ciphertextSize += chunk.length;
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await Promise.all([
        pipeline(opts.source, plainTap, encrypt, cipherTap, counted),
        this.store.put(objectKey, counted),
      ]);
    } catch (e) {
      counted.destroy();
      await this.store.delete(objectKey).catch(() => undefined);
      await this.keys.delete([row.id]);
      throw e;
    }
    return { dataKeyId: row.id, objectKey, ciphertextSize, plaintextSize, sha256: hash.digest('hex') };
  }

  /** The whole object, decrypted as it streams; errors if any chunk fails to authenticate. */
  async open(objectKey: string): Promise<Readable> {
    const { key, context } = await this.dataKey(objectKey);
    const decrypt = createDecryptStream(key, encodeContext(context));
    key.fill(0);
    const body = await this.store.get(objectKey);
    // pipeline, not pipe: a consumer that stops early must also release the S3 response (and its socket).
    pipelineCb(body, decrypt, () => undefined);
    return decrypt;
  }

  /**
   * Plaintext bytes [start, endInclusive] of an object of `ciphertextSize`
   * bytes, fetching only the header and the chunks that cover the range.
   */
  async openRange(objectKey: string, ciphertextSize: number, start: number, endInclusive: number): Promise<Readable> {
    const range = ciphertextRangeFor(start, endInclusive, ciphertextSize);
    const [keyR, headerR, bodyR] = await Promise.allSettled([
      this.dataKey(objectKey),
      this.store.getRange(objectKey, 0, HEADER_SIZE - 1).then(readAll),
      this.store.getRange(objectKey, range.offset, range.offset + range.length - 1),
    ]);
    // A fetched body must be released even when another fetch failed, or it keeps its socket.
    if (keyR.status === 'rejected' || headerR.status === 'rejected' || bodyR.status === 'rejected') {
      if (bodyR.status === 'fulfilled') bodyR.value.destroy();
      if (keyR.status === 'fulfilled') keyR.value.key.fill(0);
      throw firstRejection([keyR, headerR, bodyR]);
    }
    const { key, context } = keyR.value;
    const header = headerR.value;
    const body = bodyR.value;
    let decrypt: Transform;
    try {
      decrypt = createRangeDecryptStream(
        key,
        encodeContext(context),
        header,
        range.firstChunkIndex,
        range.lastChunkIndex,
        range.finalChunkIndex,
        range.sliceStart,
        range.sliceLength,
      );
    } catch (e) {
      body.destroy();
      throw e;
    } finally {
      key.fill(0);
    }
    pipelineCb(body, decrypt, () => undefined);
    return decrypt;
  }

  /** One object that nothing refers to any more: its key (from here on it is unreadable), then its bytes. */
  async shred(objectKey: string): Promise<void> {
    const row = await this.keys.findByObjectKey(objectKey);
    await this.destroyKeys(row ? [row] : []);
    this.lengths.delete(objectKey);
    await this.store.delete(objectKey);
  }

  /**
   * Crypto-shred a recording's objects (of `kinds`, or all): the key rows are
   * deleted in `m`'s transaction, so the objects are unreadable exactly when
   * it commits; then the caller purges the objects. Every destruction of a
   * recording's audio or transcript goes through here.
   */
  async shredRecording(m: EntityManager, recordingId: string, kinds?: ObjectKind[]): Promise<ShreddedKeys> {
    const keys = await this.keys.findByRecording(recordingId, { kinds }, m);
    await this.destroyKeys(keys, m);
    return { keys, purgeObjects: () => this.purge(keys.map((k) => k.objectKey)) };
  }

  /** A recording's objects of `kind` other than `keep`: what an interrupted earlier attempt left. */
  async shredOthers(recordingId: string, kind: ObjectKind, keep: string | null): Promise<void> {
    for (const k of await this.keys.findByRecording(recordingId, { kinds: [kind], except: keep ?? '' }))
      await this.shred(k.objectKey);
  }

  /** The recording's object of `kind` (the newest, should an interrupted attempt have left another), if any. */
  async objectKeyOf(recordingId: string, kind: ObjectKind): Promise<string | null> {
    const keys = await this.keys.findByRecording(recordingId, { kinds: [kind] });
    keys.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    return keys.at(0)?.objectKey ?? null;
  }

  /** Objects whose upload died before the transaction that would have linked them to a recording. */
  async shredUnlinked(olderThan: Date): Promise<number> {
    const orphans = await this.keys.findUnlinkedBefore(olderThan);
    for (const k of orphans) await this.shred(k.objectKey);
    return orphans.length;
  }

  /** Attach an upload's keys to the recording row created in `m`'s transaction. */
  linkToRecording(m: EntityManager, recordingId: string, objectKeys: string[]): Promise<void> {
    return this.keys.linkToRecording(objectKeys, recordingId, m);
  }

  /** How many of the tenant's keys are not wrapped under `kmsKeyId`. */
  countKeysNotUnder(tenantId: string, kmsKeyId: string, m?: EntityManager): Promise<number> {
    return this.keys.countNotUnder(tenantId, kmsKeyId, m);
  }

  /** Re-wrap up to `limit` of the tenant's keys under `kmsKeyId` (the objects are untouched); how many were. */
  async rewrapBatch(tenantId: string, kmsKeyId: string, limit: number): Promise<number> {
    const batch = await this.keys.findNotUnder(tenantId, kmsKeyId, limit);
    for (const row of batch) {
      const out = await this.kms.reEncrypt(row.wrappedKey, row.encryptionContext, kmsKeyId);
      await this.keys.setWrapped(row.id, out.wrapped, out.keyId);
      this.cache.evict(row.id);
    }
    return batch.length;
  }

  private async destroyKeys(keys: DataKeyEntity[], m?: EntityManager): Promise<void> {
    for (const k of keys) this.cache.evict(k.id);
    await this.keys.delete(
      keys.map((k) => k.id),
      m,
    );
  }

  private async purge(objectKeys: string[]): Promise<void> {
    for (const key of objectKeys) {
      this.lengths.delete(key);
      await this.store.delete(key).catch((e: unknown) => {
        this.logger.warn(
          { err: e, objectKey: key },
          'object delete after shred failed; its key is gone, so it is unreadable',
        );
      });
    }
  }

  /**
   * The object's plaintext length, authenticated by decrypting its final chunk
   * (the spec's rule before trusting a length, e.g. for Content-Range). Cached
   * per object: the final chunk of a stored object never changes.
   */
  async authenticatedLength(objectKey: string, ciphertextSize: number): Promise<number> {
    const known = this.lengths.get(objectKey);
    if (known !== undefined) return known;
    const fin = finalChunkRange(ciphertextSize);
    const [{ key, context }, header, last] = await Promise.all([
      this.dataKey(objectKey),
      this.store.getRange(objectKey, 0, HEADER_SIZE - 1).then(readAll),
      this.store.getRange(objectKey, fin.offset, fin.offset + fin.length - 1).then(readAll),
    ]);
    try {
      const length = authenticateLength(key, encodeContext(context), header, last, fin.finalChunkIndex);
      if (this.lengths.size >= 10_000) this.lengths.delete(this.lengths.keys().next().value as string);
      this.lengths.set(objectKey, length);
      return length;
    } finally {
      key.fill(0);
    }
  }

  private async dataKey(objectKey: string): Promise<{ key: Buffer; context: Record<string, string> }> {
    const row = await this.keys.findByObjectKey(objectKey);
    // No key row means the object was crypto-shredded: it is gone, not "unavailable".
    if (!row) throw new AppException('RECORDING_NOT_AVAILABLE', 'The object’s key has been destroyed');
    const cached = this.cache.get(row.id);
    if (cached) return { key: cached, context: row.encryptionContext };
    const key = await this.kms.decryptDataKey(row.wrappedKey, row.encryptionContext);
    this.cache.set(row.id, key);
    return { key, context: row.encryptionContext };
  }
}

function firstRejection(results: PromiseSettledResult<unknown>[]): unknown {
  for (const r of results) if (r.status === 'rejected') return r.reason;
  return new Error('no rejected result');
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
