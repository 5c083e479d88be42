import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/access/permissions';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../../common/ids';
import { AuditService } from '../audit/audit.service';
import { EnvelopeService } from '../crypto/envelope.service';
import { KmsService } from '../crypto/kms.service';
import { JobService } from '../jobs/job.service';
import { TenantService } from '../tenants/tenant.service';
import type { KeyRotationEntity } from './key-rotation.entity';
import { KeyRotationRepository } from './key-rotation.repository';

const BATCH = 100;

export type KeyRotation = Omit<KeyRotationEntity, 'tenantId'>;

/**
 * Moves a tenant to another KMS key: new objects use it at once, and a
 * resumable job re-wraps every existing data key under it (ReEncrypt, the
 * audio is not touched). Progress is a row the admin can poll.
 */
@Injectable()
export class KeyRotationService implements OnModuleInit {
  private readonly logger = new Logger('key-rotation');

  constructor(
    private readonly ds: DataSource,
    private readonly rotations: KeyRotationRepository,
    private readonly tenants: TenantService,
    private readonly kms: KmsService,
    private readonly envelope: EnvelopeService,
    private readonly jobs: JobService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('keys.rotate', ({ rotationId }) => this.run(rotationId));
  }

  async start(p: Principal, kmsKeyId: string): Promise<KeyRotation> {
    const key = await this.kms.describe(kmsKeyId).catch((e: unknown) => {
      if (e instanceof AppException && e.code === 'KEY_REFUSED') {
        throw new AppException('VALIDATION_FAILED', 'kmsKeyId: the key service does not know this key', { cause: e });
      }
      throw e;
    });
    if (!key.enabled) throw new AppException('VALIDATION_FAILED', 'kmsKeyId: the key is disabled');
    const id = await this.ds.transaction(async (m) => {
      if (await this.rotations.runningExists(p.tenantId, m))
        throw new AppException('CONFLICT', 'A key rotation is already running for this tenant');
      await this.tenants.setKmsKey(p.tenantId, key.keyId, m);
      const total = await this.envelope.countKeysNotUnder(p.tenantId, key.keyId, m);
      const row = await this.rotations.create(p.tenantId, key.keyId, total, m);
      await this.jobs.send('keys.rotate', { rotationId: row.id }, { manager: m });
      return row.id;
    });
    return this.get(p, id);
  }

  async get(p: Principal, id: string): Promise<KeyRotation> {
    const row = isUuid(id) ? await this.rotations.find(id, p.tenantId) : null;
    if (!row) throw new AppException('NOT_FOUND', 'Key rotation not found');
    const { tenantId: _tenant, ...rotation } = row;
    return rotation;
  }

  /** Idempotent and resumable: each pass re-wraps whatever is not yet under the target key. */
  async run(rotationId: string): Promise<void> {
    const rot = await this.rotations.find(rotationId);
    if (!rot || rot.status !== 'running') return;
    try {
      for (;;) {
        const done = await this.envelope.rewrapBatch(rot.tenantId, rot.targetKmsKeyId, BATCH);
        if (!done) break;
        await this.rotations.advance(rotationId, done);
      }
      await this.rotations.complete(rotationId);
      await this.audit.append({
        actor: { kind: 'system', id: 'key-rotation', role: null, tenant: rot.tenantId },
        action: 'keys.rotate',
        resource: { type: 'key-rotation', id: rotationId },
        outcome: 'success',
        details: { total: rot.total },
      });
    } catch (e) {
      // A KMS outage is retried by the job queue; the next pass resumes where this one stopped.
      this.logger.warn({ rotationId, err: e }, 'key rotation pass failed');
      throw e;
    }
  }
}
