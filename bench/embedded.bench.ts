import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resetTestDatabase } from '../test/support/database';
import { startService, type ServiceProcess } from '../test/support/service';
import { percentile, runSoak, settleAll, soakTenants } from '../test/support/soak';

/**
 * The service on embedded defaults (`npm start` on a fresh machine): time to
 * ready on a fresh and on a used DATA_DIR, memory of the service plus its
 * PostgreSQL processes idle and under the soak's load, and the soak's rate and
 * latency against the same soak with DATABASE_URL pointed at the machine's
 * PostgreSQL. Resets the database `vault_bench` (BENCH_DATABASE_URL to override).
 */

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vault_bench';
const SOAK_MS = Number(process.env.BENCH_SOAK_SECONDS ?? 30) * 1000;
const CLIENTS = 20;
const MB = 1024 * 1024;

interface Memory {
  serviceRss: number;
  postgresRss: number;
  postgresPss: number;
  postgresProcesses: number;
}

function status(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
    fs.readFileSync(`/proc/${pid}/${field === 'Pss' ? 'smaps_rollup' : 'status'}`, 'utf8'),
  );
  return m ? Number(m[1]) * 1024 : 0;
}

/** The service's RSS and its PostgreSQL's: the postmaster named in DATA_DIR and every process it started. */
function memory(svc: ServiceProcess, dataDir: string): Memory {
  const out: Memory = {
    serviceRss: status(svc.child.pid!, 'VmRSS'),
    postgresRss: 0,
    postgresPss: 0,
    postgresProcesses: 0,
  };
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return out;
  const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!pid) continue;
    try {
      const ppid = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (pid !== postmaster && ppid !== postmaster) continue;
      out.postgresRss += status(pid, 'VmRSS');
      out.postgresPss += status(pid, 'Pss');
      out.postgresProcesses++;
    } catch {
      // exited while we looked
    }
  }
  return out;
}

async function timedStart(env: NodeJS.ProcessEnv): Promise<{ svc: ServiceProcess; ms: number }> {
  const started = performance.now();
  const svc = await startService(env);
  return { svc, ms: performance.now() - started };
}

type Soak = Awaited<ReturnType<typeof soak>>;

async function soak(svc: ServiceProcess, dataDir: string, round: number) {
  const tenants = await soakTenants(svc, dataDir, [`alpha-${round}`, `beta-${round}`]);
  let peak: Memory | undefined;
  const sampler = setInterval(() => {
    const m = memory(svc, dataDir);
    if (!peak || m.serviceRss + m.postgresRss > peak.serviceRss + peak.postgresRss) peak = m;
  }, 1000);
  const result = await runSoak({ base: svc.base, tenants, clients: CLIENTS, durationMs: SOAK_MS, seed: round });
  clearInterval(sampler);
  const final = await settleAll(svc.base, tenants, result.accepted, 120_000);
  const latencies = [...result.latenciesMs].sort((a, b) => a - b);
  return {
    rate: result.requests / (result.durationMs / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    uploads: result.accepted.size,
    problems:
      result.violations.length +
      result.failures.length +
      [...final.values()].filter((s) => !['available', 'rejected'].includes(s)).length,
    peak: peak as Memory,
  };
}

/**
 * Rounds in the order embedded, peer, peer, embedded, so that a load that
 * drifts during the run (the machine is shared) weighs on both sides alike.
 */
export async function run(): Promise<void> {
  const dirs = {
    embedded: fs.mkdtempSync(path.join(os.tmpdir(), 'vault-bench-embedded-')),
    peer: fs.mkdtempSync(path.join(os.tmpdir(), 'vault-bench-peer-')),
  };
  const starts: Record<string, number[]> = { embedded: [], peer: [] };
  const soaks: Record<string, Soak[]> = { embedded: [], peer: [] };
  const idle: Record<string, Memory> = {};
  try {
    await resetTestDatabase(DATABASE_URL);
    let round = 0;
    for (const side of ['embedded', 'peer', 'peer', 'embedded'] as const) {
      const { svc, ms } = await timedStart(
        side === 'embedded' ? { DATA_DIR: dirs.embedded } : { DATA_DIR: dirs.peer, DATABASE_URL },
      );
      starts[side].push(ms);
      if (!(side in idle)) {
        await new Promise((r) => setTimeout(r, 5000));
        idle[side] = memory(svc, dirs[side]);
      }
      soaks[side].push(await soak(svc, dirs[side], round++));
      await svc.stop();
    }
  } finally {
    fs.rmSync(dirs.embedded, { recursive: true, force: true });
    fs.rmSync(dirs.peer, { recursive: true, force: true });
  }

  const mb = (b: number) => (b / MB).toFixed(0);
  const total = (m: Memory) =>
    `${mb(m.serviceRss + m.postgresRss)} MB (service ${mb(m.serviceRss)} + PostgreSQL ${mb(m.postgresRss)} RSS in ${m.postgresProcesses} processes; their PSS ${mb(m.postgresPss)})`;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const peak = (side: string) =>
    soaks[side]
      .map((s) => s.peak)
      .reduce((a, b) => (a.serviceRss + a.postgresRss >= b.serviceRss + b.postgresRss ? a : b));
  console.log(
    [
      '| embedded defaults | value |',
      '| --- | --- |',
      `| start to ready, fresh DATA_DIR (initdb included) | ${(starts.embedded[0] / 1000).toFixed(2)} s |`,
      `| start to ready, second start | ${(starts.embedded[1] / 1000).toFixed(2)} s |`,
      `| start to ready, DATABASE_URL = machine's PostgreSQL (peer): first / second | ${starts.peer.map((ms) => (ms / 1000).toFixed(2)).join(' / ')} s |`,
      `| memory idle | ${total(idle.embedded)} |`,
      `| memory at the soak's peak | ${total(peak('embedded'))} |`,
      `| service alone on the machine's PostgreSQL: idle / peak | ${mb(idle.peer.serviceRss)} / ${mb(peak('peer').serviceRss)} MB RSS |`,
    ].join('\n'),
  );
  const row = (name: string, s: Soak) =>
    `| ${name} | ${s.rate.toFixed(1)} | ${s.p50.toFixed(0)} | ${s.p99.toFixed(0)} | ${s.uploads} | ${s.problems} |`;
  const avg = (side: string) => ({
    rate: mean(soaks[side].map((s) => s.rate)),
    p50: mean(soaks[side].map((s) => s.p50)),
    p99: mean(soaks[side].map((s) => s.p99)),
  });
  const [e, p] = [avg('embedded'), avg('peer')];
  console.log(
    [
      '',
      `| soak: ${CLIENTS} clients, 2 tenants, ${SOAK_MS / 1000} s per round | requests/s | p50 ms | p99 ms | uploads | problems |`,
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...soaks.embedded.map((s, i) => row(`embedded PostgreSQL, round ${i + 1}`, s)),
      ...soaks.peer.map((s, i) => row(`machine's PostgreSQL (peer), round ${i + 1}`, s)),
      `| ratio embedded / peer (means) | ${(e.rate / p.rate).toFixed(2)}× | ${(e.p50 / p.p50).toFixed(2)}× | ${(e.p99 / p.p99).toFixed(2)}× | | |`,
    ].join('\n'),
  );
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
