import { S3Client } from '@aws-sdk/client-s3';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { ServiceEndpoints } from '../../config/service-endpoints';

/**
 * One S3 client shape for s3rver, MinIO and AWS. Checksums only when required:
 * s3rver otherwise stores the aws-chunked framing inside the object.
 */
export function createS3Client(s3: ServiceEndpoints['s3']): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    credentials: s3.credentials,
    forcePathStyle: s3.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 4,
    // A listener holds one connection for as long as it plays; the SDK's default of 50 would queue the 51st.
    // A hung store (a stopped process accepts connections into the kernel's backlog, then says nothing)
    // fails a request after `requestMs` without a byte; the object store bounds the whole call too.
    requestHandler: {
      connectionTimeout: s3.timeouts.connectMs,
      requestTimeout: s3.timeouts.requestMs,
      throwOnRequestTimeout: true,
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 1024 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 1024 }),
    },
  });
}
