import { DynamicModule, Global, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Metrics } from '../modules/metrics/metrics';
import type { ServiceEndpoints } from './service-endpoints';
import type { AppConfig } from './config';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const SERVICES = Symbol('SERVICES');

export interface Runtime {
  config: AppConfig;
  services: ServiceEndpoints;
  dataSource: DataSource;
  metrics: Metrics;
}

/**
 * Hands the already-validated config and resolved endpoints to every module.
 * The open data source reaches Nest through TypeOrmModule (see AppModule).
 */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: RuntimeModule,
      providers: [
        { provide: APP_CONFIG, useValue: runtime.config },
        { provide: SERVICES, useValue: runtime.services },
      ],
      exports: [APP_CONFIG, SERVICES],
    };
  }
}
