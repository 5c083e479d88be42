import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { NextFunction, Request, Response } from 'express';
import { performance } from 'node:perf_hooks';
import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { Dependency, Metrics } from './metrics';

/** Every command of an AWS SDK v3 client timed, errors counted by exception name (retries included). */
export function instrumentAwsClient(client: S3Client | KMSClient, dependency: Dependency, metrics: Metrics): void {
  (client.middlewareStack as S3Client['middlewareStack']).add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      const start = performance.now();
      try {
        const out = await next(args);
        metrics.dependency(dependency, operation).observe((performance.now() - start) / 1000);
        return out;
      } catch (e) {
        metrics.dependency(dependency, operation).observe((performance.now() - start) / 1000, e);
        throw e;
      }
    },
    { step: 'initialize', name: 'vaultMetrics', override: true },
  );
}

/**
 * Every query the data source's pool runs, timed by its SQL verb. TypeORM
 * awaits `client.query(text, values)`; the pool's clients are wrapped as they
 * connect (streams and callbacks pass through untimed).
 */
export function instrumentDataSource(ds: DataSource, metrics: Metrics): void {
  const pool = (ds.driver as unknown as { master?: Pool }).master;
  if (!pool) return;
  const wrap = (client: PoolClient & { vaultTimed?: boolean }) => {
    if (client.vaultTimed) return;
    client.vaultTimed = true;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const result = query(...args);
      if (typeof args[0] !== 'string' || !(result instanceof Promise)) return result;
      const operation = sqlVerb(args[0]);
      const start = performance.now();
      result.then(
        () => metrics.dependency('db', operation).observe((performance.now() - start) / 1000),
        (e: unknown) => metrics.dependency('db', operation).observe((performance.now() - start) / 1000, e),
      );
      return result;
    };
  };
  pool.on('connect', wrap);
}

const VERBS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'WITH', 'BEGIN', 'COMMIT', 'ROLLBACK', 'LOCK']);

function sqlVerb(sql: string): string {
  const verb = /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
  return VERBS.has(verb) ? verb : 'OTHER';
}

/**
 * HTTP latency by route template (`/v1/recordings/:id`, never the id itself),
 * method and status; a request no route matched counts as `unmatched`.
 */
export function httpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = performance.now();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      metrics.http(
        req.method,
        typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched',
        res.statusCode,
        (performance.now() - start) / 1000,
      );
    });
    next();
  };
}
