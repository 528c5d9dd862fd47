import { installRuntime } from '../../src/observability/runtime.js';
import { metricsBindAddress, testLogger } from './observability.js';
import { stopTemporal } from './temporal.js';

// Tests run in development mode (the simulator, published keys, loopback): set explicitly, never guessed.
process.env['APP_MODE'] = 'development';

// The JSON logger (tests capture its lines; only errors are printed) and the worker metrics on a free port.
installRuntime({ logger: testLogger, metricsBindAddress });

/** Mocha root hooks: the shared dev server is stopped once every suite is done. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopTemporal();
  },
};
