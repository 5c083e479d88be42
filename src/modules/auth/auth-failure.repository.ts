import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuthFailureEntity } from './auth-failure.entity';

export interface FailureCount {
  key: string;
  count: number;
  resetAt: Date;
}

/** The auth_failures table: fixed-window counters, one row per key, shared by every instance. */
@Injectable()
export class AuthFailureRepository {
  constructor(@InjectRepository(AuthFailureEntity) private readonly rows: Repository<AuthFailureEntity>) {}

  /** Counts one failure against each key (a window starts at the first failure) and returns the counts. */
  async increment(keys: string[], windowMs: number): Promise<FailureCount[]> {
    if (keys.length === 0) return [];
    const values = keys.map((_, i) => `($${i + 2}, 1, now() + $1 * interval '1 millisecond')`).join(', ');
    const rows: { key: string; count: number; reset_at: Date }[] = await this.rows.query(
      `INSERT INTO auth_failures (key, count, reset_at) VALUES ${values}
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN auth_failures.reset_at <= now() THEN 1 ELSE auth_failures.count + 1 END,
         reset_at = CASE WHEN auth_failures.reset_at <= now() THEN EXCLUDED.reset_at ELSE auth_failures.reset_at END
       RETURNING key, count, reset_at`,
      [windowMs, ...keys],
    );
    return rows.map((r) => ({ key: r.key, count: r.count, resetAt: r.reset_at }));
  }

  async prune(): Promise<void> {
    await this.rows.query(`DELETE FROM auth_failures WHERE reset_at < now()`);
  }

  /**
   * Deletes up to `limit` counters whose window ended more than `graceMs` ago; how many. SKIP LOCKED:
   * concurrent prunes share the work, and a failure counted meanwhile (which locks its row) waits or is
   * waited for, then starts a fresh window either way — exactly what it does with an ended window.
   */
  async pruneEnded(graceMs: number, limit: number): Promise<number> {
    const [, deleted] = await this.rows.query<[unknown, number]>(
      `DELETE FROM auth_failures WHERE key IN (
         SELECT key FROM auth_failures WHERE reset_at < now() - $1 * interval '1 millisecond'
          LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [graceMs, limit],
    );
    return deleted;
  }
}
