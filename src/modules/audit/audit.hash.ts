import { createHash } from 'node:crypto';

export const GENESIS_HASH = Buffer.alloc(32);

export interface AuditRecord {
  seq: number;
  at: string;
  actor: { kind: string; id: string | null; role: string | null; tenant: string | null };
  action: string;
  resource: { type: string | null; id: string | null };
  outcome: 'success' | 'denied' | 'error';
  purpose: string | null;
  origin: { ip: string | null; userAgent: string | null };
  correlationId: string | null;
  details: unknown;
}

/** JSON with object keys sorted at every level: one byte string per event, whatever the storage did to key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function chainHash(prevHash: Buffer, record: AuditRecord): Buffer {
  return createHash('sha256').update(prevHash).update(canonicalJson(record)).digest();
}

/** The bytes a checkpoint signature covers. */
export function checkpointMessage(seq: number, headHash: Buffer, signedAt: string): Buffer {
  return Buffer.from(canonicalJson({ kind: 'audit-checkpoint', seq, headHash: headHash.toString('hex'), signedAt }));
}
