import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { PassThrough, pipeline as pipelineCb, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { ObjectStore } from '../storage/object-store';
import { TenantEntity } from '../tenants/tenant.entity';
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
import { DataKeyEntity } from './data-key.entity';
import { KmsService } from './kms.service';

export type ObjectKind = 'quarantine' | 'transcript' | 'recording';

export interface SealedObject {
  dataKeyId: string;
  objectKey: string;
  ciphertextSize: number;
  plaintextSize: number;
  /** SHA-256 of the stored ciphertext, hex. */
  sha256: string;
}

/**
 * Envelope encryption of objects: a fresh KMS data key per object, C2SP
 * chunked encryption with the object's context (tenant, recording, kind)
 * bound in, the wrapped key in `data_keys`. Deleting that row crypto-shreds
 * the object, backups of the bucket included.
 */
@Injectable()
export class EnvelopeService implements OnModuleDestroy {
  private readonly cache: DataKeyCache;
  private readonly lengths = new Map<string, number>();

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
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
    const tenant = await this.ds.getRepository(TenantEntity).findOneByOrFail({ id: opts.tenantId });
    const dk = await this.kms.generateDataKey(context, tenant.kmsKeyId ?? this.kms.defaultKeyId);
    const objectKey = `tenants/${opts.tenantId}/recordings/${opts.recordingId}/${opts.kind}-${randomUUID()}`;
    const repo = this.ds.getRepository(DataKeyEntity);
    const row = await repo.save(
      repo.create({
        tenantId: opts.tenantId,
        recordingId: opts.unlinked ? null : opts.recordingId,
        objectKind: opts.kind,
        objectKey,
        kmsKeyId: dk.keyId,
        wrappedKey: dk.wrapped,
        encryptionContext: context,
      }),
    );
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
          return cb(e as Error);
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
      await repo.delete({ id: row.id });
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
      throw [keyR, headerR, bodyR].find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
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

  /** Delete the key (the object is unreadable from here on), then the object. */
  async shred(objectKey: string, manager?: EntityManager): Promise<void> {
    const m = manager ?? this.ds.manager;
    const rows = await m.getRepository(DataKeyEntity).findBy({ objectKey });
    for (const r of rows) this.cache.evict(r.id);
    this.lengths.delete(objectKey);
    await m.getRepository(DataKeyEntity).delete({ objectKey });
    await this.store.delete(objectKey);
  }

  /** Re-wrap one data key under another KMS key; the object is untouched. */
  async rewrap(row: DataKeyEntity, destinationKmsKeyId: string): Promise<void> {
    const out = await this.kms.reEncrypt(row.wrappedKey, row.encryptionContext, destinationKmsKeyId);
    await this.ds.getRepository(DataKeyEntity).update({ id: row.id }, { wrappedKey: out.wrapped, kmsKeyId: out.keyId, rotatedAt: new Date() });
    this.cache.evict(row.id);
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
    const row = await this.ds.getRepository(DataKeyEntity).findOneBy({ objectKey });
    // No key row means the object was crypto-shredded: it is gone, not "unavailable".
    if (!row) throw new AppException('RECORDING_NOT_AVAILABLE', 'The object’s key has been destroyed');
    const cached = this.cache.get(row.id);
    if (cached) return { key: cached, context: row.encryptionContext };
    const key = await this.kms.decryptDataKey(row.wrappedKey, row.encryptionContext);
    this.cache.set(row.id, key);
    return { key, context: row.encryptionContext };
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
