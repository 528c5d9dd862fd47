// Mocha options for `npm run test:cluster`: the project's .mocharc.json with only the suites that need a
// Temporal server (mocha appends positional spec arguments to the config's spec instead of replacing it).
const base = require('../../.mocharc.json');

module.exports = { ...base, spec: ['test/e2e/**/*.test.ts', 'test/chaos/**/*.test.ts'] };
