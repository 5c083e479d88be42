import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../../common/access/permissions';
import { JobService } from '../jobs/job.service';
import { TenantEntity } from '../tenants/tenant.entity';
import { DataKeyEntity } from './data-key.entity';
import { EnvelopeService } from './envelope.service';
import { KmsService } from './kms.service';

const BATCH = 100;

export interface KeyRotation {
  id: string;
  status: 'running' | 'completed' | 'failed';
  targetKmsKeyId: string;
  total: number;
  done: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/**
 * Moves a tenant to another KMS key: new objects use it at once, and a
 * resumable job re-wraps every existing data key under it (ReEncrypt, the
 * audio is not touched). Progress is a row the admin can poll.
 */
@Injectable()
export class KeyRotationService implements OnModuleInit {
  private readonly logger = new Logger('key-rotation');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
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
        throw new AppException('VALIDATION_FAILED', 'kmsKeyId: the key service does not know this key');
      }
      throw e;
    });
    if (!key.enabled) throw new AppException('VALIDATION_FAILED', 'kmsKeyId: the key is disabled');
    const id = await this.ds.transaction(async (m) => {
      const running = await m.query(`SELECT 1 FROM key_rotations WHERE tenant_id = $1 AND status = 'running'`, [p.tenantId]);
      if (running.length) throw new AppException('CONFLICT', 'A key rotation is already running for this tenant');
      await m.getRepository(TenantEntity).update({ id: p.tenantId }, { kmsKeyId: key.keyId });
      const total = await m.getRepository(DataKeyEntity).countBy({ tenantId: p.tenantId, kmsKeyId: Not(key.keyId) });
      const [row] = await m.query(
        `INSERT INTO key_rotations (tenant_id, target_kms_key_id, status, total) VALUES ($1, $2, 'running', $3) RETURNING id`,
        [p.tenantId, key.keyId, total],
      );
      await this.jobs.send('keys.rotate', { rotationId: row.id }, { manager: m });
      return row.id as string;
    });
    return this.get(p, id);
  }

  async get(p: Principal, id: string): Promise<KeyRotation> {
    const [row] = await this.ds.query(`SELECT * FROM key_rotations WHERE id::text = $1 AND tenant_id = $2`, [id, p.tenantId]);
    if (!row) throw new AppException('NOT_FOUND', 'Key rotation not found');
    return {
      id: row.id,
      status: row.status,
      targetKmsKeyId: row.target_kms_key_id,
      total: row.total,
      done: row.done,
      error: row.error,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    };
  }

  /** Idempotent and resumable: each pass re-wraps whatever is not yet under the target key. */
  async run(rotationId: string): Promise<void> {
    const [rot] = await this.ds.query(`SELECT * FROM key_rotations WHERE id = $1`, [rotationId]);
    if (!rot || rot.status !== 'running') return;
    const repo = this.ds.getRepository(DataKeyEntity);
    try {
      for (;;) {
        const batch = await repo.find({
          where: { tenantId: rot.tenant_id, kmsKeyId: Not(rot.target_kms_key_id) },
          take: BATCH,
          order: { createdAt: 'ASC' },
        });
        if (!batch.length) break;
        for (const row of batch) await this.envelope.rewrap(row, rot.target_kms_key_id);
        await this.ds.query(`UPDATE key_rotations SET done = LEAST(total, done + $2) WHERE id = $1`, [rotationId, batch.length]);
      }
      await this.ds.query(`UPDATE key_rotations SET status = 'completed', done = total, finished_at = now() WHERE id = $1`, [rotationId]);
      await this.audit.append({
        actor: { kind: 'system', id: 'key-rotation', role: null, tenant: rot.tenant_id },
        action: 'keys.rotate',
        resource: { type: 'key-rotation', id: rotationId },
        outcome: 'success',
        details: { total: rot.total },
      });
    } catch (e) {
      // A KMS outage is retried by the job queue; the next pass resumes where this one stopped.
      this.logger.warn({ rotationId, err: (e as Error).name }, 'key rotation pass failed');
      throw e;
    }
  }
}
