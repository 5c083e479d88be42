import { DynamicModule, Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** The process's one `Metrics`, made before Nest (the pool and clients report to it), injectable everywhere. */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(metrics: Metrics): DynamicModule {
    return { module: MetricsModule, providers: [{ provide: Metrics, useValue: metrics }], exports: [Metrics] };
  }
}
