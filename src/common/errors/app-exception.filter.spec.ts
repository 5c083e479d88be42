import { S3ServiceException } from '@aws-sdk/client-s3';
import { AppException } from './app.exception';
import { describeError } from './app-exception.filter';

describe('describeError', () => {
  it('names the cause of a wrapped storage failure, with its message and HTTP status', () => {
    const sdk = new S3ServiceException({
      name: 'SlowDown',
      $fault: 'server',
      $metadata: { httpStatusCode: 503 },
      message: 'Reduce your request rate',
    });
    const e = new AppException('STORAGE_UNAVAILABLE', 'Object storage unavailable; retry later', { cause: sdk });
    const d = describeError(e);
    expect(d).toMatchObject({
      type: 'AppException',
      cause: { type: 'SlowDown', message: 'Reduce your request rate', httpStatus: 503 },
    });
    // The top-level error is described by type only; its message is the caller's, already in the response.
    expect(d.message).toBeUndefined();
  });

  it('follows a chain of causes, a bounded number of levels deep', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    let e: Error = root;
    for (let i = 0; i < 6; i++) e = new Error(`level ${i}`, { cause: e });
    const d = describeError(new AppException('KMS_UNAVAILABLE', 'Key service unavailable; retry later', { cause: e }));
    let depth = 0;
    for (let c = d.cause; c; c = c.cause) depth++;
    expect(depth).toBe(3);
    const direct = describeError(new AppException('KMS_UNAVAILABLE', 'x', { cause: root }));
    expect(direct.cause).toMatchObject({
      type: 'Error',
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED 127.0.0.1:1',
    });
  });

  it('describes a non-error by its type', () => {
    expect(describeError('boom')).toEqual({ type: 'string' });
  });
});
