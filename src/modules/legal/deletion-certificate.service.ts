import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { DataKeyEntity } from '../crypto/data-key.entity';
import { DocumentSigner, documentDigest, type DetachedSignature } from './document.signer';

export type DeletionReason = 'retention' | 'erasure' | 'manual';

export interface DeletionActor {
  kind: string;
  id: string;
  role: string | null;
}

export interface DeletedRecording {
  id: string;
  tenantId: string;
  externalCallId: string;
  objectSha256: Buffer | null;
}

export type DeletionCertificate = Record<string, unknown> & { id: string; signature: DetachedSignature };

const METHOD =
  'Crypto-shredding: the wrapped data keys of every object of the recording were deleted from the database in the ' +
  'same transaction as this certificate, then the encrypted objects were deleted from storage. Without the keys the ' +
  'ciphertext (including any backup copy) cannot be decrypted.';

/**
 * A signed statement that a recording was destroyed, when, why, by whom and
 * which keys went with it. Written in the deleting transaction, so there is
 * no deletion without its certificate and no certificate without a deletion.
 */
@Injectable()
export class DeletionCertificateService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly signer: DocumentSigner,
  ) {}

  async issue(
    m: EntityManager,
    rec: DeletedRecording,
    keys: DataKeyEntity[],
    reason: DeletionReason,
    actor: DeletionActor,
    detail: string,
  ): Promise<string> {
    const id = randomUUID();
    const destroyedKeys = keys.map((k) => ({ dataKeyId: k.id, kmsKeyId: k.kmsKeyId, objectKind: k.objectKind, objectKey: k.objectKey }));
    const document = {
      kind: 'deletion-certificate',
      id,
      recordingId: rec.id,
      tenantId: rec.tenantId,
      externalCallId: rec.externalCallId,
      deletedAt: new Date().toISOString(),
      reason,
      detail,
      deletedBy: actor,
      objectSha256: rec.objectSha256 ? rec.objectSha256.toString('hex') : null,
      destroyedKeys,
      method: METHOD,
    };
    const sig = await this.signer.sign('deletion-certificate', document);
    // A concurrent manual delete of the same recording may have certified it first; one certificate is enough.
    await m.query(
      `INSERT INTO deletion_certificates (id, recording_id, tenant_id, deleted_at, reason, object_sha256, destroyed_keys,
         document, signed_at, key_id, algorithm, signature)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT (recording_id) DO NOTHING`,
      [
        id,
        rec.id,
        rec.tenantId,
        document.deletedAt,
        reason,
        rec.objectSha256,
        JSON.stringify(destroyedKeys),
        JSON.stringify(document),
        sig.signedAt,
        sig.keyId,
        sig.algorithm,
        Buffer.from(sig.signature, 'base64'),
      ],
    );
    return id;
  }

  async forRecording(recordingId: string, tenantId: string): Promise<DeletionCertificate | null> {
    const [row] = await this.ds.query(
      `SELECT document, signed_at, key_id, algorithm, signature FROM deletion_certificates WHERE recording_id = $1 AND tenant_id = $2`,
      [recordingId, tenantId],
    );
    if (!row) return null;
    const document = row.document as Record<string, unknown> & { id: string };
    return {
      ...document,
      signature: {
        algorithm: row.algorithm,
        keyId: row.key_id,
        signedAt: new Date(row.signed_at).toISOString(),
        digest: documentDigest(document),
        signature: (row.signature as Buffer).toString('base64'),
        publicKey: (await this.signer.publicKeyOf(row.key_id)).toString('base64'),
      },
    };
  }
}
