import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ServiceEndpoints } from '../embedded/embedded';
import type { AppConfig } from './config';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const SERVICES = Symbol('SERVICES');

export interface Runtime {
  config: AppConfig;
  services: ServiceEndpoints;
  dataSource: DataSource;
}

/** Hands the already-validated config, resolved endpoints and open data source to every module. */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: RuntimeModule,
      providers: [
        { provide: APP_CONFIG, useValue: runtime.config },
        { provide: SERVICES, useValue: runtime.services },
        { provide: DataSource, useValue: runtime.dataSource },
      ],
      exports: [APP_CONFIG, SERVICES, DataSource],
    };
  }
}
