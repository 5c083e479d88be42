import { useEffect, useState } from 'preact/hooks';
import { ok, vault, type Schemas } from '../api';
import { Link } from '../router';
import { ErrorBox, Field, formatDate, formatMs, StatusBadge, useAction } from '../ui';

export interface Filters {
  q: string;
  externalCallId: string;
  phone: string;
  from: string;
  to: string;
  status: Schemas['RecordingStatus'] | '';
  jurisdiction: string;
  hasRedactions: 'true' | 'false' | '';
  onHold: 'true' | 'false' | '';
}

const EMPTY: Filters = {
  q: '',
  externalCallId: '',
  phone: '',
  from: '',
  to: '',
  status: '',
  jurisdiction: '',
  hasRedactions: '',
  onHold: '',
};
const STATUSES: Schemas['RecordingStatus'][] = [
  'available',
  'processing',
  'received',
  'awaiting_consent',
  'rejected',
  'failed',
  'deleted',
];
const PAGE = 25;

/** Local calendar days to the API's instants: `to` is inclusive of its whole day. */
function dayStart(day: string, plusDays = 0): string | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** The list's filters as the API's query (empty fields left out); the matters view attaches by the same filters. */
export function searchQuery(f: Filters) {
  const text = <T extends string>(v: T | '') => v || undefined;
  return {
    q: text(f.q.trim()),
    externalCallId: text(f.externalCallId.trim()),
    phone: text(f.phone.replace(/[\s()-]/g, '')),
    from: dayStart(f.from),
    to: dayStart(f.to, 1),
    status: text(f.status),
    jurisdiction: text(f.jurisdiction.trim().toUpperCase()),
    hasRedactions: text(f.hasRedactions),
    onHold: text(f.onHold),
  };
}

/**
 * The search last run on the Recordings page, for the matters view to attach
 * (in-page navigation keeps it; a reload forgets it, like the session).
 */
let lastSearch: Filters | null = null;
export function currentSearch(): Filters | null {
  return lastSearch;
}

/** The filled-in filters, as the user typed them: "Call from 2026-01-15 · Status available". */
export function describeSearch(f: Filters): string {
  const labels: Record<keyof Filters, string> = {
    q: 'Words said',
    externalCallId: 'External call id',
    phone: 'Participant phone',
    from: 'Call from',
    to: 'Call to',
    status: 'Status',
    jurisdiction: 'Jurisdiction',
    hasRedactions: 'With redactions',
    onHold: 'On hold',
  };
  return (Object.keys(labels) as (keyof Filters)[])
    .filter((k) => f[k].trim())
    .map((k) => `${labels[k]} ${f[k].trim()}`)
    .join(' · ');
}

/** `searchWords`: the caller may search what was said (qa and legal). */
export function RecordingsView(props: { searchWords: boolean }) {
  const [draft, setDraft] = useState<Filters>(() => lastSearch ?? EMPTY);
  const [filters, setFilters] = useState<Filters>(() => lastSearch ?? EMPTY);
  const [sort, setSort] = useState<'desc' | 'asc'>('desc');
  // Cursors of the pages before the current one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<Schemas['RecordingPage'] | null>(null);

  const cursor = cursors[cursors.length - 1];
  const load = useAction(async () => {
    setPage(
      await ok(
        vault.GET('/v1/recordings', {
          params: { query: { ...searchQuery(filters), sort, limit: PAGE, cursor } },
        }),
      ),
    );
  });
  useEffect(() => {
    lastSearch = filters;
    void load.run();
  }, [filters, sort, cursor]);

  const set = (k: keyof Filters) => (e: Event) =>
    setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });
  const next = page?.nextCursor;
  const restart = () => setCursors([undefined]);

  return (
    <>
      <h1>Recordings</h1>
      <form
        class="panel filters"
        role="search"
        aria-label="Search recordings"
        onSubmit={(e) => {
          e.preventDefault();
          restart();
          setFilters(draft);
        }}
      >
        {props.searchWords && (
          <Field label="Words said" hint='In the redacted transcripts; "exact phrase", or, -word'>
            <input name="q" type="search" value={draft.q} onInput={set('q')} />
          </Field>
        )}
        <Field label="External call id">
          <input name="externalCallId" value={draft.externalCallId} onInput={set('externalCallId')} />
        </Field>
        <Field label="Participant phone" hint="Exact number, E.164 (+14155550134)">
          <input
            name="phone"
            type="tel"
            inputMode="tel"
            value={draft.phone}
            onInput={set('phone')}
            placeholder="+14155550134"
          />
        </Field>
        <Field label="Call from">
          <input name="from" type="date" value={draft.from} onInput={set('from')} />
        </Field>
        <Field label="Call to">
          <input name="to" type="date" value={draft.to} onInput={set('to')} />
        </Field>
        <Field label="Status">
          <select name="status" value={draft.status} onChange={set('status')}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Jurisdiction" hint="e.g. US-CA, GB">
          <input name="jurisdiction" value={draft.jurisdiction} onInput={set('jurisdiction')} />
        </Field>
        <Field label="Redactions">
          <select name="hasRedactions" value={draft.hasRedactions} onChange={set('hasRedactions')}>
            <option value="">any</option>
            <option value="true">with redactions</option>
            <option value="false">without</option>
          </select>
        </Field>
        <Field label="Legal hold">
          <select name="onHold" value={draft.onHold} onChange={set('onHold')}>
            <option value="">any</option>
            <option value="true">on hold</option>
            <option value="false">not on hold</option>
          </select>
        </Field>
        <div class="actions">
          <button type="submit">Search</button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setDraft(EMPTY);
              restart();
              setFilters(EMPTY);
            }}
          >
            Clear
          </button>
        </div>
      </form>

      <ErrorBox error={load.error} />
      <div class="panel table-wrap" aria-busy={load.busy}>
        <table class="recordings">
          <caption class="visually-hidden">Recordings, {sort === 'desc' ? 'newest' : 'oldest'} first</caption>
          <thead>
            <tr>
              <th scope="col">External call id</th>
              <th scope="col" aria-sort={sort === 'desc' ? 'descending' : 'ascending'}>
                <button
                  type="button"
                  class="sort"
                  onClick={() => {
                    restart();
                    setSort(sort === 'desc' ? 'asc' : 'desc');
                  }}
                >
                  Date received <span aria-hidden="true">{sort === 'desc' ? '▼' : '▲'}</span>
                  <span class="visually-hidden">
                    , sorted {sort === 'desc' ? 'newest' : 'oldest'} first; activate to reverse
                  </span>
                </button>
              </th>
              <th scope="col">Call start</th>
              <th scope="col">Duration</th>
              <th scope="col">Status</th>
              <th scope="col">Hold</th>
            </tr>
          </thead>
          <tbody>
            {page?.items.map((r) => (
              <tr key={r.id} data-recording-id={r.id}>
                <td>
                  <Link to={`/recordings/${r.id}`}>{r.externalCallId}</Link>
                </td>
                <td>{formatDate(r.createdAt)}</td>
                <td>{formatDate(r.startedAt)}</td>
                <td>{formatMs(r.durationMs)}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>{r.legalHold ? <span class="badge hold">on hold</span> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && page.items.length === 0 && <p class="empty">No recordings match.</p>}
        <nav class="pager" aria-label="Pages">
          <button
            type="button"
            class="secondary"
            disabled={cursors.length < 2}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Previous page
          </button>
          <span>Page {cursors.length}</span>
          <button
            type="button"
            class="secondary"
            disabled={!next}
            onClick={() => next && setCursors([...cursors, next])}
          >
            Next page
          </button>
        </nav>
      </div>
    </>
  );
}
