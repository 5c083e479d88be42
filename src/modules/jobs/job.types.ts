/**
 * Every job the vault runs, and its payload. Payloads carry ids only: handlers
 * load current state, skip work already done, and may run more than once.
 */
export interface JobPayloads {
  'keys.rotate': { rotationId: string };
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES: JobName[] = ['keys.rotate'];

/** Recurring jobs (cron, UTC). */
export const SCHEDULES: { name: JobName; cron: string }[] = [];
