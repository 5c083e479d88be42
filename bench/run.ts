/**
 * `npm run bench [-- name ...]`: runs the named benchmarks (all by default),
 * each printing its own table against its peer. Not part of `npm test`.
 */

const BENCHES: Record<string, () => Promise<unknown>> = {
  crypto: () => import('./crypto.bench').then((m) => m.run()),
  audit: () => import('./audit.bench').then((m) => m.run()),
  dtmf: () => import('./dtmf.bench').then((m) => m.run()),
  transcript: () => import('./transcript.bench').then((m) => m.run()),
  media: () => import('./media.bench').then((m) => m.run()),
  storage: () => import('./storage.bench').then((m) => m.run()),
  ingest: () => import('./ingest.bench').then((m) => m.run()),
  embedded: () => import('./embedded.bench').then((m) => m.run()),
  formats: () => import('./formats.bench').then((m) => m.run()),
  recovery: () => import('./recovery.bench').then((m) => m.run()),
  transcription: () => import('./transcription.bench').then((m) => m.run()),
  waveform: () => import('./waveform.bench').then((m) => m.run()),
  'redact-verify': () => import('./redact-verify.bench').then((m) => m.run()),
  logging: () => import('./logging.bench').then((m) => m.run()),
};

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !(n in BENCHES));
  if (unknown.length)
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  for (const name of names.length ? names : Object.keys(BENCHES)) {
    process.stdout.write(`\n## ${name}\n`);
    await BENCHES[name]();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
