import { roleMayCall } from '@call-recording-vault/client';
import { useEffect, useRef, useState } from 'preact/hooks';
import { json, ok, vault, type Schemas } from '../api';
import { Link } from '../router';
import type { Session } from '../session';
import { ErrorBox, formatDate, formatMs, Section, StatusBadge, useAction } from '../ui';
import { EvidencePanel, HoldsPanel } from './legal';
import { SpanList, Timeline } from './timeline';
import { TranscriptPanel } from './transcript';
import { Waveform } from './waveform';

export function RecordingView({ id, session }: { id: string; session: Session }) {
  const [rec, setRec] = useState<Schemas['RecordingDetail'] | null>(null);
  const [report, setReport] = useState<Schemas['RedactionReport'] | null>(null);
  const [bundle, setBundle] = useState<Schemas['EvidenceBundle'] | null>(null);
  const [currentMs, setCurrentMs] = useState(0);
  const audio = useRef<HTMLAudioElement>(null);
  const isLegal = roleMayCall(session.role, 'GET /v1/recordings/{id}/evidence');
  const mayPlay = roleMayCall(session.role, 'POST /v1/recordings/{id}/playback');
  const params = { path: { id } };

  const load = useAction(async () => {
    const [detail, redactions] = await Promise.all([
      ok(vault.GET('/v1/recordings/{id}', { params })),
      ok(vault.GET('/v1/recordings/{id}/redactions', { params })),
    ]);
    setRec(detail);
    setReport(redactions.report);
  });
  // Consent events come only with the evidence bundle, which only legal may read; every read is audited, so once per visit.
  const evidence = useAction(async () =>
    setBundle(json(await ok(vault.GET('/v1/recordings/{id}/evidence', { params })))),
  );
  useEffect(() => {
    void load.run();
    if (isLegal) void evidence.run();
  }, [id]);

  const seek = (ms: number) => {
    const el = audio.current;
    if (el && el.src) el.currentTime = ms / 1000;
  };

  if (!rec) {
    return (
      <>
        <p>
          <Link to="/">← Recordings</Link>
        </p>
        {load.busy ? <p class="loading">Loading…</p> : <ErrorBox error={load.error} />}
      </>
    );
  }

  const durationMs = report?.durationMs ?? rec.durationMs ?? 0;
  return (
    <>
      <p>
        <Link to="/">← Recordings</Link>
      </p>
      <h1>
        Call <span class="mono">{rec.externalCallId}</span> <StatusBadge status={rec.status} />
        {rec.legalHold && <span class="badge hold">on hold</span>}
      </h1>
      <ErrorBox error={load.error ?? evidence.error} />
      {rec.warnings.map((w) => (
        <p key={w.code} class="notice" role="status" data-warning={w.code}>
          <strong>Shorter than the file claimed.</strong> {w.message}
        </p>
      ))}
      <div class="columns">
        <div class="main-col">
          <Section title="Playback">
            {rec.status !== 'available' ? (
              <p>
                This recording is {rec.status.replace('_', ' ')}
                {rec.statusReason ? `: ${rec.statusReason}` : ''}. Only available recordings can be played.
              </p>
            ) : mayPlay ? (
              <Player recordingId={rec.id} audio={audio} onTime={setCurrentMs} />
            ) : (
              <p>Your role cannot play recordings.</p>
            )}
            {durationMs > 0 && report && (
              <Timeline
                durationMs={durationMs}
                spans={report.spans}
                currentMs={currentMs}
                onSeek={rec.status === 'available' ? seek : undefined}
              />
            )}
            {rec.status === 'available' && report && mayPlay && (
              <Waveform recordingId={rec.id} spans={report.spans} currentMs={currentMs} audio={audio} onSeek={seek} />
            )}
          </Section>
          {rec.status === 'available' && mayPlay && (
            <Section title="Transcript">
              <TranscriptPanel recordingId={rec.id} currentMs={currentMs} onSeek={seek} />
            </Section>
          )}
          <Section title="Redactions">
            {report ? (
              <>
                <p>
                  {report.verification.passed ? (
                    <span class="badge ok">verified silent</span>
                  ) : (
                    <span class="badge bad">verification failed</span>
                  )}{' '}
                  Muted with {report.paddingMs} ms padding. Detectors run:{' '}
                  {report.detectors
                    .filter((d) => d.ran)
                    .map((d) => d.name)
                    .join(', ') || 'none'}
                  .
                </p>
                {report.detectors
                  .filter((d) => !d.ran)
                  .map((d) => (
                    <p key={d.name} class="notice">
                      Not checked by <strong>{d.name}</strong>: {d.reason ?? 'not run'}
                    </p>
                  ))}
                <SpanList spans={report.spans} onSeek={rec.status === 'available' ? seek : undefined} />
              </>
            ) : (
              <p>No redaction report yet.</p>
            )}
          </Section>
        </div>
        <aside class="side-col" aria-label="Call facts and consent">
          <Section title="Call">
            <dl class="facts">
              <dt>Call start</dt>
              <dd>{formatDate(rec.startedAt)}</dd>
              <dt>Duration</dt>
              <dd>{formatMs(rec.durationMs)}</dd>
              <dt>Direction</dt>
              <dd>{rec.direction ?? '—'}</dd>
              <dt>Format</dt>
              <dd>
                {rec.mediaFormat ?? '—'}
                {rec.sampleRate ? `, ${rec.sampleRate} Hz` : ''}
                {rec.channels ? `, ${rec.channels} ch` : ''}
              </dd>
              <dt>Received</dt>
              <dd>{formatDate(rec.createdAt)}</dd>
              <dt>Id</dt>
              <dd class="mono small">{rec.id}</dd>
            </dl>
          </Section>
          <ConsentPanel rec={rec} bundle={bundle} />
        </aside>
      </div>
      {isLegal && (
        <div class="columns">
          <EvidencePanel recordingId={rec.id} externalCallId={rec.externalCallId} />
          <HoldsPanel recordingId={rec.id} onChange={() => void load.run()} />
        </div>
      )}
    </>
  );
}

const PURPOSES = ['QA review', 'Customer dispute', 'Agent training', 'Complaint investigation', 'Legal review'];

/**
 * Every playback starts with a purpose: it is bound into the playback link's
 * token and recorded with each audited read of the audio.
 */
function Player(props: {
  recordingId: string;
  audio: { current: HTMLAudioElement | null };
  onTime: (ms: number) => void;
}) {
  const [purpose, setPurpose] = useState('');
  const [other, setOther] = useState('');
  const [link, setLink] = useState<{ url: string; purpose: string; expiresAt: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const resumeAt = useRef(0);
  const chosen = purpose === 'other' ? other.trim() : purpose;

  const start = useAction(async () => {
    setMessage(null);
    const out = await ok(
      vault.POST('/v1/recordings/{id}/playback', {
        params: { path: { id: props.recordingId } },
        body: { purpose: chosen },
      }),
    );
    setLink({ ...out, purpose: chosen });
  });

  useEffect(() => {
    const el = props.audio.current;
    if (!link || !el) return;
    el.currentTime = resumeAt.current;
    el.play().catch(() => undefined);
  }, [link]);

  const stop = (why: string | null) => {
    resumeAt.current = props.audio.current?.currentTime ?? 0;
    props.audio.current?.pause();
    setLink(null);
    setPurpose('');
    setMessage(why);
  };

  if (!link) {
    return (
      <form
        class="purpose"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen) void start.run();
        }}
      >
        <fieldset>
          <legend>Why are you listening? This is recorded in the audit log.</legend>
          <label class="field">
            <span class="label">Access purpose</span>
            <select name="purpose" required value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)}>
              <option value="">Choose a purpose…</option>
              {PURPOSES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
              <option value="other">Other…</option>
            </select>
          </label>
          {purpose === 'other' && (
            <label class="field">
              <span class="label">Describe the purpose</span>
              <input
                name="purposeOther"
                required
                maxLength={200}
                value={other}
                onInput={(e) => setOther(e.currentTarget.value)}
              />
            </label>
          )}
          <button type="submit" disabled={!chosen || start.busy}>
            {start.busy ? 'Opening…' : 'Play'}
          </button>
        </fieldset>
        {message && (
          <p class="notice" role="status">
            {message}
          </p>
        )}
        <ErrorBox error={start.error} />
      </form>
    );
  }

  return (
    <div class="player">
      <audio
        ref={props.audio}
        src={link.url}
        controls
        preload="metadata"
        aria-label="Recording audio"
        onTimeUpdate={(e) => props.onTime(e.currentTarget.currentTime * 1000)}
        onSeeked={(e) => props.onTime(e.currentTarget.currentTime * 1000)}
        onEnded={() => stop('Playback finished. Choose a purpose to play again.')}
        onError={() => stop('The playback link expired or was refused. Choose a purpose to continue.')}
      />
      <p class="meta">
        Purpose: <strong data-testid="purpose">{link.purpose}</strong> · link valid until {formatDate(link.expiresAt)}{' '}
        <button type="button" class="link" onClick={() => stop(null)}>
          Stop and change purpose
        </button>
      </p>
    </div>
  );
}

function ConsentPanel({ rec, bundle }: { rec: Schemas['RecordingDetail']; bundle: Schemas['EvidenceBundle'] | null }) {
  const d = rec.decision;
  return (
    <Section title="Consent">
      {!d ? (
        <p>No consent decision yet.</p>
      ) : (
        <>
          <p>
            <span class={`badge consent-${d.outcome}`}>{d.outcome.replace('_', ', ')}</span> under rules{' '}
            {d.ruleSetVersion}
          </p>
          <ul class="reasons">
            {d.reasons.map((r, i) => (
              <li key={i}>
                {r.message} <code class="small">{r.code}</code>
              </li>
            ))}
          </ul>
          {d.trims.length > 0 && (
            <p>
              Trimmed for consent:{' '}
              {d.trims
                .map(
                  (t) => `${formatMs(t.startMs)}–${formatMs(t.endMs)} (${t.reason.toLowerCase().replace(/_/g, ' ')})`,
                )
                .join('; ')}
            </p>
          )}
        </>
      )}
      {bundle && (
        <>
          <h3>Participants</h3>
          <ul>
            {bundle.participants.map((p) => (
              <li key={p.id}>
                {p.id} ({p.role}) {p.phone ?? ''} {p.jurisdiction ?? ''}
              </li>
            ))}
          </ul>
          <h3>Consent events</h3>
          {bundle.consent.events.length === 0 ? (
            <p>None recorded.</p>
          ) : (
            <ol class="events">
              {bundle.consent.events.map((e) => (
                <li key={e.id}>
                  <strong>{e.participant}</strong> {e.kind} by {e.method}
                  {e.offsetMs !== null ? ` at ${formatMs(e.offsetMs)}` : e.at ? ` at ${formatDate(e.at)}` : ''}
                  {e.source ? <span class="meta"> · {e.source}</span> : null}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </Section>
  );
}
