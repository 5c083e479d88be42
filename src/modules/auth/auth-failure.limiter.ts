import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';

const MAX_TRACKED = 10_000;

/**
 * Counts failed authentications per client address in a fixed window. Per
 * process: with N instances an attacker gets N× the budget, which is still a
 * hard ceiling against guessing 256-bit keys; a shared limiter belongs in the
 * ingress.
 */
@Injectable()
export class AuthFailureLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Seconds until the client may try again, or 0 when it is not blocked. */
  blockedFor(client: string, now = Date.now()): number {
    const f = this.failures.get(client);
    if (!f || f.resetAt <= now) return 0;
    return f.count >= this.config.auth.failureLimit ? Math.ceil((f.resetAt - now) / 1000) : 0;
  }

  fail(client: string, now = Date.now()): void {
    const f = this.failures.get(client);
    if (!f || f.resetAt <= now) {
      if (this.failures.size >= MAX_TRACKED) this.evict(now);
      this.failures.set(client, { count: 1, resetAt: now + this.config.auth.failureWindowMs });
    } else f.count++;
  }

  private evict(now: number): void {
    for (const [k, v] of this.failures) if (v.resetAt <= now) this.failures.delete(k);
    if (this.failures.size >= MAX_TRACKED) this.failures.delete(this.failures.keys().next().value as string);
  }
}
