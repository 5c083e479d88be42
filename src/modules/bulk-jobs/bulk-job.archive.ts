import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { pack as tarPack, type Pack } from 'tar-stream';
import { EnvelopeService, type SealedObject } from '../crypto/envelope.service';
import { DocumentSigner } from '../legal/document.signer';
import { TenantService } from '../tenants/tenant.service';
import type { BulkJobEntity, BulkJobItemEntity, ItemOutput } from './bulk-job.entity';
import { view } from './bulk-job.service';

export const MANIFEST_KIND = 'vault.bulk-export';

/**
 * The result of an export: one tar archive, `manifest.json` first (every
 * recording, each file's path, size and SHA-256, the failed items; signed
 * through KMS like evidence bundles), then the files. Sealed with its own data
 * key as it streams, like every other object; nothing is written in clear.
 */
@Injectable()
export class BulkJobArchive {
  constructor(
    private readonly envelope: EnvelopeService,
    private readonly signer: DocumentSigner,
    private readonly tenants: TenantService,
  ) {}

  async build(job: BulkJobEntity, done: BulkJobItemEntity[], failed: BulkJobItemEntity[]): Promise<SealedObject> {
    const tenant = await this.tenants.byId(job.tenantId);
    const { result: _result, etaSeconds: _eta, deletedAt: _d, resultShreddedAt: _s, ...described } = view(job);
    const document = JSON.parse(
      JSON.stringify({
        kind: MANIFEST_KIND,
        formatVersion: 1,
        generatedAt: new Date(),
        tenant: { id: tenant.id, name: tenant.name },
        job: described,
        items: done.map((i) => ({
          ref: i.ref,
          files: (i.outputs?.files ?? []).map(({ path, bytes, sha256 }) => ({ path, bytes, sha256 })),
        })),
        failed: failed.map((i) => ({ ref: i.ref, errorCode: i.errorCode })),
      }),
    ) as Record<string, unknown>;
    const manifest = { ...document, signature: await this.signer.sign('bulk-export-manifest', document) };
    const files = done.flatMap((i) => i.outputs?.files ?? []);
    const pack = tarPack();
    const writing = write(pack, Buffer.from(JSON.stringify(manifest, null, 2)), files, (k) => this.envelope.open(k));
    writing.catch((e: unknown) => pack.destroy(e instanceof Error ? e : new Error('archive failed')));
    const [sealed] = await Promise.all([
      this.envelope.seal({
        tenantId: job.tenantId,
        jobId: job.id,
        kind: 'job-result',
        wrappingKeyId: await this.tenants.wrappingKey(job.tenantId),
        source: Readable.from(pack),
      }),
      writing,
    ]);
    return sealed;
  }
}

async function write(
  pack: Pack,
  manifest: Buffer,
  files: ItemOutput[],
  open: (objectKey: string) => Promise<AsyncIterable<Buffer>>,
): Promise<void> {
  await entry(pack, 'manifest.json', manifest.length, [manifest]);
  for (const f of files) await entry(pack, f.path, f.bytes, await open(f.objectKey));
  pack.finalize();
}

/** One tar entry of a known size, fed from a stream with backpressure. */
async function entry(
  pack: Pack,
  name: string,
  size: number,
  body: AsyncIterable<Buffer> | Iterable<Buffer>,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const sink = pack.entry({ name, size, mode: 0o644, mtime: new Date() }, (err) => (err ? reject(err) : resolve()));
    void (async () => {
      for await (const chunk of body) {
        if (!sink.write(chunk)) await new Promise<void>((r) => sink.once('drain', () => r()));
      }
      sink.end(undefined);
    })().catch(reject);
  });
}
