import { extract } from 'tar-stream';

/** A tar archive's files by name. */
export async function untar(buf: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const ex = extract();
  ex.on('entry', (header, stream, next) => {
    const parts: Buffer[] = [];
    stream.on('data', (c: unknown) => {
      parts.push(c as Buffer);
    });
    stream.on('end', () => {
      files.set(header.name, Buffer.concat(parts));
      next();
    });
    stream.resume();
  });
  const done = new Promise((resolve, reject) => {
    ex.on('finish', () => resolve(undefined));
    ex.on('error', reject);
  });
  ex.end(buf);
  await done;
  return files;
}
