import { useState } from 'preact/hooks';
import { json, ok, vault, type Schemas } from '../api';
import { ErrorBox, Field, Section, useAction } from '../ui';
import { VerifyEvidence } from './legal';

interface Query {
  from: string;
  to: string;
  actor: string;
  action: string;
  resourceType: string;
  resource: string;
}

const EMPTY: Query = { from: '', to: '', actor: '', action: '', resourceType: '', resource: '' };
const PAGE = 100;

/** `datetime-local` is local time without a zone; the API wants an instant. */
const instant = (v: string) => (v ? new Date(v).toISOString() : undefined);

export function AuditView() {
  const [q, setQ] = useState<Query>(EMPTY);
  const [events, setEvents] = useState<Schemas['AuditEvent'][] | null>(null);
  const [nextCursor, setNext] = useState<string | null>(null);
  const [verification, setVerification] = useState<Schemas['AuditVerification'] | null>(null);

  const search = useAction(async (cursor?: string) => {
    const text = (v: string) => v.trim() || undefined;
    const query = {
      actor: text(q.actor),
      action: text(q.action),
      resourceType: text(q.resourceType),
      resource: text(q.resource),
      from: instant(q.from),
      to: instant(q.to),
      cursor,
      limit: PAGE,
    };
    const out = json(await ok(vault.GET('/v1/audit/events', { params: { query } })));
    setEvents(cursor === undefined ? out.items : [...(events ?? []), ...out.items]);
    setNext(out.nextCursor);
  });
  const verify = useAction(async () => {
    setVerification(null);
    setVerification(await ok(vault.GET('/v1/audit/verify')));
  });
  const set = (k: keyof Query) => (e: Event) => setQ({ ...q, [k]: (e.currentTarget as HTMLInputElement).value });

  return (
    <>
      <h1>Audit log</h1>
      <div class="columns">
        <div class="main-col">
          <form
            class="panel filters"
            role="search"
            aria-label="Search audit events"
            onSubmit={(e) => {
              e.preventDefault();
              void search.run();
            }}
          >
            <Field label="From">
              <input name="from" type="datetime-local" value={q.from} onInput={set('from')} />
            </Field>
            <Field label="To">
              <input name="to" type="datetime-local" value={q.to} onInput={set('to')} />
            </Field>
            <Field label="Actor id">
              <input name="actor" value={q.actor} onInput={set('actor')} />
            </Field>
            <Field label="Action" hint="e.g. recording.stream">
              <input name="action" value={q.action} onInput={set('action')} />
            </Field>
            <Field label="Resource type" hint="e.g. recording">
              <input name="resourceType" value={q.resourceType} onInput={set('resourceType')} />
            </Field>
            <Field label="Resource id">
              <input name="resource" value={q.resource} onInput={set('resource')} />
            </Field>
            <div class="actions">
              <button type="submit" disabled={search.busy}>
                Search events
              </button>
            </div>
          </form>
          <ErrorBox error={search.error} />
          {events && (
            <div class="panel table-wrap">
              <table class="audit">
                <caption>{events.length} event(s), oldest first</caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">At</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Action</th>
                    <th scope="col">Resource</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Purpose</th>
                    <th scope="col">Correlation id</th>
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
                      <td class="small">{e.resource.type ? `${e.resource.type} ${e.resource.id ?? ''}` : '—'}</td>
                      <td>
                        <span class={`badge outcome-${e.outcome}`}>{e.outcome}</span>
                      </td>
                      <td>{e.purpose ?? ''}</td>
                      <td class="mono small">{e.correlationId ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {nextCursor !== null && (
                <button
                  type="button"
                  class="secondary"
                  onClick={() => void search.run(nextCursor)}
                  disabled={search.busy}
                >
                  Load more
                </button>
              )}
            </div>
          )}
        </div>
        <Section title="Chain verification" class="side-col">
          <p>
            Re-derives every hash of the log and checks the signed checkpoints. Any edit, deletion or reordering is
            found.
          </p>
          <button type="button" onClick={() => void verify.run()} disabled={verify.busy}>
            {verify.busy ? 'Verifying…' : 'Verify the chain'}
          </button>
          <ErrorBox error={verify.error} />
          {verification && (
            <div role="status" class={verification.valid ? 'result ok' : 'result bad'} data-testid="chain-result">
              <strong>{verification.valid ? 'Chain intact' : 'Chain broken'}</strong>
              <p>{verification.message}</p>
              <dl class="facts">
                {verification.problem && (
                  <>
                    <dt>Problem</dt>
                    <dd>{verification.problem}</dd>
                  </>
                )}
                <dt>Anchors</dt>
                <dd>
                  {verification.anchors.objectLock === 'compliance'
                    ? 'write-once (Object Lock, compliance mode)'
                    : 'no Object Lock on this store'}
                  {verification.anchors.note && <span class="meta"> · {verification.anchors.note}</span>}
                </dd>
              </dl>
            </div>
          )}
          <VerifyEvidence />
        </Section>
      </div>
    </>
  );
}
