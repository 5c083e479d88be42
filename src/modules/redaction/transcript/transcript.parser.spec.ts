import { parseTranscript, TranscriptFormatError } from './transcript.parser';

function pronunciation(content: string, start: string, end: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'pronunciation',
    start_time: start,
    end_time: end,
    alternatives: [{ confidence: '0.98', content }],
    ...extra,
  };
}

function punctuation(content: string) {
  return { type: 'punctuation', alternatives: [{ confidence: '0.0', content }] };
}

function errorOf(input: unknown): TranscriptFormatError {
  try {
    parseTranscript(input);
  } catch (err) {
    if (err instanceof TranscriptFormatError) return err;
    throw err;
  }
  throw new Error('expected a TranscriptFormatError');
}

describe('parseTranscript', () => {
  describe('words format', () => {
    it('returns words sorted by time with a null channel when none is given', () => {
      const { words } = parseTranscript({
        format: 'words',
        words: [
          { text: 'one', startMs: 500, endMs: 800, channel: 1, confidence: 0.9 },
          { text: 'four', startMs: 100, endMs: 400 },
        ],
      });
      expect(words).toEqual([
        { text: 'four', startMs: 100, endMs: 400, channel: null },
        { text: 'one', startMs: 500, endMs: 800, channel: 1, confidence: 0.9 },
      ]);
    });

    it.each([
      [{ format: 'words' }, 'transcript.words'],
      [{ format: 'speech' }, 'transcript.format'],
      [
        {
          format: 'words',
          words: [
            { text: 'a', startMs: 0, endMs: 1 },
            { text: 'b', startMs: '5', endMs: 9 },
          ],
        },
        'transcript.words[1].startMs',
      ],
      [{ format: 'words', words: [{ text: '', startMs: 0, endMs: 1 }] }, 'transcript.words[0].text'],
      [{ format: 'words', words: [{ text: 'a', startMs: 10, endMs: 5 }] }, 'transcript.words[0].endMs'],
      [{ format: 'words', words: [{ text: 'a', startMs: -1, endMs: 5 }] }, 'transcript.words[0].startMs'],
      [{ format: 'words', words: [{ text: 'a', startMs: 0, endMs: 5, channel: 1.5 }] }, 'transcript.words[0].channel'],
      [
        { format: 'words', words: [{ text: 'a', startMs: 0, endMs: 5, confidence: 2 }] },
        'transcript.words[0].confidence',
      ],
    ])('rejects %j at %s', (input, path) => {
      const err = errorOf(input);
      expect(err.path).toBe(path);
      expect(err.message.startsWith(`${path}: `)).toBe(true);
      expect(err.code).toBe('TRANSCRIPT_INVALID');
    });

    it('rejects something that is not a transcript at all', () => {
      expect(errorOf('four one one one').path).toBe('transcript');
      expect(errorOf(null).path).toBe('transcript');
    });

    it('roots paths where the caller says the transcript sits', () => {
      expect(() => parseTranscript({ format: 'words', words: [{}] }, 'metadata.transcript')).toThrow(
        /^metadata\.transcript\.words\[0\]\.text: /,
      );
    });

    it('never echoes a word in the error', () => {
      const err = errorOf({ format: 'words', words: [{ text: 'seven', startMs: 9, endMs: 1 }] });
      expect(err.message).not.toMatch(/seven/);
    });
  });

  describe('aws-transcribe format', () => {
    it('reads results.items with seconds as strings and glues punctuation to the word before', () => {
      const { words } = parseTranscript({
        format: 'aws-transcribe',
        document: {
          jobName: 'call-8812',
          results: {
            transcripts: [{ transcript: 'Four, one.' }],
            items: [
              pronunciation('Four', '1.25', '1.5'),
              punctuation(','),
              pronunciation('one', '1.6', '1.9'),
              punctuation('.'),
            ],
          },
          status: 'COMPLETED',
        },
      });
      expect(words).toEqual([
        { text: 'Four,', startMs: 1250, endMs: 1500, channel: null, confidence: 0.98 },
        { text: 'one.', startMs: 1600, endMs: 1900, channel: null, confidence: 0.98 },
      ]);
    });

    it('takes channels from channel_labels rather than reading results.items twice', () => {
      const { words } = parseTranscript({
        format: 'aws-transcribe',
        document: {
          results: {
            items: [
              pronunciation('hello', '0.1', '0.4', { channel_label: 'ch_0' }),
              pronunciation('hi', '0.5', '0.7', { channel_label: 'ch_1' }),
            ],
            channel_labels: {
              number_of_channels: 2,
              channels: [
                { channel_label: 'ch_0', items: [pronunciation('hello', '0.1', '0.4', { channel_label: 'ch_0' })] },
                { channel_label: 'ch_1', items: [pronunciation('hi', '0.5', '0.7')] },
              ],
            },
          },
        },
      });
      expect(words.map((w) => [w.text, w.channel])).toEqual([
        ['hello', 0],
        ['hi', 1],
      ]);
    });

    it('keeps speaker-labelled words on every channel', () => {
      const { words } = parseTranscript({
        format: 'aws-transcribe',
        document: {
          results: {
            items: [pronunciation('hello', '0.1', '0.4', { speaker_label: 'spk_0' })],
            speaker_labels: {
              speakers: 1,
              segments: [{ speaker_label: 'spk_0', start_time: '0.1', end_time: '0.4', items: [] }],
            },
          },
        },
      });
      expect(words[0].channel).toBeNull();
    });

    it.each([
      [{ results: {} }, 'transcript.document.results.items'],
      [
        {
          results: {
            items: [
              pronunciation('a', '0.1', '0.2'),
              pronunciation('b', '0.3', '0.4'),
              pronunciation('c', '0.5', '0.6'),
              { ...pronunciation('d', '0.7', '0.8'), start_time: 'soon' },
            ],
          },
        },
        'transcript.document.results.items[3].start_time',
      ],
      [
        { results: { items: [{ ...pronunciation('a', '0.1', '0.2'), end_time: undefined }] } },
        'transcript.document.results.items[0].end_time',
      ],
      [{ results: { items: [pronunciation('a', '0.5', '0.2')] } }, 'transcript.document.results.items[0].end_time'],
      [
        { results: { items: [{ ...pronunciation('a', '0.1', '0.2'), alternatives: [] }] } },
        'transcript.document.results.items[0].alternatives',
      ],
      [
        { results: { items: [{ ...pronunciation('a', '0.1', '0.2'), alternatives: [{ confidence: '0.5' }] }] } },
        'transcript.document.results.items[0].alternatives[0].content',
      ],
      [
        { results: { items: [{ ...pronunciation('a', '0.1', '0.2'), type: 'noise' }] } },
        'transcript.document.results.items[0].type',
      ],
      [
        { results: { items: [], channel_labels: { channels: [{ channel_label: 'left', items: [] }] } } },
        'transcript.document.results.channel_labels.channels[0].channel_label',
      ],
      [
        {
          results: {
            items: [],
            channel_labels: {
              channels: [{ channel_label: 'ch_1', items: [{ ...pronunciation('a', '0.1', '0.2'), start_time: 1 }] }],
            },
          },
        },
        'transcript.document.results.channel_labels.channels[0].items[0].start_time',
      ],
    ])('rejects a malformed document at %s', (document, path) => {
      expect(errorOf({ format: 'aws-transcribe', document }).path).toBe(path);
    });
  });
});
