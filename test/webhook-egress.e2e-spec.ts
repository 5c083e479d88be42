import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EgressRefusedError } from '../src/common/egress/egress-policy';
import { WebhookSender } from '../src/modules/webhooks/webhook.sender';
import { KmsService } from '../src/modules/crypto/kms.service';
import { TenantRepository } from '../src/modules/tenants/tenant.repository';
import { startTestApp, type TestApp } from './support/app';
import { upload } from './support/upload';
import { makeCall } from './fixtures/call';

/** Issue 12: a tenant admin could point the webhook at the vault's own network and the vault POSTed there. */
describe('webhook egress policy', () => {
  let t: TestApp;
  let admin: string;
  let server: http.Server;
  let port: number;
  const hits: string[] = [];
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_ENABLED: 'false' });
    await t.tenant('acme');
    admin = (await t.apiKey('acme', 'admin')).key;
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  it.each([
    () => `http://127.0.0.1:${port}/hook`,
    () => `https://127.0.0.1:${port}/hook`,
    () => 'https://169.254.169.254/latest/meta-data/iam/',
    () => 'https://[::1]/hook',
    () => 'https://[::ffff:127.0.0.1]/hook',
    () => 'https://2130706433/hook',
    () => 'https://0x7f000001/hook',
    () => 'https://0177.0.0.1/hook',
    () => 'https://10.0.0.8/hook',
    () => 'https://100.64.0.1/hook',
    () => 'https://[fd00:ec2::254]/',
    () => 'https://localhost/hook',
    () => 'http://hooks.example.com/',
    () => 'ftp://hooks.example.com/',
  ])('refuses the target %# at configuration time with 400 WEBHOOK_URL_REFUSED', async (url) => {
    const res = await t.http().put('/v1/tenants/current/webhook').set(bearer(admin)).send({ url: url() });
    expect([res.status, res.body.code]).toEqual([400, 'WEBHOOK_URL_REFUSED']);
    expect(res.body.message).toMatch(/^url: /);
    const [row] = await t.runtime.dataSource.query(`SELECT webhook_url FROM tenants WHERE name = 'acme'`);
    expect(row.webhook_url).toBeNull();
  });

  it('never connects to an internal target stored before the policy (checked at every delivery)', async () => {
    const tenant = await t.runtime.dataSource.query(`SELECT id FROM tenants WHERE name = 'acme'`);
    const tenantId = tenant[0].id as string;
    const secretWrapped = await t.app
      .get(KmsService)
      .encrypt(Buffer.from('whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0'), { tenant: tenantId, purpose: 'webhook' });
    await t.app.get(TenantRepository).setWebhook(tenantId, { url: `http://127.0.0.1:${port}/old`, secretWrapped });
    const ingest = (await t.apiKey('acme', 'ingest')).key;
    const call = makeCall({ externalCallId: 'egress-1' });
    const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
    // The upload's `recording.received` went to the outbox for the stored target; sending it is refused.
    const [d] = await t.runtime.dataSource.query(
      `SELECT e.id, e.type, e.created_at, e.payload, d.url FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE e.recording_id = $1`,
      [body.id],
    );
    expect(d.url).toBe(`http://127.0.0.1:${port}/old`);
    const event = {
      eventId: d.id,
      eventType: d.type,
      eventCreatedAt: d.created_at,
      payload: d.payload,
      tenantId,
      url: d.url,
    };
    await expect(t.app.get(WebhookSender).send(event, new Date())).rejects.toBeInstanceOf(EgressRefusedError);
    expect(hits).toEqual([]);
  });
});
