import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from './config/config';

/**
 * The OpenTelemetry SDK, loaded only when OTEL_EXPORTER_OTLP_ENDPOINT is set
 * (see tracing.start.ts) and before anything it instruments is required:
 * HTTP in and out, S3 and KMS (AWS SDK), SQL (pg). Pipeline jobs carry the
 * trace context of whoever queued them (see JobService), so an upload and its
 * processing are one trace. Spans go to an OTLP/HTTP collector as JSON.
 */
export function startTracing(config: AppConfig, role: 'api' | 'worker'): { shutdown(): Promise<void> } {
  const endpoint = config.tracing.endpoint as string;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': config.tracing.serviceName,
      'service.instance.role': role,
    }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }),
        scheduledDelayMillis: 1000,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are not worth a trace; outgoing calls only inside one (the queue's polling is not).
        ignoreIncomingRequestHook: (req: IncomingMessage) => /^\/(health|metrics)/.test(req.url ?? ''),
        requireParentforOutgoingSpans: true,
        // Query strings can carry playback tokens; headers carry keys. Neither goes into a span.
        headersToSpanAttributes: { server: { requestHeaders: [], responseHeaders: [] } },
      }),
      new AwsInstrumentation({ suppressInternalInstrumentation: true }),
      // Only SQL inside a traced request or job: pg-boss polls every second.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });
  return { shutdown: () => provider.shutdown() };
}
