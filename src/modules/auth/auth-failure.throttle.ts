import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import ipaddr from 'ipaddr.js';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { AuthFailureRepository } from './auth-failure.repository';

const PRUNE_EVERY = 200;

export interface ThrottleVerdict {
  /** True once the address or the presented credential has failed more than the limit in the window. */
  limited: boolean;
  /** `RateLimit-*` (and `Retry-After` when limited) for the answer. */
  headers: Record<string, string>;
}

/**
 * Failed authentication counted per client address (IPv6 per /64) and per presented credential
 * (an API key's public prefix, a token's issuer and subject), in PostgreSQL so that every instance
 * shares the counters. Only failures are counted and only failing requests are answered 429: a
 * valid credential is never refused because of anyone's failures, so one client (or everyone
 * behind one proxy) cannot lock others out.
 */
@Injectable()
export class AuthFailureThrottle {
  private failuresSincePrune = 0;

  constructor(
    private readonly counters: AuthFailureRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async fail(req: Request, credential: string | undefined): Promise<ThrottleVerdict> {
    const keys = [`addr:${clientKey(req)}`];
    if (credential) keys.push(`cred:${credentialKey(credential)}`);
    const counts = await this.counters.increment(keys, this.config.auth.failureWindowMs);
    if (++this.failuresSincePrune >= PRUNE_EVERY) {
      this.failuresSincePrune = 0;
      await this.counters.prune();
    }
    const limit = this.config.auth.failureLimit;
    const worst = counts.reduce((a, b) => (b.count > a.count ? b : a));
    const resetSec = Math.max(1, Math.ceil((worst.resetAt.getTime() - Date.now()) / 1000));
    const limited = worst.count > limit;
    const headers: Record<string, string> = {
      'RateLimit-Limit': String(limit),
      'RateLimit-Remaining': String(Math.max(0, limit - worst.count)),
      'RateLimit-Reset': String(resetSec),
      'RateLimit-Policy': `${limit};w=${Math.round(this.config.auth.failureWindowMs / 1000)}`,
    };
    if (limited) headers['Retry-After'] = String(resetSec);
    return { limited, headers };
  }

  /**
   * Deletes up to `limit` counters the throttle will never read again; how many. A counter counts
   * only until its window ends (the next failure then starts a fresh one), and one more window
   * passes before it goes: a margin, not a need. The scheduled prune calls this in batches; `fail`
   * also clears ended windows as it goes, but only while failures keep arriving.
   */
  pruneEnded(limit: number): Promise<number> {
    return this.counters.pruneEnded(this.config.auth.failureWindowMs, limit);
  }
}

/** The client's address as Express resolved it (TRUST_PROXY), IPv6 reduced to its /64. */
export function clientKey(req: Request): string {
  const raw = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  if (!ipaddr.isValid(raw)) return raw.slice(0, 64);
  const addr = ipaddr.process(raw);
  if (addr.kind() === 'ipv4') return addr.toString();
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}

/**
 * What identifies the credential being tried without storing it: an API key's public prefix
 * (`crv_<prefix>`), a JWT's unverified issuer and subject, otherwise the first characters.
 */
export function credentialKey(credential: string): string {
  const apiKey = /^(crv_[A-Za-z0-9]+)_/.exec(credential);
  if (apiKey) return apiKey[1];
  const parts = credential.split('.');
  if (parts.length === 3) {
    try {
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as {
        iss?: unknown;
        sub?: unknown;
      };
      if (typeof claims.sub === 'string') return `jwt:${String(claims.iss).slice(0, 100)}|${claims.sub.slice(0, 100)}`;
    } catch {
      // not a JWT after all
    }
  }
  return `other:${credential.slice(0, 8)}`;
}
