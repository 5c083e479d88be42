import { isPan, looksLikeExpiry, maskDigits } from '../card-number';
import { DtmfEvent } from './dtmf.detector';

export type DtmfRunKind = 'pan' | 'cvv' | 'expiry' | 'dtmf';

/** Safe to log: `masked` holds at most a PAN's last four digits and no digits for other kinds. */
export interface DtmfRun {
  kind: DtmfRunKind;
  startMs: number;
  endMs: number;
  digitCount: number;
  masked: string;
}

export interface DtmfClassifierOptions {
  /** Key presses further apart than this start a new run. */
  maxGapMs: number;
}

const DEFAULTS: DtmfClassifierOptions = { maxGapMs: 1500 };

// PAN lengths tried when a run is longer than any PAN, most common first.
const PAN_LENGTHS = [16, 15, 19, 13, 14, 17, 18];

/**
 * Groups key presses into runs and labels what each run most likely is. `#`
 * and `*` end a run (IVRs use them as terminators) and are kept inside its
 * span so the terminator is muted with what it ended. A run too long to be a
 * PAN is split when a prefix is one, since callers often type card number,
 * expiry and CVV without pausing.
 */
export function classifyDtmfRuns(events: DtmfEvent[], opts: Partial<DtmfClassifierOptions> = {}): DtmfRun[] {
  const { maxGapMs } = { ...DEFAULTS, ...opts };
  const runs: DtmfRun[] = [];
  let group: DtmfEvent[] = [];
  const close = () => {
    if (group.length > 0) runs.push(...classifyGroup(group, runs.at(-1)?.kind));
    group = [];
  };
  for (const e of [...events].sort((a, b) => a.startMs - b.startMs)) {
    const prev = group.at(-1);
    if (prev && e.startMs - prev.endMs > maxGapMs) close();
    group.push(e);
    if (e.digit === '#' || e.digit === '*') close();
  }
  close();
  return runs;
}

function classifyGroup(group: DtmfEvent[], previous: DtmfRunKind | undefined): DtmfRun[] {
  const keys = group.map((e) => e.digit).join('');
  const digits = keys.replace(/[#*]$/, '');
  if (!/^\d+$/.test(digits)) return [span(group, 'dtmf', '')];

  const kind = kindOf(digits, previous);
  if (kind !== 'dtmf' || digits.length <= 19) return [span(group, kind, digits)];

  for (const n of PAN_LENGTHS) {
    if (!isPan(digits.slice(0, n))) continue;
    const rest = group.slice(n);
    const tail = rest
      .map((e) => e.digit)
      .join('')
      .replace(/[#*]$/, '');
    const out = [span(group.slice(0, n), 'pan', digits.slice(0, n))];
    const expiryLength = [4, 6, 5].find((m) => looksLikeExpiry(tail.slice(0, m)) && tail.length - m <= 4);
    if (expiryLength !== undefined && tail.length - expiryLength >= 3) {
      out.push(span(rest.slice(0, expiryLength), 'expiry', ''));
      out.push(span(rest.slice(expiryLength), 'cvv', ''));
    } else {
      out.push(span(rest, kindOf(tail, 'pan'), ''));
    }
    return out;
  }
  return [span(group, 'dtmf', '')];
}

function kindOf(digits: string, previous: DtmfRunKind | undefined): DtmfRunKind {
  if (isPan(digits)) return 'pan';
  const n = digits.length;
  // Four digits after an expiry are an Amex CVV; otherwise MMYY wins.
  if (n === 4 && previous === 'expiry') return 'cvv';
  if (n >= 4 && n <= 6 && looksLikeExpiry(digits)) return 'expiry';
  if (n === 3 || n === 4) return 'cvv';
  return 'dtmf';
}

/** `digits` is consulted only to mask a PAN; nothing else carries digits out. */
function span(events: DtmfEvent[], kind: DtmfRunKind, digits: string): DtmfRun {
  const digitCount = events.filter((e) => e.digit >= '0' && e.digit <= '9').length;
  return {
    kind,
    startMs: events[0].startMs,
    endMs: events[events.length - 1].endMs,
    digitCount,
    masked: kind === 'pan' ? maskDigits(digits) : '•'.repeat(digitCount),
  };
}
