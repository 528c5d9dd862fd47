import { strict as assert } from 'node:assert';
import { formatReport, runSoak } from './soak.js';

describe('chaos soak (short): charges and a billing run under SIGKILLs and gateway faults', function () {
  this.timeout(900_000);

  it('keeps every invariant at 0 against the simulator ledger', async () => {
    const report = await runSoak({ n: 100, subscriptions: 100, log: () => undefined });
    console.log(formatReport(report));
    for (const invariant of report.invariants) {
      assert.equal(invariant.count, 0, `${invariant.name}: ${invariant.examples.join(', ')}`);
    }
    assert.ok(report.kills.workers >= 1, 'workers were killed');
    assert.equal(report.kills.server, 2, 'the server was killed and restarted twice');
    assert.ok(report.kills.webhook >= 1, 'the webhook was killed');
  });
});
