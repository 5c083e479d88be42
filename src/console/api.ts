import { currentToken } from './session';

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

type Query = Record<string, string | number | undefined | null | false>;

let onUnauthenticated: (e: ApiError) => void = () => undefined;

/** Called when the API no longer accepts the token (expired or revoked), so the app can ask to sign in again. */
export function whenUnauthenticated(handler: (e: ApiError) => void): void {
  onUnauthenticated = handler;
}

export function withQuery(path: string, query: Query = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== false && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function send(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const token = init.token ?? currentToken();
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The service could not be reached', null);
  }
  if (res.ok) return res;
  const requestId = res.headers.get('X-Request-Id');
  let body: { code?: string; message?: string; correlationId?: string } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not our error shape (a proxy, say): the status is all there is.
  }
  const error = new ApiError(
    res.status,
    body.code ?? `HTTP_${res.status}`,
    body.message ?? res.statusText,
    body.correlationId ?? requestId,
  );
  if (res.status === 401 && !init.token) onUnauthenticated(error);
  throw error;
}

export async function getJson<T>(path: string, query?: Query, token?: string): Promise<T> {
  return (await send(withQuery(path, query), { token })).json() as Promise<T>;
}

export async function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown): Promise<T> {
  return (await send(path, { method, body: JSON.stringify(body) })).json() as Promise<T>;
}

/** Fetches with the bearer token and hands the browser a file, since a plain link cannot carry the header. */
export async function download(path: string, filename: string, init: RequestInit = {}): Promise<void> {
  const blob = await (await send(path, init)).blob();
  saveBlob(blob, filename);
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
