import { S3ServiceException } from '@aws-sdk/client-s3';
import { AppException } from './app.exception';
import { describeError, toErrorBody } from './app-exception.filter';

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

describe('toErrorBody for body-parser errors', () => {
  // What http-errors makes of body-parser's refusals: a 4xx status (also as statusCode), expose, maybe a type.
  const parserError = (status: number, type?: string) =>
    Object.assign(new Error('x'), { status, statusCode: status, expose: true, ...(type ? { type } : {}) });

  it.each([
    [parserError(415, 'encoding.unsupported'), 415, 'UNSUPPORTED_CONTENT_ENCODING'],
    [Object.assign(parserError(400), { code: 'Z_DATA_ERROR' }), 400, 'VALIDATION_FAILED'],
    [parserError(415, 'charset.unsupported'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [parserError(400, 'request.size.invalid'), 400, 'VALIDATION_FAILED'],
    [Object.assign(parserError(400, 'request.aborted'), { code: 'ECONNABORTED' }), 400, 'VALIDATION_FAILED'],
    [parserError(413, 'entity.too.large'), 413, 'PAYLOAD_TOO_LARGE'],
    [parserError(400, 'entity.parse.failed'), 400, 'VALIDATION_FAILED'],
  ])('maps %s to a 4xx with a stable code', (error, status, code) => {
    expect(toErrorBody(error)).toMatchObject({ status, body: { code } });
  });

  it('leaves an error that merely has a status property a 500', () => {
    expect(toErrorBody(Object.assign(new Error('x'), { status: 400 })).status).toBe(500);
  });
});
