/**
 * `npm run chaos -- --n 1000 [--subscriptions 1000] [--workers 2] [--kill-every-ms 4000] [--seed 7]`: the chaos
 * soak with its invariants table. Exits 1 when any invariant is not 0.
 */
import { parseArgs } from 'node:util';
import { formatReport, runSoak, SOAK_DEFAULTS } from './soak.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string' },
    subscriptions: { type: 'string' },
    workers: { type: 'string' },
    'kill-every-ms': { type: 'string' },
    'server-kills': { type: 'string' },
    'webhook-kills': { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(
    'Usage: npm run chaos -- [--n 1000] [--subscriptions N] [--workers 2] [--kill-every-ms 4000] [--seed 7]',
  );
  process.exit(0);
}
const num = (v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`not a whole number: ${v}`);
    process.exit(2);
  }
  return n;
};
const n = num(values.n, SOAK_DEFAULTS.n);
const report = await runSoak({
  n,
  subscriptions: num(values.subscriptions, n),
  workers: num(values.workers, SOAK_DEFAULTS.workers),
  killEveryMs: num(values['kill-every-ms'], SOAK_DEFAULTS.killEveryMs),
  serverKills: num(values['server-kills'], SOAK_DEFAULTS.serverKills),
  webhookKills: num(values['webhook-kills'], SOAK_DEFAULTS.webhookKills),
  seed: num(values.seed, SOAK_DEFAULTS.seed),
  log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
});
console.log(`\n${formatReport(report)}`);
process.exit(report.invariants.every((i) => i.count === 0) ? 0 : 1);
