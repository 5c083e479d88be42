import { rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Liveness for the worker, which has no HTTP listener: a file under the
 * temporary directory, rewritten every interval while the database answers.
 * `healthcheck.js worker` (the container's health check) reads its age.
 */
export const HEARTBEAT_INTERVAL_MS = 10_000;
/** Three missed beats: one slow query is not a dead worker. */
export const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_INTERVAL_MS;

export const heartbeatFile = (): string => path.join(os.tmpdir(), 'vault-worker.alive');

/** Starts beating; the returned function stops and removes the file, so a stopped worker is unhealthy at once. */
export function startHeartbeat(check: () => Promise<unknown>, onError: (e: unknown) => void): () => void {
  const file = heartbeatFile();
  const beat = () =>
    check()
      .then(() => writeFile(file, new Date().toISOString()))
      .catch(onError);
  void beat();
  const timer = setInterval(() => void beat(), HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    rmSync(file, { force: true });
  };
}
