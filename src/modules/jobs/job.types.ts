/**
 * Every job the vault runs, and its payload. Payloads carry ids only: handlers
 * load current state, skip work already done, and may run more than once.
 */
export interface JobPayloads {
  'keys.rotate': { rotationId: string };
  'recording.consent': { recordingId: string };
  'recording.redact': { recordingId: string };
  'recording.finalize': { recordingId: string };
  'quarantine.sweep': Record<string, never>;
  'retention.sweep': Record<string, never>;
  'housekeeping.prune': Record<string, never>;
  'bulk.run': { jobId: string };
  'bulk.archive.sweep': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES: JobName[] = [
  'keys.rotate',
  'recording.consent',
  'recording.redact',
  'recording.finalize',
  'quarantine.sweep',
  'retention.sweep',
  'housekeeping.prune',
  'bulk.run',
  'bulk.archive.sweep',
];

/** Recurring jobs (cron, UTC). */
export const SCHEDULES: { name: JobName; cron: string }[] = [
  { name: 'quarantine.sweep', cron: '*/10 * * * *' },
  { name: 'retention.sweep', cron: '17 * * * *' },
  { name: 'housekeeping.prune', cron: '41 * * * *' },
  { name: 'bulk.archive.sweep', cron: '47 * * * *' },
];
