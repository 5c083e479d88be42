import { issueDevToken, loadDevIssuerKey } from '../../src/modules/auth/dev-issuer';
import { pcm16Wav } from '../../src/modules/media/pcm-wav';
import { prng } from '../fixtures/dtmf-corpus';
import type { ServiceProcess } from './service';
import { KEYPAD_TONES } from '../../src/modules/redaction/dtmf/dtmf.keypad';

/**
 * Mixed traffic of two (or more) tenants against a running service: uploads
 * of generated calls with keypad tones, status polls, lists, audio Range reads,
 * redaction reports and evidence bundles, from concurrent clients. Every
 * answer is checked against what the caller may see; shared by the soak test
 * and the embedded-database benchmark.
 */

export interface SoakTenant {
  id: string;
  name: string;
  ingestKey: string;
  qa: string;
  legal: string;
}

/** Tenants and ingest keys made with the operator CLI, as the README does; staff tokens from the development issuer. */
export async function soakTenants(
  svc: ServiceProcess,
  dataDir: string,
  names: string[],
): Promise<(SoakTenant & { apiKeyId: string })[]> {
  const created = await Promise.all(names.map((n) => svc.cli('tenant:create', n)));
  const keys = await Promise.all(names.map((n) => svc.cli('apikey:create', '--tenant', n, '--role', 'ingest')));
  const issuer = await loadDevIssuerKey(dataDir);
  const token = (tenant: string, role: string) =>
    issueDevToken(
      issuer,
      {
        subject: `${role}@${tenant}`,
        audience: 'call-recording-vault',
        role,
        tenant,
        roleClaim: 'vault_role',
        tenantClaim: 'vault_tenant',
      },
      3600,
    );
  return Promise.all(
    names.map(async (name, i) => ({
      id: created[i].id as string,
      name,
      apiKeyId: keys[i].id as string,
      ingestKey: keys[i].key as string,
      qa: await token(name, 'qa'),
      legal: await token(name, 'legal'),
    })),
  );
}

export interface Accepted {
  tenant: string;
  externalCallId: string;
  /** Bytes of the uploaded WAV; the redacted audio keeps the size (samples are muted in place). */
  size: number;
  acceptedAt: number;
}

export interface SoakResult {
  durationMs: number;
  requests: number;
  /** `op status` → count */
  statuses: Record<string, number>;
  latenciesMs: number[];
  /** Answers that carried another tenant's data or did not match what was asked for. */
  violations: string[];
  /** 5xx, 401, 404, 429, anything a valid request for an existing object must not get. */
  failures: string[];
  accepted: Map<string, Accepted>;
}

type Op = 'upload' | 'status' | 'list' | 'audio' | 'redactions' | 'evidence';
const WEIGHTS: [Op, number][] = [
  ['upload', 15],
  ['status', 25],
  ['list', 15],
  ['audio', 20],
  ['redactions', 15],
  ['evidence', 10],
];
const EXPECTED: Record<Op, number> = {
  upload: 202,
  status: 200,
  list: 200,
  audio: 206,
  redactions: 200,
  evidence: 200,
};
const FINAL = ['available', 'rejected', 'failed'];

/**
 * A short call: a two-tone "voice" with keypad digits pressed in the middle.
 * `n` makes every call's length distinct, so a wrong recording's audio shows
 * in its size.
 */
export function soakCall(
  n: number,
  tenant: string,
  rand: () => number,
): { wav: Buffer; metadata: Record<string, unknown> } {
  const rate = 8000;
  const durationMs = 2500 + n * 7 + Math.floor(rand() * 7);
  const samples = new Int16Array((durationMs * rate) / 1000);
  const f1 = 180 + rand() * 80;
  const f2 = 300 + rand() * 120;
  for (let i = 0; i < samples.length; i++) {
    const t = i / rate;
    samples[i] = Math.round(3500 * Math.sin(2 * Math.PI * f1 * t) + 2000 * Math.sin(2 * Math.PI * f2 * t));
  }
  const keys = Object.keys(KEYPAD_TONES).filter((k) => /[0-9*#]/.test(k));
  const digits = Array.from({ length: 4 + Math.floor(rand() * 6) }, () => keys[Math.floor(rand() * keys.length)]);
  const start = Math.round((600 + rand() * 600) * (rate / 1000));
  const toneLen = Math.round((70 + rand() * 40) * (rate / 1000));
  const gapLen = Math.round((60 + rand() * 40) * (rate / 1000));
  digits.forEach((d, k) => {
    const [lo, hi] = KEYPAD_TONES[d];
    const s0 = start + k * (toneLen + gapLen);
    for (let i = s0; i < s0 + toneLen + gapLen && i < samples.length; i++) {
      const t = (i - s0) / rate;
      samples[i] =
        i < s0 + toneLen
          ? Math.round(8000 * Math.sin(2 * Math.PI * lo * t) + 8000 * Math.sin(2 * Math.PI * hi * t))
          : 0;
    }
  });
  const metadata = {
    externalCallId: `${tenant}-call-${n}`,
    startedAt: new Date(Date.UTC(2026, 10, 20, 15, 0, n % 60)).toISOString(),
    direction: n % 2 ? 'inbound' : 'outbound',
    participants: [
      {
        id: 'customer',
        role: 'customer',
        phone: `+1415555${String(1000 + (n % 9000)).padStart(4, '0')}`,
        jurisdiction: n % 3 ? 'US-CA' : 'GB',
      },
      { id: 'agent', role: 'agent', jurisdiction: 'US-GA' },
    ],
    consent: [
      {
        participant: 'customer',
        kind: 'granted',
        method: 'ivr-keypress',
        offsetMs: 0,
        evidence: { prompt: 'rec-notice-v3', key: '1' },
      },
    ],
  };
  return { wav: pcm16Wav(samples, rate), metadata };
}

export async function runSoak(opts: {
  base: string;
  tenants: SoakTenant[];
  clients: number;
  durationMs: number;
  /** Accepted uploads not yet seen final, above which clients stop uploading and read instead. */
  maxPending?: number;
  seed?: number;
}): Promise<SoakResult> {
  const rand = prng(opts.seed ?? 7);
  const maxPending = opts.maxPending ?? 4;
  const result: SoakResult = {
    durationMs: 0,
    requests: 0,
    statuses: {},
    latenciesMs: [],
    violations: [],
    failures: [],
    accepted: new Map(),
  };
  const available = new Map<string, string[]>(opts.tenants.map((t) => [t.id, []]));
  const pending = new Set<string>();
  const otherIds = (tenantId: string) =>
    [...result.accepted]
      .filter(([, a]) => a.tenant !== tenantId)
      .map(([id]) => id)
      .concat(opts.tenants.filter((t) => t.id !== tenantId).map((t) => t.id));
  let uploads = 0;

  async function call(
    op: Op,
    tenant: SoakTenant,
    credential: string,
    url: string,
    init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {},
  ) {
    const started = performance.now();
    const res = await fetch(opts.base + url, {
      ...init,
      headers: { Authorization: `Bearer ${credential}`, ...init.headers },
    });
    const body = Buffer.from(await res.arrayBuffer());
    result.latenciesMs.push(performance.now() - started);
    result.requests++;
    result.statuses[`${op} ${res.status}`] = (result.statuses[`${op} ${res.status}`] ?? 0) + 1;
    if (res.status !== EXPECTED[op])
      result.failures.push(`${op} ${url} as ${tenant.name}: ${res.status} ${body.toString('utf8', 0, 300)}`);
    const json = res.headers.get('content-type')?.includes('json') ? body.toString('utf8') : '';
    // Another tenant's id, or the id of one of its recordings, must never appear in an answer.
    if (json)
      for (const id of otherIds(tenant.id))
        if (json.includes(id)) result.violations.push(`${op} ${url} as ${tenant.name} carried ${id}`);
    return { res, body, data: json ? JSON.parse(json) : undefined };
  }

  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const violation = (m: string) => result.violations.push(m);

  async function upload(t: SoakTenant) {
    const n = uploads++;
    const { wav, metadata } = soakCall(n, t.name, rand);
    const form = new FormData();
    form.append('metadata', JSON.stringify(metadata));
    form.append('audio', new Blob([wav]), 'call.wav');
    const { res, data } = await call('upload', t, t.ingestKey, '/v1/recordings', { method: 'POST', body: form });
    if (res.status !== 202) return;
    result.accepted.set(data.id, {
      tenant: t.id,
      externalCallId: String(metadata.externalCallId),
      size: wav.length,
      acceptedAt: Date.now(),
    });
    pending.add(data.id);
  }

  async function status(t: SoakTenant, id: string) {
    const { res, data } = await call('status', t, rand() < 0.5 ? t.ingestKey : t.qa, `/v1/recordings/${id}`);
    if (res.status !== 200) return;
    if (data.id !== id || data.externalCallId !== result.accepted.get(id)?.externalCallId)
      violation(`status of ${id} as ${t.name} answered ${data.id} ${data.externalCallId}`);
    if (FINAL.includes(data.status) && pending.delete(id) && data.status === 'available') available.get(t.id)!.push(id);
  }

  async function step(t: SoakTenant) {
    const own = [...result.accepted].filter(([, a]) => a.tenant === t.id).map(([id]) => id);
    const ready = available.get(t.id)!;
    const mine = [...pending].filter((id) => result.accepted.get(id)?.tenant === t.id);
    let op = pickOp();
    if (op === 'upload' && pending.size >= maxPending) op = 'status';
    if (op === 'status' && !own.length) op = 'list';
    if (['audio', 'redactions', 'evidence'].includes(op) && !ready.length) op = 'list';
    switch (op) {
      case 'upload':
        return upload(t);
      case 'status':
        return status(t, mine.length && rand() < 0.7 ? pick(mine) : pick(own));
      case 'list': {
        const { res, data } = await call('list', t, t.qa, `/v1/recordings?limit=${5 + Math.floor(rand() * 20)}`);
        if (res.status !== 200) return;
        if (!Array.isArray(data.items)) violation(`list as ${t.name} answered ${JSON.stringify(data).slice(0, 200)}`);
        for (const item of data.items ?? []) {
          if (!String(item.externalCallId).startsWith(`${t.name}-`))
            violation(`list as ${t.name} returned ${item.id} ${item.externalCallId}`);
        }
        return;
      }
      case 'audio': {
        const id = pick(ready);
        const size = result.accepted.get(id)!.size;
        const from = Math.floor(rand() * (size - 1));
        const to = Math.min(size - 1, from + Math.floor(rand() * 64 * 1024));
        const { res, body } = await call('audio', t, t.qa, `/v1/recordings/${id}/audio`, {
          headers: { Range: `bytes=${from}-${to}`, 'X-Access-Purpose': 'QA soak' },
        });
        if (res.status !== 206) return;
        const range = res.headers.get('content-range');
        if (range !== `bytes ${from}-${to}/${size}` || body.length !== to - from + 1)
          violation(`audio of ${id} as ${t.name}: ${range}, ${body.length} bytes for ${from}-${to}/${size}`);
        return;
      }
      case 'redactions': {
        const id = pick(ready);
        const { res, data } = await call('redactions', t, t.qa, `/v1/recordings/${id}/redactions`);
        if (res.status !== 200) return;
        if (data.recordingId !== id || !data.report?.spans?.some((s: { detector: string }) => s.detector === 'dtmf'))
          violation(`redactions of ${id} as ${t.name}: ${JSON.stringify(data).slice(0, 200)}`);
        return;
      }
      case 'evidence': {
        const id = pick(ready);
        const { res, data } = await call('evidence', t, t.legal, `/v1/recordings/${id}/evidence`);
        if (res.status !== 200) return;
        if (data.tenant?.id !== t.id || data.recording?.id !== id)
          violation(`evidence of ${id} as ${t.name}: tenant ${data.tenant?.id}, recording ${data.recording?.id}`);
        return;
      }
    }
  }

  function pickOp(): Op {
    let r = rand() * WEIGHTS.reduce((s, [, w]) => s + w, 0);
    for (const [op, w] of WEIGHTS) if ((r -= w) < 0) return op;
    return 'status';
  }

  const started = Date.now();
  const deadline = started + opts.durationMs;
  await Promise.all(
    Array.from({ length: opts.clients }, async (_, c) => {
      const t = opts.tenants[c % opts.tenants.length];
      while (Date.now() < deadline) {
        try {
          await step(t);
        } catch (e) {
          result.failures.push(`client ${c} (${t.name}): ${(e as Error).message}`);
        }
      }
    }),
  );
  result.durationMs = Date.now() - started;
  return result;
}

/** Poll every accepted upload until it is final; the ids still in flight after `timeoutMs` are returned as such. */
export async function settleAll(
  base: string,
  tenants: SoakTenant[],
  accepted: Map<string, Accepted>,
  timeoutMs: number,
): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const [id, a] of accepted) {
      if (FINAL.includes(statuses.get(id) ?? '')) continue;
      const t = tenants.find((x) => x.id === a.tenant)!;
      const res = await fetch(`${base}/v1/recordings/${id}`, { headers: { Authorization: `Bearer ${t.qa}` } });
      statuses.set(id, res.ok ? ((await res.json()) as { status: string }).status : `HTTP ${res.status}`);
    }
    if ([...statuses.values()].every((s) => FINAL.includes(s)) || Date.now() > deadline) return statuses;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}
