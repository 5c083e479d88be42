import { timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AppConfig } from '../../config/config';
import type { Metrics } from './metrics';

export interface MetricsListener {
  port: number;
  close(): Promise<void>;
}

/**
 * `GET /metrics` on its own port (METRICS_PORT), apart from the API: the API
 * port faces clients through the balancer, this one only the scraper, and a
 * worker (no API) is scraped the same way. With METRICS_TOKEN, a scrape must
 * send it as a bearer token.
 */
/** The listener METRICS_PORT asks for, or none. */
export async function serveMetrics(config: AppConfig, metrics: Metrics): Promise<MetricsListener | undefined> {
  const { port, host, token } = config.metrics;
  return port === undefined ? undefined : startMetricsServer(metrics, { port, host, token });
}

export function startMetricsServer(
  metrics: Metrics,
  opts: { port: number; host: string; token?: string },
): Promise<MetricsListener> {
  const expected = opts.token ? Buffer.from(`Bearer ${opts.token}`) : undefined;
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const given = Buffer.from(req.headers.authorization ?? '');
    if (expected && !(given.length === expected.length && timingSafeEqual(given, expected))) {
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
      return;
    }
    metrics.scrape().then(
      (text) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : opts.port,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
