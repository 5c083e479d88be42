import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { Principal, Role } from '../../common/access/permissions';
import { isUuid } from '../../common/ids';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { TenantService } from '../tenants/tenant.service';
import { PlaybackTokenRepository } from './playback-token.repository';

/** Expired tokens are useless; they are cleared out as new ones are made, after this grace. */
const EXPIRED_GRACE_MS = 3_600_000;

/**
 * Short-lived playback links for an HTML <audio> element, which cannot send an
 * Authorization header. A token is a credential bound to one user, one
 * recording and one purpose; only its hash is stored.
 */
@Injectable()
export class PlaybackTokenService {
  constructor(
    private readonly tokens: PlaybackTokenRepository,
    private readonly tenants: TenantService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A link to a recording's audio, or (`{ jobId }`) to a bulk job's result archive. */
  async issue(
    p: Principal,
    target: string | { jobId: string },
    purpose: string,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = `pbt_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + this.config.playbackTokenTtlSec * 1000);
    await this.tokens.insert({
      tokenHash: hash(token),
      recordingId: typeof target === 'string' ? target : null,
      jobId: typeof target === 'string' ? null : target.jobId,
      tenantId: p.tenantId,
      subject: p.id,
      role: p.role,
      purpose,
      expiresAt,
    });
    await this.tokens.deleteExpiredBefore(new Date(Date.now() - EXPIRED_GRACE_MS));
    return { token, expiresAt };
  }

  /**
   * The principal and purpose the token was issued for, if it is valid for this recording (or job);
   * the principal is the link's own actor kind: audited as a link use, naming who issued it.
   */
  async verify(
    token: string,
    id: unknown,
    target: 'recording' | 'job' = 'recording',
  ): Promise<{ principal: Principal; purpose: string; issuer: string } | undefined> {
    if (!/^pbt_[A-Za-z0-9_-]{43}$/.test(token) || typeof id !== 'string' || !isUuid(id)) return undefined;
    const tokenHash = hash(token);
    const row = await this.tokens.findValid(tokenHash, target === 'job' ? { jobId: id } : { recordingId: id });
    if (!row) return undefined;
    const tenant = await this.tenants.byId(row.tenantId);
    return {
      issuer: row.subject,
      principal: {
        kind: 'playback-link',
        id: `pbl_${tokenHash.subarray(0, 8).toString('hex')}`,
        role: row.role as Role,
        tenantId: tenant.id,
        tenantName: tenant.name,
      },
      purpose: row.purpose,
    };
  }
}

function hash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
