import { useState } from 'preact/hooks';
import type { Schemas } from '@call-recording-vault/client';
import { asJson, call, vault } from '../api';
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

type AuditEvent = Schemas['AuditEvent'];
type AuditVerification = Schemas['AuditVerification'];

const EMPTY: Query = { from: '', to: '', actor: '', action: '', resourceType: '', resource: '' };
const PAGE = 100;

/** `datetime-local` is local time without a zone; the API wants an instant. */
const instant = (v: string) => (v ? new Date(v).toISOString() : undefined);

export function AuditView() {
  const [q, setQ] = useState<Query>(EMPTY);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [nextCursor, setNext] = useState<string | null>(null);
  const [verification, setVerification] = useState<AuditVerification | null>(null);

  const search = useAction(async (cursor?: string) => {
    const out = asJson(
      await call(
        vault.GET('/v1/audit/events', {
          params: {
            query: {
              actor: q.actor || undefined,
              action: q.action || undefined,
              resourceType: q.resourceType || undefined,
              resource: q.resource || undefined,
              from: instant(q.from),
              to: instant(q.to),
              cursor,
              limit: PAGE,
            },
          },
        }),
      ),
    );
    setEvents(cursor === undefined ? out.items : [...(events ?? []), ...out.items]);
    setNext(out.nextCursor);
  });
  const verify = useAction(async () => {
    setVerification(null);
    setVerification(await call(vault.GET('/v1/audit/verify')));
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
                <dt>Events checked</dt>
                <dd>{verification.events}</dd>
                <dt>Checkpoints</dt>
                <dd>{verification.checkpoints}</dd>
                <dt>Last sequence</dt>
                <dd>{verification.lastSeq}</dd>
                {verification.firstBadSeq !== undefined && (
                  <>
                    <dt>First bad entry</dt>
                    <dd>
                      #{verification.firstBadSeq} ({verification.problem})
                    </dd>
                  </>
                )}
              </dl>
            </div>
          )}
          <VerifyEvidence />
        </Section>
      </div>
    </>
  );
}
