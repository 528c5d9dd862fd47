// The CLI from its sources, started as bin/ixopay-temporal.js starts them in a checkout (tsx registered, then the
// entry imported): the tests check this code, never a dist/ that an earlier build may have left behind.
const { register } = await import('tsx/esm/api');
register();
await import('../../src/cli/main.ts');
