import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: from a fast query to a long call's redaction. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export type Dependency = 's3' | 'kms' | 'db';

export type PrunedTable = 'webhook_events' | 'webhook_deliveries' | 'webhook_attempts' | 'auth_failures';

export interface QueueStat {
  queue: string;
  state: string;
  jobs: number;
  oldestAgeSeconds: number;
}

/**
 * The process's Prometheus metrics, one registry per process (or per test
 * app). A tiny API so that any module can count what it does without knowing
 * prom-client: `metrics.stage('recording.redact').observe('completed', s)`.
 * Labels are bounded sets (route templates, job names, status codes, error
 * names); never ids, tenants or anything a caller chose.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly queueSources: (() => Promise<QueueStat[]>)[] = [];

  private readonly httpDuration = new Histogram({
    name: 'vault_http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: BUCKETS,
    registers: [this.registry],
  });
  private readonly uploadBytes = new Counter({
    name: 'vault_upload_bytes_total',
    help: 'Audio bytes received in uploads that were stored',
    registers: [this.registry],
  });
  private readonly stageDuration = new Histogram({
    name: 'vault_job_duration_seconds',
    help: 'Duration of job attempts (pipeline stages and sweeps) by kind and outcome (completed, retry, failed)',
    labelNames: ['kind', 'outcome'],
    buckets: BUCKETS,
    registers: [this.registry],
  });
  private readonly transitions = new Counter({
    name: 'vault_recording_transitions_total',
    help: 'Recording status transitions by the stage that made them and the status reached',
    labelNames: ['stage', 'to'],
    registers: [this.registry],
  });
  private readonly verificationFailures = new Counter({
    name: 'vault_redaction_verification_failures_total',
    help: 'Redacted outputs that failed verification (muted spans not silent, or DTMF left), by codec',
    labelNames: ['codec'],
    registers: [this.registry],
  });
  private readonly dependencyDuration = new Histogram({
    name: 'vault_dependency_duration_seconds',
    help: 'Latency of calls to S3, KMS and PostgreSQL by operation and outcome',
    labelNames: ['dependency', 'operation', 'outcome'],
    buckets: BUCKETS,
    registers: [this.registry],
  });
  private readonly dependencyErrors = new Counter({
    name: 'vault_dependency_errors_total',
    help: 'Failed calls to S3, KMS and PostgreSQL by operation and error name',
    labelNames: ['dependency', 'operation', 'error'],
    registers: [this.registry],
  });
  private readonly webhooks = new Counter({
    name: 'vault_webhook_deliveries_total',
    help: 'Webhook delivery attempts by result (delivered, http_4xx, http_5xx, error)',
    labelNames: ['result'],
    registers: [this.registry],
  });
  private readonly prunedRows = new Counter({
    name: 'vault_pruned_rows_total',
    help: 'Rows deleted by the scheduled prune of operational tables, by table',
    labelNames: ['table'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'vault_' });
    // One read of the queue per scrape, shared by both gauges (the registry collects them concurrently).
    let read: { at: number; stats: Promise<QueueStat[]> } | undefined;
    const stats = () => {
      if (!read || Date.now() - read.at > 1000)
        read = { at: Date.now(), stats: Promise.all(this.queueSources.map((s) => s())).then((all) => all.flat()) };
      return read.stats;
    };
    const gauge = (name: string, help: string, value: (s: QueueStat) => number) =>
      new Gauge({
        name,
        help: `${help}; read from the queue's table at scrape`,
        labelNames: ['queue', 'state'],
        registers: [this.registry],
        async collect() {
          const all = await stats();
          this.reset();
          for (const s of all) this.set({ queue: s.queue, state: s.state }, value(s));
        },
      });
    gauge('vault_queue_jobs', 'Jobs waiting or running, by queue and state (created, retry, active)', (s) => s.jobs);
    gauge(
      'vault_queue_oldest_job_age_seconds',
      'Age of the oldest job waiting or running, by queue and state',
      (s) => s.oldestAgeSeconds,
    );
  }

  http(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  uploaded(bytes: number): void {
    this.uploadBytes.inc(bytes);
  }

  /** A pipeline stage or other job kind: `stage('recording.redact').observe('completed', 1.2)`. */
  stage(kind: string) {
    return {
      observe: (outcome: 'completed' | 'retry' | 'failed', seconds: number) =>
        this.stageDuration.observe({ kind, outcome }, seconds),
    };
  }

  transition(stage: string, to: string): void {
    this.transitions.inc({ stage, to });
  }

  verificationFailed(codec: string): void {
    this.verificationFailures.inc({ codec });
  }

  /** One call to a dependency: `dependency('kms', 'Decrypt').observe(0.01)` or `.observe(0.2, err)`. */
  dependency(dependency: Dependency, operation: string) {
    return {
      observe: (seconds: number, error?: unknown) => {
        this.dependencyDuration.observe({ dependency, operation, outcome: error ? 'error' : 'ok' }, seconds);
        if (error) this.dependencyErrors.inc({ dependency, operation, error: errorName(error) });
      },
    };
  }

  webhook(result: 'delivered' | 'http_4xx' | 'http_5xx' | 'error'): void {
    this.webhooks.inc({ result });
  }

  /** Rows the scheduled prune deleted from one of the operational tables (webhook outbox, auth failures). */
  pruned(table: PrunedTable, rows: number): void {
    if (rows > 0) this.prunedRows.inc({ table }, rows);
  }

  /** The job queue reports its depth when scraped (read from its tables, so every process sees all of it). */
  onQueueScrape(source: () => Promise<QueueStat[]>): void {
    this.queueSources.push(source);
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}

function errorName(e: unknown): string {
  const name = e instanceof Error ? e.name : 'Error';
  // Bounded: SDK exception names and a few of ours; anything odd collapses.
  return /^[A-Za-z][A-Za-z0-9_.]{0,63}$/.test(name) ? name : 'Error';
}
