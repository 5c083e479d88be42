import { useEffect, useState } from 'preact/hooks';
import { ok, vault, type Schemas } from '../api';
import { Link, navigate } from '../router';
import { ErrorBox, Field, formatDate, Section, useAction } from '../ui';
import { ExportPanel } from './matter-export';
import { currentSearch, describeSearch, searchQuery } from './recordings';

/** Legal's matters: open one, or go to one to attach recordings, lift its holds and read its trail. */
export function MattersView() {
  const [matters, setMatters] = useState<Schemas['Matter'][] | null>(null);
  const [name, setName] = useState('');
  const [reference, setReference] = useState('');
  const [description, setDescription] = useState('');

  const load = useAction(async () => setMatters((await ok(vault.GET('/v1/matters'))).items));
  useEffect(() => void load.run(), []);
  const create = useAction(async () => {
    const body = { name: name.trim(), reference: reference.trim(), description: description.trim() || undefined };
    const matter = await ok(vault.POST('/v1/matters', { body }));
    navigate(`/matters/${matter.id}`);
  });

  return (
    <>
      <h1>Matters</h1>
      <div class="columns">
        <div class="main-col">
          <ErrorBox error={load.error} />
          <div class="panel table-wrap" aria-busy={load.busy}>
            <table class="matters">
              <caption>Matters, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Matter</th>
                  <th scope="col">Reference</th>
                  <th scope="col">Holds in force</th>
                  <th scope="col">Released</th>
                  <th scope="col">Opened</th>
                </tr>
              </thead>
              <tbody>
                {matters?.map((m) => (
                  <tr key={m.id} data-matter-id={m.id}>
                    <td>
                      <Link to={`/matters/${m.id}`}>{m.name}</Link>
                    </td>
                    <td class="mono">{m.reference}</td>
                    <td>{m.holds.active}</td>
                    <td>{m.holds.released}</td>
                    <td>{formatDate(m.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {matters?.length === 0 && <p class="empty">No matters yet.</p>}
          </div>
        </div>
        <Section title="Open a matter" class="side-col">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void create.run();
            }}
          >
            <Field label="Name">
              <input
                name="matterName"
                required
                maxLength={200}
                value={name}
                onInput={(e) => setName(e.currentTarget.value)}
              />
            </Field>
            <Field label="Reference" hint="The case's own reference; unique among your matters">
              <input
                name="matterReference"
                required
                maxLength={200}
                value={reference}
                onInput={(e) => setReference(e.currentTarget.value)}
              />
            </Field>
            <Field label="Description">
              <textarea
                name="matterDescription"
                rows={3}
                maxLength={2000}
                value={description}
                onInput={(e) => setDescription(e.currentTarget.value)}
              />
            </Field>
            <button type="submit" disabled={!name.trim() || !reference.trim() || create.busy}>
              Open matter
            </button>
            <ErrorBox error={create.error} />
          </form>
        </Section>
      </div>
    </>
  );
}

type Hold = Schemas['LegalHold'] & { externalCallId: string };

export function MatterView({ id }: { id: string }) {
  const params = { path: { id } };
  const [matter, setMatter] = useState<Schemas['Matter'] | null>(null);
  const [holds, setHolds] = useState<Hold[] | null>(null);
  const load = useAction(async () => {
    const [m, h] = await Promise.all([
      ok(vault.GET('/v1/matters/{id}', { params })),
      ok(vault.GET('/v1/matters/{id}/holds', { params })),
    ]);
    setMatter(m);
    setHolds(h.items);
  });
  // Bumped after every change, so the audit trail reloads with it.
  const [version, setVersion] = useState(0);
  useEffect(() => void load.run(), [id, version]);
  const changed = () => setVersion((v) => v + 1);

  if (!matter)
    return (
      <>
        <p>
          <Link to="/matters">← Matters</Link>
        </p>
        {load.busy ? <p class="loading">Loading…</p> : <ErrorBox error={load.error} />}
      </>
    );
  const active = holds?.filter((h) => h.active) ?? [];
  return (
    <>
      <p>
        <Link to="/matters">← Matters</Link>
      </p>
      <h1>
        {matter.name} <span class="mono small">{matter.reference}</span>
        {matter.holds.active > 0 && <span class="badge hold">{matter.holds.active} on hold</span>}
      </h1>
      {matter.description && <p>{matter.description}</p>}
      <ErrorBox error={load.error} />
      <div class="columns">
        <AttachPanel matterId={id} onChange={changed} />
        <ReleasePanel matterId={id} active={active.length} onChange={changed} />
      </div>
      <ExportPanel reference={matter.reference} />
      <Section title="Holds">
        {holds && holds.length === 0 && <p>No recordings attached yet.</p>}
        {holds && holds.length > 0 && (
          <div class="table-wrap">
            <table class="matter-holds">
              <caption>
                {active.length} of {holds.length} hold{holds.length === 1 ? '' : 's'} in force
              </caption>
              <thead>
                <tr>
                  <th scope="col">Call</th>
                  <th scope="col">Status</th>
                  <th scope="col">Placed</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Released</th>
                </tr>
              </thead>
              <tbody>
                {holds.map((h) => (
                  <tr key={h.id} data-recording-id={h.recordingId} class={h.active ? 'active' : 'released'}>
                    <td>
                      <Link to={`/recordings/${h.recordingId}`}>{h.externalCallId}</Link>
                    </td>
                    <td>{h.active ? <span class="badge hold">active</span> : <span class="badge">released</span>}</td>
                    <td>
                      {formatDate(h.placedAt)} <span class="meta">{h.placedBy}</span>
                    </td>
                    <td>{h.reason}</td>
                    <td>{h.releasedAt ? `${formatDate(h.releasedAt)}: ${h.releaseReason ?? ''}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <AuditTrail matterId={id} version={version} />
    </>
  );
}

/** Attach the recordings of the search last run on the Recordings page: the API runs the same filter. */
function AttachPanel(props: { matterId: string; onChange: () => void }) {
  const search = currentSearch();
  const described = search ? describeSearch(search) : '';
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Schemas['MatterAttachOutcome'] | null>(null);
  const attach = useAction(async () => {
    if (!search) return;
    setOutcome(null);
    const body = { filter: searchQuery(search), reason: reason.trim() };
    setOutcome(await ok(vault.POST('/v1/matters/{id}/recordings', { params: { path: { id: props.matterId } }, body })));
    setReason('');
    props.onChange();
  });
  return (
    <Section title="Attach recordings">
      {!described ? (
        <p>
          Search under <Link to="/">Recordings</Link> first; the recordings that search finds can then be attached here,
          each put on hold for this matter.
        </p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void attach.run();
          }}
        >
          <p>
            Current search: <strong data-testid="current-search">{described}</strong>. Every recording it finds (up to
            1000) is put on hold for this matter; recordings already held by it are left as they are.
          </p>
          <Field label="Reason for the holds">
            <input
              name="attachReason"
              required
              maxLength={2000}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </Field>
          <button type="submit" disabled={!reason.trim() || attach.busy}>
            Attach the search's recordings
          </button>
        </form>
      )}
      <ErrorBox error={attach.error} />
      {outcome && (
        <p role="status" class="result ok" data-testid="attach-result">
          Placed {outcome.placed.length} hold{outcome.placed.length === 1 ? '' : 's'}; already held{' '}
          {outcome.alreadyHeld.length}; deleted {outcome.deleted.length}.
        </p>
      )}
    </Section>
  );
}

function ReleasePanel(props: { matterId: string; active: number; onChange: () => void }) {
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Schemas['MatterReleaseOutcome'] | null>(null);
  const release = useAction(async () => {
    setOutcome(null);
    const params = { path: { id: props.matterId } };
    setOutcome(await ok(vault.POST('/v1/matters/{id}/release', { params, body: { reason: reason.trim() } })));
    setReason('');
    props.onChange();
  });
  return (
    <Section title="Release holds">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void release.run();
        }}
      >
        <p>
          Lifts all {props.active} hold{props.active === 1 ? '' : 's'} this matter has in force, with one reason. A
          recording another matter holds stays on hold.
        </p>
        <Field label="Reason for release">
          <input
            name="releaseReason"
            required
            maxLength={2000}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="danger" disabled={!reason.trim() || props.active === 0 || release.busy}>
          Release all holds
        </button>
      </form>
      <ErrorBox error={release.error} />
      {outcome && (
        <p role="status" class="result ok" data-testid="release-result">
          Released {outcome.released} hold{outcome.released === 1 ? '' : 's'}
          {outcome.stillHeld.length > 0 && `; ${outcome.stillHeld.length} stay on hold under another matter`}.
        </p>
      )}
    </Section>
  );
}

/** What an event did, in a few words: the recordings it placed, the holds it released, the status it answered. */
function summary(e: Schemas['AuditEvent']): string {
  const d = (e.details ?? {}) as { method?: string; status?: number; placed?: unknown[]; released?: number };
  const parts = [`${d.method ?? ''} ${d.status ?? ''}`.trim()];
  if (Array.isArray(d.placed)) parts.push(`placed ${d.placed.length}`);
  if (typeof d.released === 'number') parts.push(`released ${d.released}`);
  return parts.filter(Boolean).join(' · ');
}

function AuditTrail(props: { matterId: string; version: number }) {
  const [events, setEvents] = useState<Schemas['AuditEvent'][] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const load = useAction(async (cursor?: string) => {
    const params = { path: { id: props.matterId }, query: { cursor, limit: 100 } };
    const page = await ok(vault.GET('/v1/matters/{id}/audit', { params }));
    setEvents(cursor ? [...(events ?? []), ...page.items] : page.items);
    setNext(page.nextCursor);
  });
  useEffect(() => void load.run(), [props.matterId, props.version]);
  return (
    <Section title="Audit trail">
      <ErrorBox error={load.error} />
      {events && (
        <div class="table-wrap">
          <table class="audit matter-audit">
            <caption>{events.length} event(s) about this matter, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">At</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{new Date(e.at).toLocaleString()}</td>
                  <td>
                    {e.actor.id} <span class="meta">{e.actor.role ?? e.actor.kind}</span>
                  </td>
                  <td>{e.action}</td>
                  <td>
                    <span class={`badge outcome-${e.outcome}`}>{e.outcome}</span>
                  </td>
                  <td class="small">{summary(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {next !== null && (
            <button type="button" class="secondary" onClick={() => void load.run(next)} disabled={load.busy}>
              Load more
            </button>
          )}
        </div>
      )}
    </Section>
  );
}
