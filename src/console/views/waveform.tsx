import { useEffect, useMemo, useState } from 'preact/hooks';
import { ok, vault, type Schemas } from '../api';
import { usePlayerKeys } from '../player-keys';
import { ErrorBox, formatMs, useAction } from '../ui';
import { KIND_LABELS } from './timeline';

const W = 1000;
const H = 80;
/** Bars drawn across the view, whatever the zoom: each is the loudest bucket it covers. */
const COLUMNS = 500;
const ZOOMS = [1, 2, 4, 8, 16, 32];

function decode(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/**
 * The redacted audio's waveform with the redacted spans and consent trims on
 * it. Zoomed in, the view follows the playhead; a click seeks. The review
 * shortcuts (Space, ←/→, J/K/L) work anywhere on the page.
 */
export function Waveform(props: {
  recordingId: string;
  spans: Schemas['RedactionSpan'][];
  currentMs: number;
  audio: { current: HTMLAudioElement | null };
  onSeek?: (ms: number) => void;
}) {
  const [data, setData] = useState<{ durationMs: number; msPerPeak: number; peaks: Uint8Array } | null>(null);
  const [zoom, setZoom] = useState(1);
  usePlayerKeys(props.audio);
  const load = useAction(async () => {
    const w = await ok(vault.GET('/v1/recordings/{id}/waveform', { params: { path: { id: props.recordingId } } }));
    setData({ durationMs: w.durationMs, msPerPeak: w.msPerPeak, peaks: decode(w.peaks) });
  });
  useEffect(() => void load.run(), [props.recordingId]);

  const durationMs = data?.durationMs ?? 0;
  const viewMs = durationMs / zoom;
  const viewStart = zoom === 1 ? 0 : Math.min(Math.max(props.currentMs - viewMs / 2, 0), durationMs - viewMs);
  const x = (ms: number) => ((Math.min(Math.max(ms, viewStart), viewStart + viewMs) - viewStart) / viewMs) * W;

  const bars = useMemo(() => {
    if (!data || viewMs <= 0) return '';
    const { peaks, msPerPeak } = data;
    let d = '';
    for (let c = 0; c < COLUMNS; c++) {
      const from = Math.floor((viewStart + (c * viewMs) / COLUMNS) / msPerPeak);
      const to = Math.max(from + 1, Math.ceil((viewStart + ((c + 1) * viewMs) / COLUMNS) / msPerPeak));
      let peak = 0;
      for (let i = from; i < to && i < peaks.length; i++) peak = Math.max(peak, peaks[i]);
      if (!peak) continue;
      const h = Math.max(0.5, (peak / 255) * (H / 2 - 2));
      d += `M${(((c + 0.5) * W) / COLUMNS).toFixed(1)} ${(H / 2 - h).toFixed(1)}V${(H / 2 + h).toFixed(1)}`;
    }
    return d;
  }, [data, viewStart, viewMs]);

  if (!data) return load.error ? <ErrorBox error={load.error} /> : <p class="loading">Loading the waveform…</p>;

  const visible = props.spans.filter((s) => s.endMs > viewStart && s.startMs < viewStart + viewMs);
  return (
    <figure class="waveform">
      <div class="toolbar" role="group" aria-label="Waveform zoom">
        <button
          type="button"
          class="secondary"
          onClick={() => setZoom(ZOOMS[Math.max(0, ZOOMS.indexOf(zoom) - 1)])}
          disabled={zoom === ZOOMS[0]}
        >
          Zoom out
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => setZoom(ZOOMS[Math.min(ZOOMS.length - 1, ZOOMS.indexOf(zoom) + 1)])}
          disabled={zoom === ZOOMS[ZOOMS.length - 1]}
        >
          Zoom in
        </button>
        <span class="meta" data-testid="waveform-zoom">
          {zoom}× · {formatMs(viewStart)}–{formatMs(viewStart + viewMs)}
        </span>
      </div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Waveform from ${formatMs(viewStart)} to ${formatMs(viewStart + viewMs)}, ${visible.length} redacted span${visible.length === 1 ? '' : 's'} shown`}
        data-testid="waveform"
        data-view-start-ms={viewStart}
        data-view-ms={viewMs}
        onClick={(e) => {
          if (!props.onSeek) return;
          const box = e.currentTarget.getBoundingClientRect();
          props.onSeek(viewStart + ((e.clientX - box.left) / box.width) * viewMs);
        }}
      >
        {visible.map((s, i) => (
          <rect
            key={i}
            class={`wf-span kind-${s.kind}`}
            x={x(s.startMs)}
            y={0}
            width={x(s.endMs) - x(s.startMs)}
            height={H}
            data-kind={s.kind}
            data-start-ms={s.startMs}
            data-end-ms={s.endMs}
          >
            <title>{`${KIND_LABELS[s.kind]} ${formatMs(s.startMs)}–${formatMs(s.endMs)}`}</title>
          </rect>
        ))}
        <line class="axis" x1={0} x2={W} y1={H / 2} y2={H / 2} vector-effect="non-scaling-stroke" />
        <path class="bars" d={bars} vector-effect="non-scaling-stroke" />
        <line
          class="playhead"
          x1={x(props.currentMs)}
          x2={x(props.currentMs)}
          y1={0}
          y2={H}
          vector-effect="non-scaling-stroke"
        />
      </svg>
      <figcaption class="meta">
        Keys: <kbd>Space</kbd> play/pause · <kbd>←</kbd>/<kbd>→</kbd> 5 s · <kbd>J</kbd> back 10 s · <kbd>K</kbd> pause
        · <kbd>L</kbd> play (again: faster)
      </figcaption>
    </figure>
  );
}
