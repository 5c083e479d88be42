import pino, { type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from '../config/config';
import { maskLogLine } from './log-masking';

/**
 * The pino options every logger of the process shares. `pretty` formats in a
 * worker thread through pino-pretty, loaded only then; `json` writes one
 * object a line to stdout, as collectors expect. Either way each line is
 * masked as it is written (log-masking.ts): card numbers and credentials in
 * any field, whichever logger, serializer or library put them there.
 */
export function logOptions(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): LoggerOptions {
  return {
    level: config.logLevel,
    hooks: { streamWrite: maskLogLine },
    ...(config.logFormat === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true },
          },
        }
      : {}),
  };
}

export function processLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>, context: string): Logger {
  return pino({ ...logOptions(config), base: { context } });
}
