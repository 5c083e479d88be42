import * as net from 'node:net';
import { startTestApp, type TestApp } from './support/app';

/**
 * One persistent HTTP/1.1 connection, as a load balancer keeps to its
 * targets: a request, an idle gap, another request on the same socket.
 */
class Connection {
  private readonly socket: net.Socket;
  private buffer = '';
  closedAt?: number;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (d: Buffer) => (this.buffer += d.toString('latin1')));
    this.socket.on('close', () => (this.closedAt ??= Date.now()));
    this.socket.on('error', () => (this.closedAt ??= Date.now()));
  }

  /** GET /health/live on this connection; resolves with the status, rejects if the server closed or reset it. */
  async get(): Promise<number> {
    if (this.closedAt) throw new Error('connection closed by the server while idle');
    this.buffer = '';
    this.socket.write('GET /health/live HTTP/1.1\r\nHost: vault\r\nConnection: keep-alive\r\n\r\n');
    const deadline = Date.now() + 10_000;
    for (;;) {
      const m = /^HTTP\/1\.1 (\d{3})[\s\S]*?\r\ncontent-length: (\d+)\r\n[\s\S]*?\r\n\r\n/i.exec(this.buffer);
      if (m && this.buffer.length >= this.buffer.indexOf('\r\n\r\n') + 4 + Number(m[2])) return Number(m[1]);
      if (this.closedAt) throw new Error('connection closed by the server during the request');
      if (Date.now() > deadline) throw new Error('no answer');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

const idle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Gaps of 12 s and 61 s (longer than the 60 s idle timeout of AWS ALB and
 * nginx) on connections of their own, run concurrently so the file takes
 * about a minute; a service configured with a 2 s keep-alive is the control
 * that the check notices a server-side close.
 */
describe('HTTP keep-alive behind a load balancer', () => {
  let t: TestApp;
  let short: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    short = await startTestApp({ HTTP_KEEP_ALIVE_TIMEOUT: '2s', HTTP_REQUEST_TIMEOUT: '90s' });
  });
  afterAll(async () => {
    await short.close();
    await t.close();
  });

  it('defaults to 75 s keep-alive, 76 s header and 1 h request timeouts (not the 300 s Node picks, which cuts long uploads)', () => {
    type Timeouts = { keepAliveTimeout: number; headersTimeout: number; requestTimeout: number };
    const server = t.app.getHttpServer() as Timeouts;
    expect([server.keepAliveTimeout, server.headersTimeout, server.requestTimeout]).toEqual([
      75_000, 76_000, 3_600_000,
    ]);
    expect((short.app.getHttpServer() as Timeouts).requestTimeout).toBe(90_000);
  });

  it('keeps a connection reused after 12 s and after 61 s idle, and the check sees a 2 s keep-alive close it', async () => {
    const port = (server: TestApp) => (server.app.getHttpServer() as net.Server).address() as net.AddressInfo;
    const reuseAfter = async (app: TestApp, gapMs: number) => {
      const c = new Connection(port(app).port);
      try {
        expect(await c.get()).toBe(200);
        await idle(gapMs);
        return await c.get();
      } finally {
        c.close();
      }
    };
    const [afterTwelve, afterSixtyOne, control] = await Promise.all([
      reuseAfter(t, 12_000),
      reuseAfter(t, 61_000),
      reuseAfter(short, 3_000).then(
        () => 'still open',
        (e: unknown) => (e as Error).message,
      ),
    ]);
    expect(afterTwelve).toBe(200);
    expect(afterSixtyOne).toBe(200);
    expect(control).toBe('connection closed by the server while idle');
  }, 90_000);
});
