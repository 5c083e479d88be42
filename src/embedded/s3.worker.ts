/**
 * The embedded object store's thread (see startEmbeddedS3): listens, says on
 * which port, and closes when told to.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEmbeddedS3Server, type EmbeddedS3WorkerData } from './s3.server';

const { dir, bucket } = workerData as EmbeddedS3WorkerData;
const server = createEmbeddedS3Server(dir, bucket);
const port = parentPort;
if (port) {
  port.on('message', (m) => {
    if (m === 'close') server.close(() => port.close());
  });
  void server.run().then((addr) => port.postMessage({ port: addr.port }));
}
