import { useEffect } from 'preact/hooks';

export const SEEK_STEP_SEC = 5;
export const JUMP_BACK_SEC = 10;
const MAX_RATE = 4;

/** Where a key belongs to the focused control, not to the player. */
function ownedByControl(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'AUDIO'].includes(target.tagName)) return true;
  // Space activates a focused button, link or disclosure.
  return key === ' ' && ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName);
}

/**
 * Review shortcuts while a recording plays: Space play/pause, ←/→ 5 s,
 * J back 10 s, K pause, L play (again: faster, up to 4×). Keys typed into a
 * field, or meant for a focused control, are left alone.
 */
export function usePlayerKeys(audio: { current: HTMLAudioElement | null }): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = audio.current;
      if (!el?.src || e.ctrlKey || e.metaKey || e.altKey || ownedByControl(e.target, e.key)) return;
      const seekBy = (sec: number) => {
        const end = Number.isFinite(el.duration) ? el.duration : Infinity;
        el.currentTime = Math.min(Math.max(el.currentTime + sec, 0), end);
      };
      switch (e.key.toLowerCase()) {
        case ' ':
          if (el.paused) void el.play().catch(() => undefined);
          else el.pause();
          break;
        case 'arrowleft':
          seekBy(-SEEK_STEP_SEC);
          break;
        case 'arrowright':
          seekBy(SEEK_STEP_SEC);
          break;
        case 'j':
          seekBy(-JUMP_BACK_SEC);
          break;
        case 'k':
          el.pause();
          el.playbackRate = 1;
          break;
        case 'l':
          if (el.paused) {
            el.playbackRate = 1;
            void el.play().catch(() => undefined);
          } else el.playbackRate = Math.min(el.playbackRate * 2, MAX_RATE);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [audio]);
}
