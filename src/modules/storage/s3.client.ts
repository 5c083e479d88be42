import { S3Client } from '@aws-sdk/client-s3';
import type { ServiceEndpoints } from '../../embedded/embedded';

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
  });
}
