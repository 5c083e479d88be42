import { useEffect, useState } from 'preact/hooks';
import { ok, saveBlob, vault, type Schemas } from '../api';
import { Link } from '../router';
import { ErrorBox, Field, formatDate, Section, StatusBadge, useAction } from '../ui';

export function EvidencePanel(props: { recordingId: string; externalCallId: string }) {
  const name = `evidence-${props.externalCallId.replace(/[^\w.-]+/g, '_')}`;
  // Fetched with the bearer token and handed to the browser as a file, since a plain link cannot carry the header.
  const get = useAction(async (format: 'json' | 'html') => {
    const params = { path: { id: props.recordingId }, query: { format } };
    saveBlob(await ok(vault.GET('/v1/recordings/{id}/evidence', { params, parseAs: 'blob' })), `${name}.${format}`);
  });
  return (
    <Section title="Evidence bundle">
      <p>Signed consent and custody evidence for this recording. Each download is recorded in the audit log.</p>
      <div class="actions">
        <button type="button" onClick={() => void get.run('json')} disabled={get.busy}>
          Download JSON (signed)
        </button>
        <button type="button" class="secondary" onClick={() => void get.run('html')} disabled={get.busy}>
          Download printable HTML
        </button>
      </div>
      <ErrorBox error={get.error} />
      <VerifyEvidence />
    </Section>
  );
}

/** Upload a bundle file; the API checks its signature and that nothing in it changed. */
export function VerifyEvidence() {
  const [result, setResult] = useState<{ valid: boolean; reason?: string; file: string } | null>(null);
  const verify = useAction(async (file: File) => {
    setResult(null);
    let bundle: unknown;
    try {
      bundle = JSON.parse(await file.text());
    } catch {
      throw new Error(`${file.name} is not JSON; choose the .json bundle, not the HTML page.`);
    }
    if (!isSigned(bundle)) throw new Error(`${file.name} is not a signed evidence bundle.`);
    const out = await ok(vault.POST('/v1/evidence/verify', { body: bundle }));
    setResult({ ...out, file: file.name });
  });
  return (
    <form class="verify" onSubmit={(e) => e.preventDefault()}>
      <Field label="Verify a bundle" hint="Choose an evidence bundle (.json) to check its signature.">
        <input
          type="file"
          name="bundle"
          accept="application/json,.json"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) void verify.run(f);
            e.currentTarget.value = '';
          }}
        />
      </Field>
      {verify.busy && <p class="loading">Verifying…</p>}
      {result && (
        <p role="status" class={result.valid ? 'result ok' : 'result bad'} data-testid="verify-result">
          {result.valid
            ? `Valid: ${result.file} is signed by this vault and unchanged.`
            : `Not valid: ${result.file}: ${result.reason}`}
        </p>
      )}
      <ErrorBox error={verify.error} />
    </form>
  );
}

function isSigned(v: unknown): v is { signature: Record<string, unknown> } {
  return typeof v === 'object' && v !== null && typeof (v as { signature?: unknown }).signature === 'object';
}

export function HoldsPanel(props: { recordingId: string; onChange: () => void }) {
  const path = { id: props.recordingId };
  const [holds, setHolds] = useState<Schemas['LegalHold'][] | null>(null);
  const [matter, setMatter] = useState('');
  const [reason, setReason] = useState('');
  const [releasing, setReleasing] = useState<string | null>(null);
  const [releaseReason, setReleaseReason] = useState('');

  const load = useAction(async () =>
    setHolds((await ok(vault.GET('/v1/recordings/{id}/holds', { params: { path } }))).items),
  );
  useEffect(() => void load.run(), [props.recordingId]);
  const change = useAction(async (fn: () => Promise<unknown>) => {
    await fn();
    setMatter('');
    setReason('');
    setReleasing(null);
    setReleaseReason('');
    await load.run();
    props.onChange();
  });

  return (
    <Section title="Legal holds">
      <ErrorBox error={load.error ?? change.error} />
      {holds && holds.length === 0 && <p>No holds have been placed.</p>}
      <ul class="holds">
        {holds?.map((h) => (
          <li key={h.id} class={h.active ? 'active' : 'released'}>
            <strong>{h.matter}</strong>{' '}
            {h.active ? <span class="badge hold">active</span> : <span class="badge">released</span>}
            <div class="meta">
              {h.reason} · placed by {h.placedBy} {formatDate(h.placedAt)}
              {h.releasedAt && ` · released by ${h.releasedBy} ${formatDate(h.releasedAt)}: ${h.releaseReason}`}
            </div>
            {h.active &&
              (releasing === h.id ? (
                <form
                  class="inline"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void change.run(() =>
                      ok(
                        vault.DELETE('/v1/recordings/{id}/holds/{holdId}', {
                          params: { path: { ...path, holdId: h.id } },
                          body: { reason: releaseReason.trim() },
                        }),
                      ),
                    );
                  }}
                >
                  <Field label="Reason for release">
                    <input required value={releaseReason} onInput={(e) => setReleaseReason(e.currentTarget.value)} />
                  </Field>
                  <button type="submit" disabled={!releaseReason.trim() || change.busy}>
                    Release hold
                  </button>
                  <button type="button" class="secondary" onClick={() => setReleasing(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <button type="button" class="secondary" onClick={() => setReleasing(h.id)}>
                  Release…
                </button>
              ))}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void change.run(() =>
            ok(
              vault.POST('/v1/recordings/{id}/holds', {
                params: { path },
                body: { matter: matter.trim(), reason: reason.trim() },
              }),
            ),
          );
        }}
      >
        <h3>Place a hold</h3>
        <Field label="Matter" hint="Case or matter reference">
          <input
            name="matter"
            required
            maxLength={200}
            value={matter}
            onInput={(e) => setMatter(e.currentTarget.value)}
          />
        </Field>
        <Field label="Reason">
          <input
            name="reason"
            required
            maxLength={2000}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" disabled={!matter.trim() || !reason.trim() || change.busy}>
          Place hold
        </button>
      </form>
    </Section>
  );
}

export function LegalView() {
  return (
    <>
      <h1>Legal</h1>
      <div class="columns">
        <DataSubjectRequest />
        <Section title="Evidence bundles">
          <p>Download a recording's bundle from its page (find it under Recordings).</p>
          <VerifyEvidence />
        </Section>
      </div>
    </>
  );
}

const CONFIRM_WORD = 'ERASE';

/** Look up every recording a phone number took part in, then export or erase them. */
function DataSubjectRequest() {
  const [phone, setPhone] = useState('');
  const [found, setFound] = useState<{ phone: string; number: string; items: Schemas['DsarMatch'][] } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [erased, setErased] = useState<{
    erased: unknown[];
    held: unknown[];
    alreadyDeleted: string[];
    pending: string[];
  } | null>(null);

  const search = useAction(async () => {
    setErased(null);
    setConfirming(false);
    const number = phone.replace(/[\s()-]/g, '');
    const out = await ok(vault.POST('/v1/dsar/search', { body: { phone: number } }));
    setFound({ ...out, number });
  });
  const exportAll = useAction(async () => {
    if (!found) return;
    const out = await ok(vault.POST('/v1/dsar/export', { body: { phone: found.number } }));
    saveBlob(
      new Blob([JSON.stringify(out, null, 2)], { type: 'application/json' }),
      `dsar-export-${new Date().toISOString().slice(0, 10)}.json`,
    );
  });
  const erase = useAction(async () => {
    if (!found) return;
    setErased(await ok(vault.POST('/v1/dsar/erase', { body: { phone: found.number, reason: reason.trim() } })));
    setConfirming(false);
    setTyped('');
    setReason('');
  });

  return (
    <Section title="Data-subject request">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void search.run();
        }}
      >
        <Field
          label="Phone number"
          hint="E.164, e.g. +14155550134. Looked up by keyed hash; the number is not stored or logged."
        >
          <input name="dsarPhone" type="tel" required value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
        </Field>
        <button type="submit" disabled={!phone.trim() || search.busy}>
          Look up
        </button>
      </form>
      <ErrorBox error={search.error ?? exportAll.error ?? erase.error} />
      {found && (
        <>
          <p role="status">
            {found.items.length} recording{found.items.length === 1 ? '' : 's'} with {found.phone}.
          </p>
          {found.items.length > 0 && (
            <table>
              <caption class="visually-hidden">Recordings with the number</caption>
              <thead>
                <tr>
                  <th scope="col">Call</th>
                  <th scope="col">Call start</th>
                  <th scope="col">Status</th>
                  <th scope="col">As</th>
                </tr>
              </thead>
              <tbody>
                {found.items.map((m) => (
                  <tr key={m.id}>
                    <td>
                      <Link to={`/recordings/${m.id}`}>{m.externalCallId}</Link>{' '}
                      {m.legalHold && <span class="badge hold">on hold</span>}
                    </td>
                    <td>{formatDate(m.startedAt)}</td>
                    <td>
                      <StatusBadge status={m.status} />
                    </td>
                    <td>{m.participants.map((p) => p.role).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {found.items.length > 0 && (
            <div class="actions">
              <button type="button" onClick={() => void exportAll.run()} disabled={exportAll.busy}>
                Export (signed evidence, JSON)
              </button>
              <button type="button" class="danger" onClick={() => setConfirming(true)} disabled={confirming}>
                Erase…
              </button>
            </div>
          )}
          {confirming && (
            <form
              class="confirm"
              aria-labelledby="erase-title"
              onSubmit={(e) => {
                e.preventDefault();
                void erase.run();
              }}
            >
              <h3 id="erase-title">Erase {found.items.length} recording(s)?</h3>
              <p>
                Their keys are destroyed and the audio can never be recovered. Recordings under legal hold are refused
                and listed. Type <strong>{CONFIRM_WORD}</strong> to confirm.
              </p>
              <Field label="Reason (kept in the deletion certificates)">
                <input name="eraseReason" required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
              </Field>
              <Field label={`Type ${CONFIRM_WORD}`}>
                <input
                  name="eraseConfirm"
                  required
                  autocomplete="off"
                  value={typed}
                  onInput={(e) => setTyped(e.currentTarget.value)}
                />
              </Field>
              <button type="submit" class="danger" disabled={typed !== CONFIRM_WORD || !reason.trim() || erase.busy}>
                Erase permanently
              </button>
              <button type="button" class="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </form>
          )}
          {erased && (
            <p role="status" class="result">
              Erased {erased.erased.length}; refused (on hold) {erased.held.length}; already deleted{' '}
              {erased.alreadyDeleted.length}; still processing {erased.pending.length}.
            </p>
          )}
        </>
      )}
    </Section>
  );
}
