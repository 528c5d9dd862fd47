/**
 * `npm run chaos -- --n 1000 [options]` (see SOAK_USAGE): the chaos soak with its invariants table. Exits 1 when
 * any invariant is not 0, 2 on a command line it cannot run.
 */
import { parseArgs } from 'node:util';
import { formatReport, runSoak, SOAK_DEFAULTS } from './soak.js';

const SOAK_USAGE = `Usage: npm run chaos -- [options]

  --n ${SOAK_DEFAULTS.n}              direct charges
  --subscriptions N     subscriptions in the billing run (default: n)
  --workers ${SOAK_DEFAULTS.workers}           worker processes
  --kill-every-ms ${SOAK_DEFAULTS.killEveryMs}  a worker is SIGKILLed (and restarted) this often
  --server-kills ${SOAK_DEFAULTS.serverKills}      Temporal server SIGKILLs + restarts during the direct charges
  --webhook-kills ${SOAK_DEFAULTS.webhookKills}     webhook SIGKILLs + restarts
  --seed ${SOAK_DEFAULTS.seed}              the simulator's fault seed
  --help                this text`;

function parse() {
  try {
    return parseArgs({
      strict: true,
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
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${SOAK_USAGE}`);
    process.exit(2);
  }
}
const values = parse();
if (values.help) {
  console.log(SOAK_USAGE);
  process.exit(0);
}
const num = (v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`not a whole number: ${v}\n\n${SOAK_USAGE}`);
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
