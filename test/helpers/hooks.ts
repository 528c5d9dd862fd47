import { stopTemporal } from './temporal.js';

/** Mocha root hooks: the shared dev server is stopped once every suite is done. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopTemporal();
  },
};
