import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { DIST, firstLine, requireBuild, stop } from './child';

export interface StandIn<T> {
  child: ChildProcess;
  info: T;
  stop(): Promise<number | null>;
}

/**
 * One embedded stand-in in a process of its own (from the build), so a test
 * can freeze it with SIGSTOP as a hung dependency, and thaw it with SIGCONT.
 */
async function spawnStandIn<T>(script: string): Promise<StandIn<T>> {
  requireBuild();
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const info = JSON.parse(await firstLine(child)) as T;
  return {
    child,
    info,
    stop: () => {
      child.kill('SIGCONT');
      return stop(child, 'SIGKILL');
    },
  };
}

export function spawnS3(dir: string, bucket: string): Promise<StandIn<{ endpoint: string }>> {
  return spawnStandIn(`
    const { startEmbeddedS3 } = require(${JSON.stringify(path.join(DIST, 'embedded/s3.server.js'))});
    startEmbeddedS3(${JSON.stringify(dir)}, ${JSON.stringify(bucket)}).then(
      (s) => process.stdout.write(JSON.stringify({ endpoint: s.endpoint }) + '\\n'),
      (e) => { console.error(e); process.exit(1); });`);
}

export function spawnKms(dataDir: string): Promise<StandIn<{ endpoint: string; keyId: string; signingKeyId: string }>> {
  return spawnStandIn(`
    const { startEmbeddedKms } = require(${JSON.stringify(path.join(DIST, 'embedded/kms.server.js'))});
    startEmbeddedKms({ dataDir: ${JSON.stringify(dataDir)} }).then(
      (k) => process.stdout.write(JSON.stringify({ endpoint: k.endpoint, keyId: k.keyId, signingKeyId: k.signingKeyId }) + '\\n'),
      (e) => { console.error(e); process.exit(1); });`);
}
