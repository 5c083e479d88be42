import { statSync } from 'node:fs';
import { loadConfig } from './config/config';
import { HEARTBEAT_STALE_MS, heartbeatFile } from './heartbeat';

/**
 * The container's HEALTHCHECK, with nothing but node (the image has no curl):
 * `node dist/src/healthcheck.js` asks the API's readiness endpoint (database,
 * bucket and KMS key); `… worker` checks the worker's heartbeat is fresh.
 * Exit 0 healthy, 1 not.
 */
async function healthy(role: string): Promise<boolean> {
  if (role === 'worker') {
    try {
      return Date.now() - statSync(heartbeatFile()).mtimeMs < HEARTBEAT_STALE_MS;
    } catch {
      return false;
    }
  }
  const { host, port } = loadConfig();
  const target = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  try {
    const res = await fetch(`http://${target.includes(':') ? `[${target}]` : target}:${port}/health/ready`, {
      signal: AbortSignal.timeout(5000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

healthy(process.argv[2] ?? 'api').then(
  (ok) => process.exit(ok ? 0 : 1),
  () => process.exit(1),
);
