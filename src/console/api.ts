import { createVaultClient, type ApiErrorBody } from '@call-recording-vault/client';
import { storedToken } from './session';

/** An API failure as the service reports it: `{ code, message, correlationId }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly correlationId: string | null,
  ) {
    super(message);
  }
}

let onUnauthenticated: (e: ApiError) => void = () => undefined;

/** Called when the API no longer accepts the token (expired or revoked), so the app can ask to sign in again. */
export function whenUnauthenticated(handler: (e: ApiError) => void): void {
  onUnauthenticated = handler;
}

/** The typed client (same origin), sending the signed-in user's token. */
export const vault = createVaultClient({
  token: storedToken,
  credentials: 'omit',
  cache: 'no-store',
  fetch: (request) => fetch(request),
});

/** The same client with an explicit token, for checking a token before it is stored. */
export function vaultWithToken(token: string) {
  return createVaultClient({ token, credentials: 'omit', cache: 'no-store', fetch: (request) => fetch(request) });
}

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The body of a successful answer, or an `ApiError` built from the service's
 * error shape (the status alone when a proxy answered). A 401 to a stored
 * token asks the app to sign in again.
 */
export async function call<T>(request: Promise<Outcome<T>>, opts: { signingIn?: boolean } = {}): Promise<T> {
  let out: Outcome<T>;
  try {
    out = await request;
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The service could not be reached', null);
  }
  const { data, error, response } = out;
  if (response.ok) return data as T;
  const body = (typeof error === 'object' && error ? error : {}) as Partial<ApiErrorBody>;
  const failure = new ApiError(
    response.status,
    body.code ?? `HTTP_${response.status}`,
    body.message ?? response.statusText,
    body.correlationId ?? response.headers.get('X-Request-Id'),
  );
  if (response.status === 401 && !opts.signingIn) onUnauthenticated(failure);
  throw failure;
}

/** A route that can also answer in another format (HTML, JSON lines) was asked for JSON: the object, not text. */
export function asJson<T>(body: T): Exclude<T, string> {
  if (typeof body === 'string')
    throw new ApiError(0, 'UNEXPECTED_BODY', 'The service answered with text, not JSON', null);
  return body as Exclude<T, string>;
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
