import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { PassThrough, pipeline as pipelineCb, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { PgNotifications } from '../../database/pg-notifications';
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
import type { DataKeyEntity } from './data-key.entity';
import { DataKeyRepository, type JobObjectKind } from './data-key.repository';
import { KmsService } from './kms.service';
import { ObjectKeyCache, type ObjectSecrets } from './object-key.cache';

/**
 * `transcript`: the upload's transcript, destroyed after redaction; `redacted-transcript`: the one kept; `peaks`: the
 * waveform; `job-part`: one file a bulk job item produced, until the job's `job-result` archive holds it.
 */
export type ObjectKind = 'quarantine' | 'transcript' | 'recording' | 'redacted-transcript' | 'peaks' | JobObjectKind;

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
export class EnvelopeService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('envelope');
  private readonly cache: ObjectKeyCache;
  private readonly loading = new Map<string, Promise<ObjectSecrets>>();

  constructor(
    private readonly keys: DataKeyRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly kms: KmsService,
    private readonly store: ObjectStore,
    private readonly notifications: PgNotifications,
  ) {
    this.cache = new ObjectKeyCache(config.keys.cacheSize, config.keys.cacheTtlMs);
  }

  /**
   * Every process drops a cached object when its key row is deleted or
   * re-wrapped anywhere: the notification is sent in the deleting transaction,
   * so it arrives when that commits. Nothing is cached while not listening.
   */
  async onModuleInit(): Promise<void> {
    await this.notifications.listen(INVALIDATIONS, {
      onMessage: (objectKey) => this.cache.invalidate(objectKey),
      onGap: () => this.cache.clear(),
    });
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
    kind: ObjectKind;
    /** What the object belongs to: a recording, or (job objects, never linked to a recording) a bulk job. */
    recordingId?: string;
    jobId?: string;
    /** The tenant's KMS key (`TenantService.wrappingKey`); null = the service default. */
    wrappingKeyId: string | null;
    source: Readable;
    /**
     * Called for each plaintext chunk, in order, before encryption. A returned promise
     * holds the chunk until it settles (a slow inspector holds the stream back); any
     * other return value is ignored. Throwing (or rejecting) aborts the upload.
     */
    inspect?: (chunk: Buffer) => unknown;
    /**
     * Leave the key row unlinked (recording_id null) when the recording row
     * does not exist yet; the caller links it in the transaction that creates it.
     */
    unlinked?: boolean;
  }): Promise<SealedObject> {
    const owner = opts.jobId
      ? { field: 'job', folder: 'jobs', id: opts.jobId }
      : { field: 'recording', folder: 'recordings', id: opts.recordingId };
    if (!owner.id) throw new Error('seal: a recording or job id is required');
    const context = { tenant: opts.tenantId, [owner.field]: owner.id, kind: opts.kind };
    const dk = await this.kms.generateDataKey(context, opts.wrappingKeyId ?? this.kms.defaultKeyId);
    const objectKey = `tenants/${opts.tenantId}/${owner.folder}/${owner.id}/${opts.kind}-${randomUUID()}`;
    const row = await this.keys.create({
      tenantId: opts.tenantId,
      recordingId: opts.unlinked || opts.jobId ? null : (opts.recordingId ?? null),
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
        let inspected: unknown;
        try {
          inspected = opts.inspect?.(chunk);
        } catch (e) {
          cb(e as Error);
          return;
        }
        if (inspected instanceof Promise)
          inspected.then(
            () => cb(null, chunk),
            (e: unknown) => cb(e as Error),
          );
        else cb(null, chunk);
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
      await this.keys.delete([row.id]);
      // The key is gone, so the bytes are unreadable; a failing store must not hold the caller's answer.
      void this.purge([objectKey]);
      throw e;
    }
    return { dataKeyId: row.id, objectKey, ciphertextSize, plaintextSize, sha256: hash.digest('hex') };
  }

  /** The whole object, decrypted as it streams; errors if any chunk fails to authenticate. */
  async open(objectKey: string): Promise<Readable> {
    const { secrets, key } = await this.acquire(objectKey);
    const decrypt = createDecryptStream(key, secrets.context);
    key.fill(0);
    const body = await this.store.get(objectKey);
    // pipeline, not pipe: a consumer that stops early must also release the S3 response (and its socket).
    pipelineCb(body, decrypt, () => undefined);
    return decrypt;
  }

  /**
   * Plaintext bytes [start, endInclusive] of an object of `ciphertextSize`
   * bytes, fetching only the chunks that cover the range: one S3 GET and no
   * database read once the object is cached (header and key included).
   */
  async openRange(objectKey: string, ciphertextSize: number, start: number, endInclusive: number): Promise<Readable> {
    const range = ciphertextRangeFor(start, endInclusive, ciphertextSize);
    const knownHeader = this.cache.get(objectKey)?.header;
    const [keyR, headerR, bodyR] = await Promise.allSettled([
      this.acquire(objectKey),
      knownHeader ?? this.store.getRange(objectKey, 0, HEADER_SIZE - 1).then(readAll),
      this.store.getRange(objectKey, range.offset, range.offset + range.length - 1),
    ]);
    // A fetched body must be released even when another fetch failed, or it keeps its socket.
    if (keyR.status === 'rejected' || headerR.status === 'rejected' || bodyR.status === 'rejected') {
      if (bodyR.status === 'fulfilled') bodyR.value.destroy();
      if (keyR.status === 'fulfilled') keyR.value.key.fill(0);
      throw firstRejection([keyR, headerR, bodyR]);
    }
    const { secrets, key } = keyR.value;
    const header = headerR.value;
    const body = bodyR.value;
    let decrypt: Transform;
    try {
      decrypt = createRangeDecryptStream(
        key,
        secrets.context,
        header,
        range.firstChunkIndex,
        range.lastChunkIndex,
        range.finalChunkIndex,
        range.sliceStart,
        range.sliceLength,
      );
      // Only a header whose key commitment just verified is kept.
      secrets.header ??= header;
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
    await this.store.delete(objectKey);
  }

  /**
   * Objects a failed request made: their keys now, their bytes in the
   * background (logged if that fails), so a failing store cannot hold the
   * request's error answer.
   */
  async discard(objectKeys: string[]): Promise<void> {
    const rows = (await Promise.all(objectKeys.map((k) => this.keys.findByObjectKey(k)))).filter((r) => r !== null);
    await this.destroyKeys(rows);
    void this.purge(objectKeys);
  }

  /**
   * Crypto-shred a recording's objects (of `kinds`, or all): the key rows are
   * deleted in `m`'s transaction, so the objects are unreadable exactly when
   * it commits; then the caller purges the objects. Every destruction of a
   * recording's audio or transcript goes through here.
   */
  async shredRecording(
    m: EntityManager,
    recordingId: string,
    kinds?: ObjectKind[],
    except?: string,
  ): Promise<ShreddedKeys> {
    const keys = await this.keys.findByRecording(recordingId, { kinds, except }, m);
    await this.destroyKeys(keys, m);
    return { keys, purgeObjects: () => this.purge(keys.map((k) => k.objectKey)) };
  }

  /**
   * Crypto-shred objects by key, outside any recording (a bulk job's archive and parts): their key rows
   * are deleted in `m`'s transaction, unreadable exactly when it commits; then the caller purges them.
   */
  async shredObjects(m: EntityManager, objectKeys: string[]): Promise<ShreddedKeys> {
    const keys = await this.keys.findByObjectKeys(objectKeys, m);
    await this.destroyKeys(keys, m);
    return { keys, purgeObjects: () => this.purge(objectKeys) };
  }

  /**
   * In `m`'s transaction: the object's key row exists (and stays, locked until
   * commit) and the object is stored with the expected size. What a state that
   * will reference the object checks before it commits.
   */
  async assertStored(m: EntityManager, objectKey: string, size: number): Promise<void> {
    if (!(await this.keys.lockByObjectKey(objectKey, m)))
      throw new Error('the sealed object’s key row is gone; not committing a reference to it');
    const head = await this.store.head(objectKey);
    if (head?.size !== size)
      throw new Error('the sealed object is missing or incomplete; not committing a reference to it');
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
      // A key unwrapped under the old KMS key is not served again, here or elsewhere.
      this.cache.invalidate(row.objectKey);
      await this.notifications.notify(INVALIDATIONS, row.objectKey);
    }
    return batch.length;
  }

  /**
   * Dropped from this process's cache now, and from every process's when the
   * deletion commits (again here too: a read in between may have re-cached it).
   */
  private async destroyKeys(keys: DataKeyEntity[], m?: EntityManager): Promise<void> {
    for (const k of keys) this.cache.invalidate(k.objectKey);
    await this.keys.delete(
      keys.map((k) => k.id),
      m,
    );
    for (const k of keys) {
      if (m) await this.notifications.notify(INVALIDATIONS, k.objectKey, m);
      else {
        this.cache.invalidate(k.objectKey);
        await this.notifications.notify(INVALIDATIONS, k.objectKey);
      }
    }
  }

  private async purge(objectKeys: string[]): Promise<void> {
    for (const key of objectKeys) {
      this.cache.invalidate(key);
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
   * with the object: the final chunk of a stored object never changes.
   */
  async authenticatedLength(objectKey: string, ciphertextSize: number): Promise<number> {
    const hit = this.cache.get(objectKey);
    if (hit?.length?.ciphertextSize === ciphertextSize) return hit.length.plaintext;
    const fin = finalChunkRange(ciphertextSize);
    const [{ secrets, key }, header, last] = await Promise.all([
      this.acquire(objectKey),
      hit?.header ?? this.store.getRange(objectKey, 0, HEADER_SIZE - 1).then(readAll),
      this.store.getRange(objectKey, fin.offset, fin.offset + fin.length - 1).then(readAll),
    ]);
    try {
      const plaintext = authenticateLength(key, secrets.context, header, last, fin.finalChunkIndex);
      secrets.header ??= header;
      secrets.length = { ciphertextSize, plaintext };
      return plaintext;
    } finally {
      key.fill(0);
    }
  }

  /** The object's secrets and a copy of its key, which the caller zeroes. */
  private async acquire(objectKey: string): Promise<{ secrets: ObjectSecrets; key: Buffer }> {
    const secrets = await this.secrets(objectKey);
    return { secrets, key: Buffer.from(secrets.key) };
  }

  /** Concurrent misses for one object share one database read and one KMS call. */
  private secrets(objectKey: string): Promise<ObjectSecrets> {
    const hit = this.cache.get(objectKey);
    if (hit) return Promise.resolve(hit);
    let p = this.loading.get(objectKey);
    if (!p) {
      p = this.load(objectKey).finally(() => this.loading.delete(objectKey));
      this.loading.set(objectKey, p);
    }
    return p;
  }

  private async load(objectKey: string): Promise<ObjectSecrets> {
    const generation = this.cache.generation;
    const row = await this.keys.findByObjectKey(objectKey);
    // No key row means the object was crypto-shredded: it is gone, not "unavailable".
    if (!row) throw new AppException('RECORDING_NOT_AVAILABLE', 'The object’s key has been destroyed');
    const key = await this.kms.decryptDataKey(row.wrappedKey, row.encryptionContext);
    const loaded = { dataKeyId: row.id, key, context: encodeContext(row.encryptionContext) };
    const cached = this.notifications.listening ? this.cache.set(objectKey, loaded, generation) : undefined;
    // Not cached: every waiter copies the key in the microtasks that follow, before this runs.
    setImmediate(() => key.fill(0));
    return cached ?? loaded;
  }
}

const INVALIDATIONS = 'vault_object_keys';

function firstRejection(results: PromiseSettledResult<unknown>[]): unknown {
  for (const r of results) if (r.status === 'rejected') return r.reason;
  return new Error('no rejected result');
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
