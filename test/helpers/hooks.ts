import { DefaultLogger, Runtime } from '@temporalio/worker';
import { stopTemporal } from './temporal.js';

// Worker state changes and polling notices are noise in test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

/** Mocha root hooks: the shared dev server is stopped once every suite is done. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopTemporal();
  },
};
