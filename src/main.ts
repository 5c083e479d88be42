import { configOrExit, exitOnStartupFailure } from './process';
import { startTracingIfConfigured } from './tracing.start';

// Tracing (when configured) must be in place before the code it instruments is required.
const config = configOrExit();
const tracing = startTracingIfConfigured(config, 'api');
import('./api.process').then(({ runApi }) => runApi(config, tracing)).catch(exitOnStartupFailure('start-up'));
