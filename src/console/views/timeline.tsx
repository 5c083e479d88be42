import type { Schemas } from '../api';
import { formatMs } from '../ui';

export const KIND_LABELS: Record<Schemas['RedactionSpan']['kind'], string> = {
  pan: 'Card number',
  cvv: 'CVV',
  expiry: 'Expiry date',
  dtmf: 'Keypad tones',
  marker: 'Platform marker',
  'consent-trim': 'Consent trim',
};

/** Viewbox units across; the SVG stretches to its box, so x/width scale with the element. */
const W = 1000;

/**
 * The call from start to end with every muted span drawn where it lies.
 * A click seeks there; the span list below offers the same by keyboard.
 */
export function Timeline(props: {
  durationMs: number;
  spans: Schemas['RedactionSpan'][];
  currentMs: number;
  onSeek?: (ms: number) => void;
}) {
  const { durationMs, spans } = props;
  const x = (ms: number) => (Math.min(Math.max(ms, 0), durationMs) / durationMs) * W;
  return (
    <figure class="timeline">
      <svg
        viewBox={`0 0 ${W} 40`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Timeline of ${formatMs(durationMs)} with ${spans.length} redacted span${spans.length === 1 ? '' : 's'}`}
        data-testid="timeline"
        data-duration-ms={durationMs}
        onClick={(e) => {
          if (!props.onSeek) return;
          const box = e.currentTarget.getBoundingClientRect();
          props.onSeek(((e.clientX - box.left) / box.width) * durationMs);
        }}
      >
        <rect class="track" x={0} y={8} width={W} height={24} data-testid="timeline-track" />
        {spans.map((s, i) => (
          <rect
            key={i}
            class={`span kind-${s.kind}`}
            x={x(s.startMs)}
            y={8}
            width={x(s.endMs) - x(s.startMs)}
            height={24}
            data-kind={s.kind}
            data-start-ms={s.startMs}
            data-end-ms={s.endMs}
          >
            <title>{`${KIND_LABELS[s.kind]} ${formatMs(s.startMs)}–${formatMs(s.endMs)}`}</title>
          </rect>
        ))}
        <line
          class="playhead"
          x1={x(props.currentMs)}
          x2={x(props.currentMs)}
          y1={2}
          y2={38}
          vector-effect="non-scaling-stroke"
        />
      </svg>
      <figcaption>
        <ul class="legend">
          {(Object.keys(KIND_LABELS) as Schemas['RedactionSpan']['kind'][])
            .filter((k) => spans.some((s) => s.kind === k))
            .map((k) => (
              <li key={k}>
                <span class={`swatch kind-${k}`} aria-hidden="true" /> {KIND_LABELS[k]}
              </li>
            ))}
        </ul>
      </figcaption>
    </figure>
  );
}

export function SpanList(props: { spans: Schemas['RedactionSpan'][]; onSeek?: (ms: number) => void }) {
  if (!props.spans.length) return <p>Nothing was redacted.</p>;
  return (
    <table class="spans">
      <caption class="visually-hidden">Redacted spans</caption>
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">From</th>
          <th scope="col">To</th>
          <th scope="col">Detail</th>
          <th scope="col">Detector</th>
          {props.onSeek && (
            <th scope="col">
              <span class="visually-hidden">Seek</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {props.spans.map((s, i) => (
          <tr key={i}>
            <td>
              <span class={`swatch kind-${s.kind}`} aria-hidden="true" /> {KIND_LABELS[s.kind]}
            </td>
            <td>{formatMs(s.startMs)}</td>
            <td>{formatMs(s.endMs)}</td>
            <td>{s.masked}</td>
            <td>{s.detector}</td>
            {props.onSeek && (
              <td>
                <button type="button" class="link" onClick={() => props.onSeek?.(s.startMs)}>
                  Go to {formatMs(s.startMs)}
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
