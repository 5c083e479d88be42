import { configOrExit, exitOnStartupFailure } from './process';
import { startTracingIfConfigured } from './tracing.start';

/**
 * Job worker without an HTTP listener: scale processing separately from the
 * API by running API instances with WORKER_ENABLED=false and any number of
 * these. Same code, same configuration.
 */
const config = configOrExit({ ...process.env, WORKER_ENABLED: 'true' });
const tracing = startTracingIfConfigured(config, 'worker');
import('./worker.process')
  .then(({ runWorker }) => runWorker(config, tracing))
  .catch(exitOnStartupFailure('worker start-up'));
