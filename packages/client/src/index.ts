import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import { OPERATIONS } from './operations';
import type { components, paths } from './schema';

export type { components, operations, paths } from './schema';
export { OPERATIONS } from './operations';

/** Every named schema of the API: `Schemas['RecordingSummary']`, `Schemas['Error']`, … */
export type Schemas = components['schemas'];
export type ApiErrorBody = Schemas['Error'];
export type Role = 'ingest' | 'qa' | 'legal' | 'admin' | 'auditor';
export type Operation = keyof typeof OPERATIONS;
export type VaultClient = Client<paths>;

export interface VaultClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Where the vault answers, e.g. `https://vault.example.com` (empty: same origin, for the console). */
  baseUrl?: string;
  /** An API key (`crv_…`) or an OIDC access token; a function is asked before every request. */
  token?: string | (() => string | null | undefined);
}

/**
 * A typed client for every route of the vault: paths, parameters, bodies and
 * responses are checked at compile time against the OpenAPI document.
 *
 *   const vault = createVaultClient({ baseUrl, token });
 *   const { data, error } = await vault.GET('/v1/recordings/{id}', { params: { path: { id } } });
 */
export function createVaultClient(opts: VaultClientOptions = {}): VaultClient {
  const { token, baseUrl = '', ...rest } = opts;
  const client = createClient<paths>({ baseUrl, ...rest });
  if (token !== undefined) {
    const auth: Middleware = {
      onRequest({ request }) {
        const t = typeof token === 'function' ? token() : token;
        if (t && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${t}`);
        return request;
      },
    };
    client.use(auth);
  }
  return client;
}

export type UploadParts = paths['/v1/recordings']['post']['requestBody']['content']['multipart/form-data'];

/**
 * The upload's multipart body, in the order the vault requires: `metadata`
 * first (as an `application/json` part), then `audio`, which the vault streams
 * through encryption as it arrives. Pass it as `bodySerializer` with
 * `body: { metadata, audio }`.
 */
export function uploadForm(parts: UploadParts): FormData {
  const form = new FormData();
  form.append('metadata', new Blob([JSON.stringify(parts.metadata)], { type: 'application/json' }), 'metadata.json');
  form.append('audio', parts.audio, parts.audio instanceof File ? parts.audio.name : 'audio');
  return form;
}

/** Whether `role` may call `operation` ("GET /v1/recordings"): the API's own permission table, from the document. */
export function roleMayCall(role: Role, operation: Operation): boolean {
  const op = OPERATIONS[operation];
  return op.permission === 'public' || (op.roles as readonly string[]).includes(role);
}

/** Any event the vault posts to a webhook (the OpenAPI document's `webhooks`); switch on `type`. */
export type WebhookEvent = Schemas[Extract<keyof Schemas, `WebhookEvent_${string}`>];
export type WebhookEventType = WebhookEvent['type'];
// verifyWebhook is in '@call-recording-vault/client/webhooks', so a browser bundle of the client never carries the signing library.
