import { createVaultClient, type Schemas } from '@call-recording-vault/client';
import { currentToken } from './session';

export type { Schemas } from '@call-recording-vault/client';

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

function apiError(response: Response, body: unknown): ApiError {
  // Not our error shape (a proxy, say): the status is all there is.
  const e = (typeof body === 'object' && body ? body : {}) as Partial<Schemas['Error']>;
  return new ApiError(
    response.status,
    e.code ?? `HTTP_${response.status}`,
    e.message ?? response.statusText,
    e.correlationId ?? response.headers.get('X-Request-Id'),
  );
}

const clientOptions = {
  credentials: 'omit',
  cache: 'no-store',
  // A failed fetch (offline, DNS, CSP) reads like any other API failure.
  fetch: (request: Request) =>
    fetch(request).catch(() => {
      throw new ApiError(0, 'NETWORK_ERROR', 'The service could not be reached', null);
    }),
} as const;

/**
 * The typed client (`@call-recording-vault/client`) with the signed-in user's
 * token, asked for before every request, as its bearer token.
 */
export const vault = createVaultClient({ ...clientOptions, token: currentToken });
vault.use({
  async onResponse({ request, response }) {
    // Only the session's own token signs the user out; a token being checked at sign-in does not.
    const token = currentToken();
    if (response.status === 401 && token && request.headers.get('Authorization') === `Bearer ${token}`)
      onUnauthenticated(
        apiError(
          response,
          await response
            .clone()
            .json()
            .catch(() => null),
        ),
      );
  },
});

/** A client for one token that is not (yet) the session's: checking a token before signing in with it. */
export function clientFor(token: string) {
  return createVaultClient({ ...clientOptions, token });
}

/** The call's data, or its failure as an ApiError. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw apiError(response, error);
  return data as T;
}

/** A JSON answer of a route that can also answer in another format (text), which the console did not ask for. */
export function json<T>(data: T): Exclude<T, string> {
  if (typeof data === 'string')
    throw new ApiError(0, 'UNEXPECTED_FORMAT', 'The service answered in another format', null);
  return data as Exclude<T, string>;
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
