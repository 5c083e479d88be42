import { readFile } from 'node:fs/promises';

/** The operator CLI's bulk-job commands: a thin client of the HTTP API, authenticated with a token. */
export interface JobsApi {
  url: string;
  token: string;
}

interface JobView {
  id: string;
  kind: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  etaSeconds: number | null;
}

const ENDED = ['succeeded', 'failed', 'cancelled'];

async function call<T>(api: JobsApi, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(new URL(path, api.url), {
    method,
    headers: { Authorization: `Bearer ${api.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as T & { code?: string; message?: string };
  if (!res.ok) throw new Error(`${res.status} ${json.code ?? ''}: ${json.message ?? ''}`.trim());
  return json;
}

/** `jobs:start KIND --file params.json`: the job as queued. */
export async function startJob(api: JobsApi, kind: string, file: string): Promise<JobView> {
  const params = JSON.parse(await readFile(file, 'utf8')) as unknown;
  return call<JobView>(api, 'POST', '/v1/jobs', { kind, params });
}

/**
 * `jobs:watch ID`: polls until the job ends. On a terminal, one progress bar
 * redrawn in place; otherwise one line each time the counts change.
 */
export async function watchJob(
  api: JobsApi,
  id: string,
  out: { write(s: string): void; isTTY?: boolean },
  intervalMs = 1000,
): Promise<JobView> {
  let last = '';
  for (;;) {
    const job = await call<JobView>(api, 'GET', `/v1/jobs/${encodeURIComponent(id)}`);
    const line = progressLine(job, out.isTTY ? 30 : 0);
    if (out.isTTY) out.write(`\r${line}`);
    else if (line !== last) out.write(`${line}\n`);
    last = line;
    if (ENDED.includes(job.status)) {
      if (out.isTTY) out.write('\n');
      return job;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function progressLine(job: JobView, width: number): string {
  const processed = job.done + job.failed;
  const share = job.total ? processed / job.total : 1;
  const bar = width ? `[${'#'.repeat(Math.round(share * width)).padEnd(width, '-')}] ` : '';
  const eta = job.etaSeconds === null ? '' : ` eta ${job.etaSeconds}s`;
  const failed = job.failed ? ` (${job.failed} failed)` : '';
  return `${bar}${processed}/${job.total}${failed} ${job.status}${eta}`;
}
