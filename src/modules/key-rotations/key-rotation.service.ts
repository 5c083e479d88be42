import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { Principal } from '../../common/access/permissions';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../../common/ids';
import { auditRequestIn } from '../../common/request-audit';
import { AuditService } from '../audit/audit.service';
import { EnvelopeService } from '../crypto/envelope.service';
import { KmsService } from '../crypto/kms.service';
import { JobService } from '../jobs/job.service';
import { TenantKeyService } from '../tenants/tenant-key.service';
import { TenantService } from '../tenants/tenant.service';
import type { KeyRotationEntity } from './key-rotation.entity';
import { KeyRotationRepository } from './key-rotation.repository';

const BATCH = 100;

function isOneRunningViolation(e: unknown): boolean {
  const err = e as QueryFailedError & { code?: string; constraint?: string };
  return e instanceof QueryFailedError && err.code === '23505' && err.constraint === 'key_rotations_one_running';
}

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
    private readonly tenantKeys: TenantKeyService,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('keys.rotate', ({ rotationId }) => this.run(rotationId));
  }

  async start(p: Principal, kmsKeyId: string): Promise<KeyRotation> {
    const arn = await this.tenantKeys.allowedDataKey(p.tenantId, kmsKeyId);
    // Before the tenant moves: a key this service may describe but not encrypt under would fail every upload.
    await this.kms
      .encrypt(Buffer.from('probe'), { tenant: p.tenantId, purpose: 'key-probe' }, arn)
      .catch((e: unknown) => {
        if (e instanceof AppException && e.code === 'KEY_REFUSED')
          throw new AppException('VALIDATION_FAILED', 'kmsKeyId: the key service refuses to encrypt under this key', {
            cause: e,
          });
        throw e;
      });
    const previous = await this.tenants.wrappingKey(p.tenantId);
    const current = previous ?? (await this.kms.describe()).keyId;
    const alreadyRunning = (cause?: unknown) =>
      new AppException('CONFLICT', 'A key rotation is already running for this tenant', { cause });
    const id = await this.ds
      .transaction(async (m) => {
        if (await this.rotations.runningExists(p.tenantId, m)) throw alreadyRunning();
        const total = await this.envelope.countKeysNotUnder(p.tenantId, arn, m);
        // Back to the current key is still a rotation while keys are elsewhere (left by a failed one).
        if (arn === current && total === 0)
          throw new AppException(
            'KEY_ALREADY_CURRENT',
            'kmsKeyId: the tenant already uses this key and every data key is wrapped under it',
          );
        await this.tenants.setKmsKey(p.tenantId, arn, m);
        const row = await this.rotations.create(p.tenantId, arn, previous, total, m);
        await this.jobs.send('keys.rotate', { rotationId: row.id }, { manager: m });
        await auditRequestIn(m, { resourceId: row.id });
        return row.id;
      })
      .catch((e: unknown) => {
        // Two starts at once both find none running; the index on running rotations lets one commit.
        throw isOneRunningViolation(e) ? alreadyRunning(e) : e;
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
      await this.tenantKeys.rewrapSecrets(rot.tenantId, rot.targetKmsKeyId);
      await this.rotations.complete(rotationId);
      await this.audit.append({
        actor: { kind: 'system', id: 'key-rotation', role: null, tenant: rot.tenantId },
        action: 'keys.rotate',
        resource: { type: 'key-rotation', id: rotationId },
        outcome: 'success',
        details: { total: rot.total },
      });
    } catch (e) {
      if (e instanceof AppException && e.code === 'KEY_REFUSED') {
        // The key service will not use the key (revoked grant, disabled key): no retry can help.
        // The tenant goes back to its previous key; a new rotation may be started.
        await this.ds.transaction(async (m) => {
          await this.rotations.fail(rotationId, e.message, m);
          await this.tenants.setKmsKey(rot.tenantId, rot.previousKmsKeyId, m);
        });
        await this.audit.append({
          actor: { kind: 'system', id: 'key-rotation', role: null, tenant: rot.tenantId },
          action: 'keys.rotate',
          resource: { type: 'key-rotation', id: rotationId },
          outcome: 'error',
          details: { reason: e.message, restoredKey: rot.previousKmsKeyId ?? 'service default' },
        });
        this.logger.warn({ rotationId, err: e }, 'key rotation failed; tenant restored to its previous key');
        return;
      }
      // A KMS outage is retried by the job queue; the next pass resumes where this one stopped.
      this.logger.warn({ rotationId, err: e }, 'key rotation pass failed');
      throw e;
    }
  }
}
