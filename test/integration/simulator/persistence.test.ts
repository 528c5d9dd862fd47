/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- these tests read the raw wire JSON on purpose, untyped like a foreign client would */
import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, SimulatorEventError } from '../../../src/simulator/index.js';
import { debitBody, profile, sim, transaction } from './support.js';

describe('simulator persistence', () => {
  let dir: string;
  let s: Simulator | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixopay-sim-'));
  });
  afterEach(async () => {
    await s?.stop();
    s = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps transactions, profiles, tokens and the ledger across a restart', async () => {
    const stateFile = join(dir, 'state.json');
    s = await sim({ stateFile });
    const body = debitBody({ withRegister: true, customerProfileData: { customerIdentification: 'cust-p' } });
    const first = await transaction(s, 'debit', body);
    const tokenized = s.tokenize({
      pan: '5555555555554444',
      cardHolder: 'P',
      expirationMonth: 1,
      expirationYear: 2033,
    });
    const pending = await transaction(s, 'debit', debitBody({ amount: '77.77' }));
    const before = s.ledger.committed();
    await s.stop();
    const files = await readdir(dir);
    assert.deepEqual(files, ['state.json'], 'atomic write leaves no temp file');
    assert.ok(!(await readFile(stateFile, 'utf8')).includes('4111111111111111'));

    s = await sim({ stateFile });
    assert.deepEqual(s.ledger.committed(), before);
    assert.equal((await transaction(s, 'debit', body)).json.errorCode, 3004);
    const p = await profile(s, 'getProfile', { customerIdentification: 'cust-p' });
    assert.equal(p.json.paymentInstruments[0].paymentToken, first.json.customerProfileData.paymentToken);
    const again = await transaction(
      s,
      'debit',
      debitBody({ transactionToken: first.json.customerProfileData.paymentToken }),
    );
    assert.equal(again.json.returnType, 'FINISHED');
    assert.equal(
      (await transaction(s, 'debit', debitBody({ transactionToken: tokenized }))).json.returnData.type,
      'mastercard',
    );
    s.completePending(pending.json.uuid);
    assert.equal(s.ledger.get(pending.json.uuid)?.status, 'SUCCESS');
  });

  it('keeps after-the-fact events and unsettled late settles across a restart', async () => {
    const stateFile = join(dir, 'state.json');
    s = await sim({ stateFile });
    const charged = await transaction(s, 'debit', debitBody({ merchantTransactionId: 'c.p1.d1' }));
    const cb = s.events.chargeback({ uuid: charged.json.uuid as string });
    s.faults.script([{ fault: 'late-settle', reply: 'pending', settleAfterMs: 3_600_000 }]);
    const late = await transaction(s, 'debit', debitBody({ merchantTransactionId: 'c.p2.d1' }));
    await s.stop();

    s = await sim({ stateFile });
    assert.equal(s.ledger.get(cb.uuid)?.originalUuid, charged.json.uuid);
    // The restored chargeback still counts: nothing is left to charge back.
    assert.throws(
      () => s?.events.chargeback({ uuid: charged.json.uuid as string }),
      (e: unknown) => e instanceof SimulatorEventError && e.reason === 'amount-exceeds',
    );
    assert.equal(s.ledger.get(late.json.uuid)?.charged, false);
    s.events.settleLate({ uuid: late.json.uuid as string });
    assert.equal(s.ledger.get(late.json.uuid)?.charged, true);
  });

  it('writes within the debounce window, not per request', async () => {
    const stateFile = join(dir, 'state.json');
    s = await sim({ stateFile, persistDebounceMs: 50 });
    for (let i = 0; i < 20; i++) await transaction(s, 'debit', debitBody());
    await new Promise((done) => setTimeout(done, 150));
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { transactions: unknown[] };
    assert.equal(saved.transactions.length, 20);
  });
});
