import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

/** What a job's log lines carry: the job, and the recording and tenant once its handler knows them. */
export interface JobContext {
  job: string;
  jobId: string;
  attempt: number;
  startedAt: number;
  recordingId?: string;
  tenantId?: string;
}

const storage = new AsyncLocalStorage<JobContext>();

export function runInJob<T>(ctx: Omit<JobContext, 'startedAt'>, fn: () => Promise<T>): Promise<T> {
  return storage.run({ ...ctx, startedAt: performance.now() }, fn);
}

export function currentJob(): JobContext | undefined {
  return storage.getStore();
}

/** A handler names the recording and tenant it works on, for the job's outcome line. */
export function annotateJob(fields: Pick<JobContext, 'recordingId' | 'tenantId'>): void {
  const ctx = storage.getStore();
  if (ctx) Object.assign(ctx, fields);
}

/** Milliseconds since the current job started (0 outside a job). */
export function jobElapsedMs(): number {
  const ctx = storage.getStore();
  return ctx ? Math.round(performance.now() - ctx.startedAt) : 0;
}

/** An error's class and message, bounded: our errors name codes and ids, never data. */
export function errorReason(e: unknown): string {
  if (!(e instanceof Error)) return 'unknown error';
  const cause = e.cause instanceof Error ? ` (cause: ${e.cause.name}: ${e.cause.message})` : '';
  return `${e.name}: ${e.message}${cause}`.slice(0, 300);
}

/**
 * What a failed tool said, for the operator's log only (never a status reason or
 * a response): an error carrying ffmpeg's stderr tail (`-v error`: errors about
 * the stream's structure, no metadata) gets it as a bounded `stderr` field.
 */
export function errorDetail(e: unknown): { stderr?: string } {
  const tail = e instanceof Error && 'stderrTail' in e ? e.stderrTail : undefined;
  return typeof tail === 'string' && tail ? { stderr: tail.slice(-1000) } : {};
}
