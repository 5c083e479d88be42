/** A 16-bit PCM WAV around `samples` (interleaved when `channels` > 1). */
export function pcm16Wav(samples: Int16Array, sampleRate: number, channels = 1): Buffer {
  const bytes = samples.byteLength;
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + bytes, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(bytes, 40);
  return Buffer.concat([h, Buffer.from(samples.buffer, samples.byteOffset, bytes)]);
}
