import { setTimeout as sleep } from 'node:timers/promises';
import { TranscriptionError } from './transcription.types';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** The first wait; each next one doubles, with up to half of it added at random. */
  backoffMs: number;
}

/** `attempt` again after a retryable `TranscriptionError`, waiting longer each time; anything else ends at once. */
export async function withRetries<T>(policy: RetryPolicy, signal: AbortSignal, attempt: () => Promise<T>): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof TranscriptionError) || !e.retryable || n >= policy.retries || signal.aborted) throw e;
      const wait = policy.backoffMs * 2 ** n;
      await sleep(wait + Math.random() * (wait / 2), undefined, { signal });
    }
  }
}
