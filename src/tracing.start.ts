import type { AppConfig } from './config/config';

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set; then the SDK is
 * loaded, before the entry point requires the code it instruments. Unset, no
 * OpenTelemetry SDK code is loaded at all (only the no-op API).
 */
export function startTracingIfConfigured(config: AppConfig, role: 'api' | 'worker'): Tracing {
  if (!config.tracing.endpoint) return { shutdown: () => Promise.resolve() };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracing } = require('./tracing') as typeof import('./tracing');
  return startTracing(config, role);
}
