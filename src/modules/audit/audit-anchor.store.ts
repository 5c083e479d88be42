import {
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, SERVICES } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import type { ServiceEndpoints } from '../../config/service-endpoints';
import { S3_CLIENT } from '../storage/s3-client.provider';

export const ANCHOR_PREFIX = 'audit-anchors/';

/** A signed checkpoint as anchored outside the database. */
export interface AnchoredCheckpoint {
  seq: number;
  headHash: Buffer;
  signedAt: Date;
  keyId: string;
  algorithm: string;
  signature: Buffer;
}

/** Whether anchors are protected by S3 Object Lock, said plainly. */
export interface AnchorProtection {
  objectLock: 'compliance' | 'unsupported';
  note: string;
}

/**
 * Each signed audit checkpoint is also written to the object store under a write-once key
 * (`If-None-Match: *`), in S3 Object Lock compliance mode with AUDIT_ANCHOR_RETENTION where the
 * bucket has Object Lock enabled (AWS, MinIO). Someone with database write access can then no
 * longer delete checkpoints unnoticed: the verifier compares the table with these anchors.
 */
@Injectable()
export class AuditAnchorStore {
  private protection?: Promise<AnchorProtection>;
  private readonly bucket: string;

  constructor(
    @Inject(S3_CLIENT) private readonly s3: S3Client,
    @Inject(SERVICES) services: ServiceEndpoints,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.bucket = services.s3.bucket;
  }

  /** Object Lock support of the bucket, asked once. */
  protectionMode(): Promise<AnchorProtection> {
    this.protection ??= this.s3
      .send(new GetObjectLockConfigurationCommand({ Bucket: this.bucket }))
      .then((out): AnchorProtection =>
        out.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled'
          ? { objectLock: 'compliance', note: `anchors are locked in compliance mode in bucket ${this.bucket}` }
          : {
              objectLock: 'unsupported',
              note: `bucket ${this.bucket} has no Object Lock: anchors are write-once by key only and can be deleted by anyone with storage write access`,
            },
      )
      .catch((e: unknown): AnchorProtection => ({
        objectLock: 'unsupported',
        note: `the object store does not support Object Lock (${(e as Error).name}): anchors are write-once by key only and can be deleted by anyone with storage write access`,
      }));
    return this.protection;
  }

  async write(cp: AnchoredCheckpoint): Promise<void> {
    const locked = (await this.protectionMode()).objectLock === 'compliance';
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: anchorKey(cp.seq),
        Body: JSON.stringify({
          seq: cp.seq,
          headHash: cp.headHash.toString('hex'),
          signedAt: cp.signedAt.toISOString(),
          keyId: cp.keyId,
          algorithm: cp.algorithm,
          signature: cp.signature.toString('base64'),
        }),
        ContentType: 'application/json',
        IfNoneMatch: '*',
        ...(locked
          ? {
              ObjectLockMode: 'COMPLIANCE' as const,
              ObjectLockRetainUntilDate: new Date(Date.now() + this.config.audit.anchorRetentionMs),
            }
          : {}),
      }),
    );
  }

  /** Every anchored checkpoint, in seq order. */
  async list(): Promise<AnchoredCheckpoint[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: ANCHOR_PREFIX, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const out: AnchoredCheckpoint[] = [];
    for (const key of keys.sort()) {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const raw = JSON.parse((await res.Body?.transformToString('utf8')) ?? '{}') as Record<string, string | number>;
      out.push({
        seq: Number(raw.seq),
        headHash: Buffer.from(String(raw.headHash), 'hex'),
        signedAt: new Date(String(raw.signedAt)),
        keyId: String(raw.keyId),
        algorithm: String(raw.algorithm),
        signature: Buffer.from(String(raw.signature), 'base64'),
      });
    }
    return out;
  }
}

/** Zero-padded so that keys sort by seq. */
export function anchorKey(seq: number): string {
  return `${ANCHOR_PREFIX}checkpoint-${String(seq).padStart(20, '0')}.json`;
}
