import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { isUuid } from '../../common/ids';
import type { Principal, Role } from '../../common/access/permissions';
import { TenantEntity } from '../tenants/tenant.entity';

/**
 * Short-lived playback links for an HTML <audio> element, which cannot send an
 * Authorization header. A token is bound to one user, one recording and one
 * purpose; only its hash is stored.
 */
@Injectable()
export class PlaybackService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(p: Principal, recordingId: string, purpose: string): Promise<{ token: string; expiresAt: Date }> {
    const token = `pbt_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + this.config.playbackTokenTtlSec * 1000);
    await this.ds.query(
      `INSERT INTO playback_tokens (token_hash, recording_id, tenant_id, subject, role, purpose, expires_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [hash(token), recordingId, p.tenantId, p.id, p.role, purpose, expiresAt],
    );
    // Expired tokens are useless; clear them out as new ones are made.
    await this.ds.query(`DELETE FROM playback_tokens WHERE expires_at < now() - interval '1 hour'`);
    return { token, expiresAt };
  }

  /** The principal and purpose the token was issued for, if it is valid for this recording. */
  async verify(token: string, recordingId: unknown): Promise<{ principal: Principal; purpose: string } | undefined> {
    if (!/^pbt_[A-Za-z0-9_-]{43}$/.test(token) || typeof recordingId !== 'string' || !isUuid(recordingId)) return undefined;
    const [row] = (await this.ds.query(
      `SELECT t.subject, t.role, t.purpose, t.tenant_id FROM playback_tokens t
        WHERE t.token_hash = $1 AND t.recording_id = $2 AND t.expires_at > now()`,
      [hash(token), recordingId],
    )) as { subject: string; role: Role; purpose: string; tenant_id: string }[];
    if (!row) return undefined;
    const tenant = await this.ds.getRepository(TenantEntity).findOneByOrFail({ id: row.tenant_id });
    return {
      principal: { kind: 'user', id: row.subject, role: row.role, tenantId: tenant.id, tenantName: tenant.name },
      purpose: row.purpose,
    };
  }
}

function hash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
