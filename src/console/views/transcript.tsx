import { useEffect, useState } from 'preact/hooks';
import { ApiError, ok, vault, type Schemas } from '../api';
import { ErrorBox, formatMs } from '../ui';

/**
 * The redacted transcript beside the player: the word being played is
 * highlighted, a click on a word seeks there, and card data shows only as its
 * kind ("[card number]"), as the API serves it.
 */
export function TranscriptPanel(props: { recordingId: string; currentMs: number; onSeek?: (ms: number) => void }) {
  const [words, setWords] = useState<Schemas['RedactedTranscript']['words'] | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    ok(vault.GET('/v1/recordings/{id}/transcript', { params: { path: { id: props.recordingId } } })).then(
      (t) => setWords(t.words),
      (e: unknown) => {
        if (e instanceof ApiError && e.code === 'TRANSCRIPT_NOT_FOUND') setMissing(true);
        else setError(e);
      },
    );
  }, [props.recordingId]);

  if (missing) return <p>No transcript: the call came without one and no transcription engine is configured.</p>;
  if (error) return <ErrorBox error={error} />;
  if (!words) return <p class="loading">Loading…</p>;
  // The word being said now: the last one started, while it lasts.
  let current = -1;
  for (let i = 0; i < words.length && words[i].startMs <= props.currentMs; i++)
    if (props.currentMs < words[i].endMs + 150) current = i;
  return (
    <p class="transcript" data-testid="transcript">
      {words.map((w, i) => (
        <button
          type="button"
          key={i}
          class={`word ch-${w.channel ?? 'all'}${w.redacted ? ' redacted' : ''}${i === current ? ' current' : ''}`}
          aria-current={i === current ? 'true' : undefined}
          data-start-ms={w.startMs}
          title={`${formatMs(w.startMs)}${w.redacted ? ` · ${w.redacted} removed` : ''}`}
          disabled={!props.onSeek}
          onClick={() => props.onSeek?.(w.startMs)}
        >
          {w.text}
        </button>
      ))}
    </p>
  );
}
