import { DefaultLogger, Runtime } from '@temporalio/worker';
import { stopTemporal } from './temporal.js';

// Worker state changes and expected activity failures (chaos tests) are noise in test output; errors still show.
Runtime.install({ logger: new DefaultLogger('ERROR') });

/** Mocha root hooks: the shared dev server is stopped once every suite is done. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopTemporal();
  },
};
