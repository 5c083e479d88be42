import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DataKeyEntity } from '../crypto/data-key.entity';
import type { DeletionCertificateDocument, DeletionReason } from './deletion-certificate.entity';
import { DeletionRepository } from './deletion.repository';
import { DocumentSigner, documentDigest, type DetachedSignature } from './document.signer';

export type { DeletionReason };

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
    private readonly deletions: DeletionRepository,
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
    const destroyedKeys = keys.map((k) => ({
      dataKeyId: k.id,
      kmsKeyId: k.kmsKeyId,
      objectKind: k.objectKind,
      objectKey: k.objectKey,
    }));
    const document: DeletionCertificateDocument = {
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
    await this.deletions.insertCertificate(m, {
      id,
      recordingId: rec.id,
      tenantId: rec.tenantId,
      deletedAt: new Date(document.deletedAt),
      reason,
      objectSha256: rec.objectSha256,
      destroyedKeys,
      document,
      signedAt: new Date(sig.signedAt),
      keyId: sig.keyId,
      algorithm: sig.algorithm,
      signature: Buffer.from(sig.signature, 'base64'),
    });
    return id;
  }

  async forRecording(recordingId: string, tenantId: string): Promise<DeletionCertificate | null> {
    const row = await this.deletions.findCertificate(recordingId, tenantId);
    if (!row) return null;
    return {
      ...row.document,
      signature: {
        algorithm: row.algorithm,
        keyId: row.keyId,
        signedAt: row.signedAt.toISOString(),
        digest: documentDigest(row.document),
        signature: row.signature.toString('base64'),
        publicKey: (await this.signer.publicKeyOf(row.keyId)).toString('base64'),
      },
    };
  }
}
