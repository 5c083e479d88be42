import { generateDtmfCorpus } from '../../../../test/fixtures/dtmf-corpus';
import { classifyDtmfRuns, DtmfRun } from './dtmf.classifier';
import { detectDtmf, DtmfEvent } from './dtmf.detector';
import { VISA_TEST_PAN, VISA_TEST_PAN_BAD_LUHN } from '../../../../test/fixtures/cards';

const PAN = VISA_TEST_PAN;

/** Key presses 80 ms long, 120 ms apart, starting at `atMs`. */
function keyed(keys: string, atMs: number): DtmfEvent[] {
  return keys.split('').map((digit, i) => {
    const startMs = atMs + i * 200;
    return { digit, startMs, endMs: startMs + 80, startSample: startMs * 8, endSample: (startMs + 80) * 8, level: -10 };
  });
}

function kinds(runs: DtmfRun[]): string[] {
  return runs.map((r) => r.kind);
}

describe('classifyDtmfRuns', () => {
  it('labels a card number, expiry and CVV keyed with pauses', () => {
    const runs = classifyDtmfRuns([...keyed(PAN, 0), ...keyed('1228', 8000), ...keyed('737', 12000)]);
    expect(kinds(runs)).toEqual(['pan', 'expiry', 'cvv']);
    expect(runs[0]).toEqual({ kind: 'pan', startMs: 0, endMs: 3080, digitCount: 16, masked: '•••• 1111' });
    expect(runs[1]).toMatchObject({ startMs: 8000, endMs: 8680, digitCount: 4, masked: '••••' });
    expect(runs[2]).toMatchObject({ digitCount: 3, masked: '•••' });
  });

  it('splits card number, expiry and CVV typed without pausing', () => {
    const runs = classifyDtmfRuns(keyed(PAN + '0429' + '123', 0));
    expect(kinds(runs)).toEqual(['pan', 'expiry', 'cvv']);
    expect(runs.map((r) => r.digitCount)).toEqual([16, 4, 3]);
    expect(runs[1].startMs).toBe(16 * 200);
  });

  it('takes four digits after an expiry as an Amex CVV', () => {
    const runs = classifyDtmfRuns([...keyed('378282246310005', 0), ...keyed('0530', 6000), ...keyed('1234', 9000)]);
    expect(kinds(runs)).toEqual(['pan', 'expiry', 'cvv']);
  });

  it('keeps the hash terminator inside the span it ends', () => {
    const runs = classifyDtmfRuns(keyed(PAN + '#', 0));
    expect(runs).toEqual([{ kind: 'pan', startMs: 0, endMs: 3280, digitCount: 16, masked: '•••• 1111' }]);
  });

  it('treats menu choices, failed-Luhn numbers and letter keys as plain DTMF', () => {
    const runs = classifyDtmfRuns([
      ...keyed('1', 0),
      ...keyed(VISA_TEST_PAN_BAD_LUHN, 3000),
      ...keyed('12A', 10000),
      ...keyed('5551234567', 14000),
    ]);
    expect(kinds(runs)).toEqual(['dtmf', 'dtmf', 'dtmf', 'dtmf']);
  });

  it('never returns more than the last four digits of a PAN', () => {
    const runs = classifyDtmfRuns([
      ...keyed(PAN, 0),
      ...keyed('0429', 6000),
      ...keyed('987', 9000),
      ...keyed('55512', 12000),
    ]);
    for (const r of runs) {
      const shown = r.masked.replace(/\D/g, '');
      expect(shown).toBe(r.kind === 'pan' ? '1111' : '');
    }
    expect(JSON.stringify(runs)).not.toMatch(/411111|0429|987|55512/);
  });

  it('classifies what the detector hears', () => {
    const corpus = generateDtmfCorpus({ sampleRate: 8000, seed: 21, digits: PAN, snrDb: 20, levelDb: [-12, -12] });
    const runs = classifyDtmfRuns(detectDtmf(corpus.samples, 8000));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ kind: 'pan', digitCount: 16, masked: '•••• 1111' });
    expect(Math.abs(runs[0].startMs - corpus.truth[0].startSample / 8)).toBeLessThanOrEqual(10);
  });
});
