import { pcm16Wav } from './modules/media/pcm-wav';
import { KEYPAD_TONES } from './modules/redaction/dtmf/dtmf.keypad';

/**
 * A generated demo call for the README walkthrough: ten seconds of a two-tone
 * "voice", the keypad tones of a test card number (the Visa test number made
 * of a 4 and fifteen 1s, Luhn-valid) and a transcript in which the number is
 * spoken. Nothing real: this exists so a newcomer can see a redaction happen.
 */
export function sampleCall(externalCallId: string): { wav: Buffer; metadata: Record<string, unknown> } {
  const rate = 8000;
  const digits = ['4', ...Array<string>(15).fill('1')];
  const samples = new Int16Array(10 * rate);
  for (let i = 0; i < samples.length; i++) {
    const t = i / rate;
    samples[i] = Math.round(4000 * Math.sin(2 * Math.PI * 220 * t) + 2500 * Math.sin(2 * Math.PI * 330 * t));
  }
  digits.forEach((d, k) => {
    const start = Math.round((2 + k * 0.16) * rate);
    const [lo, hi] = KEYPAD_TONES[d];
    for (let i = 0; i < 0.16 * rate; i++) {
      const t = i / rate;
      samples[start + i] =
        i < 0.08 * rate ? Math.round(9000 * (Math.sin(2 * Math.PI * lo * t) + Math.sin(2 * Math.PI * hi * t))) : 0;
    }
  });
  const words = digits.map((d, k) => ({
    text: d === '4' ? 'four' : 'one',
    startMs: 6000 + k * 150,
    endMs: 6120 + k * 150,
    channel: 0,
  }));
  const metadata = {
    externalCallId,
    startedAt: new Date(Date.now() - 60_000).toISOString(),
    direction: 'inbound',
    participants: [
      { id: 'customer', role: 'customer', phone: '+14155550134', jurisdiction: 'US-CA' },
      { id: 'agent', role: 'agent', jurisdiction: 'US-GA' },
    ],
    consent: [
      {
        participant: 'customer',
        kind: 'granted',
        method: 'ivr-keypress',
        offsetMs: 0,
        evidence: { prompt: 'rec-notice-v3', key: '1' },
      },
    ],
    markers: [{ kind: 'pause', startMs: 8800, endMs: 9300 }],
    transcript: { format: 'words', words },
  };
  return { wav: pcm16Wav(samples, rate), metadata };
}
