import type { TestApp } from './app';

/** A multipart upload as a platform sends it: metadata first, then the audio. */
export function upload(
  t: TestApp,
  key: string,
  metadata: unknown,
  audio: Buffer,
  opts: { idempotencyKey?: string; filename?: string; rawMetadata?: string; audioFirst?: boolean } = {},
) {
  let req = t.http().post('/v1/recordings').set('Authorization', `Bearer ${key}`);
  if (opts.idempotencyKey) req = req.set('Idempotency-Key', opts.idempotencyKey);
  const meta = opts.rawMetadata ?? JSON.stringify(metadata);
  if (opts.audioFirst) return req.attach('audio', audio, opts.filename ?? 'call.wav').field('metadata', meta);
  return req.field('metadata', meta).attach('audio', audio, opts.filename ?? 'call.wav');
}

/** Poll until the recording leaves the in-flight states (or `until`), then return its detail. */
export async function settle(
  t: TestApp,
  key: string,
  id: string,
  until: string[] = ['available', 'rejected', 'failed'],
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.http().get(`/v1/recordings/${id}`).set('Authorization', `Bearer ${key}`);
    if (until.includes(res.body.status)) return res.body;
    if (Date.now() > deadline) throw new Error(`recording ${id} still ${res.body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The redacted audio as served (`GET …/audio`, whole), its bytes and content type. */
export async function servedAudio(t: TestApp, token: string, id: string): Promise<{ body: Buffer; type: string }> {
  const res = await t
    .http()
    .get(`/v1/recordings/${id}/audio`)
    .set('Authorization', `Bearer ${token}`)
    .buffer(true)
    .parse(((r: NodeJS.ReadableStream, cb: (e: Error | null, b: Buffer) => void) => {
      const parts: Buffer[] = [];
      r.on('data', (c: Buffer) => parts.push(c));
      r.on('end', () => cb(null, Buffer.concat(parts)));
    }) as never)
    .expect(200);
  return { body: res.body as Buffer, type: res.headers['content-type'] };
}
