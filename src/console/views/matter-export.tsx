import { useEffect, useRef, useState } from 'preact/hooks';
import { ok, vault, type Schemas } from '../api';
import { ErrorBox, formatDate, Section, StatusBadge, useAction } from '../ui';

type Job = Schemas['Job'];
type ResultLink = Schemas['JobResultLink'];

const POLL_MS = 1000;
const ended = (job: Job) => job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';

function eta(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return ` · about ${Math.max(1, seconds)} s left`;
  return ` · about ${Math.round(seconds / 60)} min left`;
}

/**
 * An evidence export of the matter as a bulk job: started here, its progress
 * polled every second while it runs (and while this view is open), cancelled
 * here, and downloaded through a short-lived result link once it succeeds.
 * The matter's latest export is picked up again when the view is reopened.
 */
export function ExportPanel({ reference }: { reference: string }) {
  const [job, setJob] = useState<Job | null>(null);
  const [link, setLink] = useState<ResultLink | null>(null);
  const [pollError, setPollError] = useState<unknown>(null);

  const latest = useAction(async () => {
    const page = await ok(vault.GET('/v1/jobs', { params: { query: { limit: 50 } } }));
    const mine = page.items.find((j) => j.kind === 'evidence-export' && j.params.matter === reference);
    // A job started meanwhile from this view wins.
    if (mine) setJob((current) => current ?? mine);
  });
  useEffect(() => void latest.run(), [reference]);

  const start = useAction(async () => {
    setLink(null);
    setPollError(null);
    const body = { kind: 'evidence-export' as const, params: { matter: reference } };
    setJob(await ok(vault.POST('/v1/jobs', { body })));
  });
  const exportButton = useRef<HTMLButtonElement>(null);
  const cancel = useAction(async () => {
    if (!job) return;
    setJob(await ok(vault.POST('/v1/jobs/{id}/cancel', { params: { path: { id: job.id } } })));
    // The Cancel button goes away with the run: keyboard focus goes back to where a new export starts.
    exportButton.current?.focus();
  });

  // One poll a second while the job runs; a new job object schedules the next. Unmounting stops it.
  useEffect(() => {
    if (!job || ended(job) || pollError) return;
    let live = true;
    const timer = setTimeout(() => {
      ok(vault.GET('/v1/jobs/{id}', { params: { path: { id: job.id } } }))
        .then((next) => live && setJob(next))
        .catch((e: unknown) => live && setPollError(e));
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [job, pollError]);

  // The download link is valid for minutes: fetched when the job succeeds, renewed shortly before it expires.
  const fetchLink = useAction(async (id: string) => {
    setLink(await ok(vault.POST('/v1/jobs/{id}/result-link', { params: { path: { id } } })));
  });
  const resultId = job?.status === 'succeeded' && job.result ? job.id : null;
  useEffect(() => {
    setLink(null);
    if (resultId) void fetchLink.run(resultId);
  }, [resultId]);
  useEffect(() => {
    if (!link || !resultId) return;
    const renewIn = Math.max(5_000, Date.parse(link.expiresAt) - Date.now() - 15_000);
    const timer = setTimeout(() => void fetchLink.run(resultId), renewIn);
    return () => clearTimeout(timer);
  }, [link, resultId]);

  const running = job !== null && !ended(job);
  const processed = job ? job.done + job.failed : 0;
  return (
    <Section title="Evidence export">
      <p>
        One signed archive of the evidence bundles of every recording this matter has held (released holds included).
      </p>
      {/* aria-disabled, not disabled: the button keeps keyboard focus while the export it started runs. */}
      <button
        type="button"
        ref={exportButton}
        aria-disabled={running || start.busy}
        onClick={() => void (running || start.busy || start.run())}
      >
        Export evidence
      </button>
      <ErrorBox error={latest.error ?? start.error} />
      {job && (
        <div class="export" data-job-id={job.id}>
          <p role="status">
            Export <StatusBadge status={job.status} /> · started {formatDate(job.createdAt)}
          </p>
          {job.total > 0 ? (
            <div
              class="progress"
              role="progressbar"
              aria-label="Export progress"
              aria-valuemin={0}
              aria-valuemax={job.total}
              aria-valuenow={processed}
              aria-valuetext={`${processed} of ${job.total} recordings`}
            >
              <div class="progress-fill" style={{ width: `${(100 * processed) / job.total}%` }} />
            </div>
          ) : (
            <p>The matter has no recordings to export.</p>
          )}
          <p data-testid="export-counts">
            {processed} of {job.total} processed: {job.done} exported, {job.failed} failed
            {running && eta(job.etaSeconds)}
          </p>
          {job.error && <p class="result bad">{job.error}</p>}
          {running && (
            <button type="button" class="secondary" onClick={() => void cancel.run()} disabled={cancel.busy}>
              Cancel export
            </button>
          )}
          <ErrorBox error={cancel.error ?? pollError ?? fetchLink.error} />
          {pollError !== null && (
            <button type="button" class="secondary" onClick={() => setPollError(null)}>
              Check progress again
            </button>
          )}
          {link && job.result && (
            <p>
              <a href={link.url} download={`evidence-${reference}.tar`} data-testid="export-download">
                Download
              </a>{' '}
              <span class="meta">
                tar, {job.result.bytes.toLocaleString()} bytes · link valid until {formatDate(link.expiresAt)}
              </span>
            </p>
          )}
        </div>
      )}
    </Section>
  );
}
