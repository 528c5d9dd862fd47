import { strict as assert } from 'node:assert';
import {
  GatewayClient,
  type GatewayConfig,
  GatewayHttpError,
  GatewayNetworkError,
  GatewayRateLimitedError,
  GatewayRejectedError,
  GatewayTimeoutError,
  parseCallback,
  transactionError,
} from '../../../src/gateway/index.js';
import { BODY_HASH_ALGORITHMS, CONTENT_TYPE_JSON, verify } from '../../../src/gateway/signature.js';
import {
  AMOUNT_TRIGGER_CODES,
  type Simulator,
  SIMULATOR_DEFAULTS,
  type SimulatorOptions,
  startSimulator,
  TEST_CARDS,
} from '../../../src/simulator/index.js';
import { CallbackReceiver } from '../simulator/support.js';

let n = 0;
const id = (prefix = 'gc'): string => `${prefix}-${Date.now().toString(36)}-${++n}`;

describe('GatewayClient against the simulator over loopback', () => {
  let sim: Simulator;
  let client: GatewayClient;

  const start = async (
    options: SimulatorOptions = {},
    config: Partial<GatewayConfig> = {},
  ): Promise<void> => {
    sim = await startSimulator({
      pendingCompleteAfterMs: 'manual',
      callbackRetry: { initialMs: 20, maxMs: 100, maxAttempts: 5 },
      ...options,
    });
    client = new GatewayClient({
      baseUrl: sim.url,
      apiKey: SIMULATOR_DEFAULTS.apiKey,
      username: SIMULATOR_DEFAULTS.username,
      password: SIMULATOR_DEFAULTS.password,
      getRetries: 0,
      ...config,
    });
  };
  const debit = (extra: Record<string, unknown> = {}) =>
    client.debit({
      merchantTransactionId: id(),
      amount: 999,
      currency: 'EUR',
      transactionToken: 'ix::test-visa',
      ...extra,
    });
  const rejectedWith = (code: number) => (error: unknown) =>
    error instanceof GatewayRejectedError && error.code === code;

  afterEach(async () => sim?.stop());

  describe('auth and signatures', () => {
    it('debits with signed requests, SHA-512 and MD5 body hashes, plain and hashed passwords', async () => {
      await start({ requireSignature: true }, { sharedSecret: SIMULATOR_DEFAULTS.sharedSecret });
      assert.equal((await debit()).returnType, 'FINISHED');
      for (const config of [{ bodyHash: 'md5' as const }, { passwordMode: 'hashed' as const }]) {
        const other = new GatewayClient({
          baseUrl: sim.url,
          ...SIMULATOR_DEFAULTS,
          ...config,
        });
        const r = await other.debit({
          merchantTransactionId: id(),
          amount: 100,
          currency: 'EUR',
          transactionToken: 'ix::test-visa',
        });
        assert.equal(r.success, true);
      }
    });

    it('surfaces a wrong secret as 1004 and a wrong password as 1007, neither retryable', async () => {
      await start({ requireSignature: true }, { sharedSecret: 'wrong' });
      await assert.rejects(debit(), (e) => rejectedWith(1004)(e) && !(e as GatewayRejectedError).retryable);
      const badPassword = new GatewayClient({ baseUrl: sim.url, ...SIMULATOR_DEFAULTS, password: 'nope' });
      await assert.rejects(badPassword.getByUuid('ffffffffffffffffffff'), rejectedWith(1007));
    });
  });

  describe('transactions', () => {
    beforeEach(async () => start());

    it('answers a repeated merchantTransactionId with 3004 (look it up)', async () => {
      const merchantTransactionId = id();
      await debit({ merchantTransactionId });
      await assert.rejects(
        debit({ merchantTransactionId }),
        (e) => rejectedWith(3004)(e) && (e as GatewayRejectedError).classification.retry === 'lookup',
      );
      assert.equal(sim.ledger.entriesFor(merchantTransactionId).length, 1);
    });

    it('refuses an unknown payment token as 1002', async () => {
      await assert.rejects(debit({ transactionToken: 'pt::00000000000000000000' }), rejectedWith(1002));
    });

    for (const card of TEST_CARDS) {
      it(`reports the ${card.description} card through the typed response`, async () => {
        const r = await client.debit({
          merchantTransactionId: id(),
          amount: 500,
          currency: 'EUR',
          cardData: {
            cardHolder: 'A B',
            pan: card.pan,
            cvv: '123',
            expirationMonth: 12,
            expirationYear: 2035,
          },
        });
        if (card.behavior.startsWith('error:')) {
          assert.equal(r.returnType, 'ERROR');
          assert.equal(transactionError(r)?.code, Number(card.behavior.slice(6)));
          assert.equal(transactionError(r)?.uuid, r.uuid);
        } else {
          assert.equal(
            r.returnType,
            ({ success: 'FINISHED', pending: 'PENDING', '3ds': 'REDIRECT' } as Record<string, string>)[
              card.behavior
            ],
          );
        }
      });
    }

    for (const code of AMOUNT_TRIGGER_CODES) {
      it(`declines ${code} minor units with code ${code}`, async () => {
        const r = await debit({ amount: code });
        assert.equal(transactionError(r)?.code, code);
      });
    }

    it('follows PENDING and REDIRECT to their end through status lookups', async () => {
      const pending = await debit({ amount: 7777 });
      assert.equal(pending.returnType, 'PENDING');
      sim.completePending(pending.uuid);
      const p = await client.getByUuid(pending.uuid);
      assert.ok(p.found && p.status.transactionStatus === 'SUCCESS' && p.status.amount === 7777);
      const redirect = await debit({ amount: 3333 });
      assert.match(redirect.redirectUrl ?? '', /\/simulator\/3ds\//);
      sim.completeRedirect(redirect.uuid, 'fail');
      const r = await client.getByUuid(redirect.uuid);
      assert.ok(r.found && r.status.errors?.[0]?.errorCode === 2021);
    });

    it('looks transactions up by merchantTransactionId and reports unknown ones as not found', async () => {
      const merchantTransactionId = id();
      const d = await debit({ merchantTransactionId });
      const found = await client.getByMerchantTransactionId(merchantTransactionId);
      assert.ok(found.found && found.status.uuid === d.uuid && found.status.transactionType === 'DEBIT');
      const missing = await client.getByMerchantTransactionId('never-sent');
      assert.deepEqual(missing, { found: false, errorCode: 8001, errorMessage: 'Transaction not found' });
    });

    it('preauthorizes, increments, captures, refunds and voids with the gateway rules', async () => {
      const auth = await client.preauthorize({
        merchantTransactionId: id(),
        amount: 1000,
        currency: 'EUR',
        transactionToken: 'ix::test-visa',
      });
      const inc = await client.incrementalAuthorization({
        merchantTransactionId: id(),
        referenceUuid: auth.uuid,
        amount: 500,
        currency: 'EUR',
      });
      assert.equal(inc.returnType, 'FINISHED');
      const cap = await client.capture({
        merchantTransactionId: id(),
        referenceUuid: auth.uuid,
        amount: 1500,
        currency: 'EUR',
      });
      assert.equal(cap.returnType, 'FINISHED');
      const over = await client.refund({
        merchantTransactionId: id(),
        referenceUuid: cap.uuid,
        amount: 1501,
        currency: 'EUR',
      });
      assert.equal(transactionError(over)?.code, 1006);
      const refund = await client.refund({
        merchantTransactionId: id(),
        referenceUuid: cap.uuid,
        amount: 1500,
        currency: 'EUR',
      });
      assert.equal(refund.returnType, 'FINISHED');
      const other = await client.preauthorize({
        merchantTransactionId: id(),
        amount: 1000,
        currency: 'EUR',
        transactionToken: 'ix::test-visa',
      });
      assert.equal(
        (await client.void({ merchantTransactionId: id(), referenceUuid: other.uuid })).returnType,
        'FINISHED',
      );
      const late = await client.capture({
        merchantTransactionId: id(),
        referenceUuid: other.uuid,
        amount: 100,
        currency: 'EUR',
      });
      assert.equal(transactionError(late)?.code, 1006);
    });

    it('registers, charges the stored token, manages the profile and deregisters', async () => {
      const reg = await client.register({
        merchantTransactionId: id(),
        transactionToken: 'ix::test-mastercard',
        customerProfileData: { customerIdentification: 'gc-cust' },
      });
      const token = reg.customerProfileData?.paymentToken;
      assert.ok(token);
      const charge = await debit({
        transactionToken: token,
        transactionIndicator: 'CARDONFILE-MERCHANT-INITIATED',
      });
      assert.equal(charge.customerProfileData?.paymentToken, token);
      const profile = await client.getProfile({ customerIdentification: 'gc-cust' });
      assert.equal(profile.profileExists, true);
      assert.equal(profile.paymentInstruments?.[0]?.paymentToken, token);
      const updated = await client.updateProfile({
        customerIdentification: 'gc-cust',
        customerData: { email: 'x@example.org' },
        preferredInstrument: token,
      });
      assert.deepEqual(updated.changedFields, ['email']);
      assert.equal(
        (await client.deregister({ merchantTransactionId: id(), transactionToken: token })).returnType,
        'FINISHED',
      );
      assert.equal(
        (await client.getProfile({ customerIdentification: 'gc-cust' })).paymentInstruments?.length,
        0,
      );
      assert.equal((await client.deleteProfile({ customerIdentification: 'gc-cust' })).success, true);
      assert.equal((await client.getProfile({ customerIdentification: 'gc-cust' })).profileExists, false);
      await assert.rejects(client.deleteProfile({ customerIdentification: 'gc-cust' }), rejectedWith(1002));
    });

    it('pays out', async () => {
      const r = await client.payout({
        merchantTransactionId: id(),
        amount: 100,
        currency: 'EUR',
        transactionToken: 'ix::test-visa',
      });
      assert.equal(r.returnType, 'FINISHED');
    });
  });

  describe('faults', () => {
    beforeEach(async () => start({}, { timeoutMs: 300 }));

    it('turns a 5xx on a POST into a retryable HttpError with unknown outcome; nothing was committed', async () => {
      sim.faults.script([{ fault: '5xx', status: 503 }]);
      await assert.rejects(debit(), (e) => e instanceof GatewayHttpError && e.retryable && e.outcomeUnknown);
      assert.equal(sim.ledger.size, 0);
    });

    it('turns 429 into RateLimitedError with Retry-After', async () => {
      sim.faults.script([{ fault: '429', retryAfterSeconds: 3 }]);
      await assert.rejects(debit(), (e) => e instanceof GatewayRateLimitedError && e.retryAfterMs === 3000);
    });

    it('retries a status lookup through a 5xx', async () => {
      const d = await debit();
      const retrying = new GatewayClient({ baseUrl: sim.url, ...SIMULATOR_DEFAULTS, getRetries: 2 });
      sim.faults.script([{ fault: '5xx', operation: 'status', status: 502 }]);
      const r = await retrying.getByUuid(d.uuid);
      assert.ok(r.found);
    });

    it('reports a dropped connection after commit as outcome unknown; the lookup finds the transaction', async () => {
      sim.faults.script([{ fault: 'ambiguous-destroy' }]);
      const merchantTransactionId = id();
      await assert.rejects(
        debit({ merchantTransactionId }),
        (e) => e instanceof GatewayNetworkError && e.outcomeUnknown,
      );
      const r = await client.getByMerchantTransactionId(merchantTransactionId);
      assert.ok(r.found && r.status.transactionStatus === 'SUCCESS');
    });

    it('reports a held response as a timeout with outcome unknown', async () => {
      sim.faults.script([{ fault: 'ambiguous-hang' }]);
      await assert.rejects(debit(), (e) => e instanceof GatewayTimeoutError && e.outcomeUnknown);
      assert.equal(sim.ledger.size, 1);
    });

    it('reports a 504 after commit as outcome unknown', async () => {
      sim.faults.script([{ fault: 'ambiguous-504' }]);
      await assert.rejects(
        debit(),
        (e) => e instanceof GatewayHttpError && e.httpStatus === 504 && e.outcomeUnknown,
      );
      assert.equal(sim.ledger.size, 1);
    });

    it('times out on latency beyond the client timeout', async () => {
      sim.faults.script([{ fault: 'latency', delayMs: 600 }]);
      await assert.rejects(debit(), (e) => e instanceof GatewayTimeoutError);
    });
  });

  describe('callbacks', () => {
    let receiver: CallbackReceiver;
    beforeEach(async () => {
      receiver = await new CallbackReceiver().start();
      await start();
    });
    afterEach(async () => receiver.stop());

    it('delivers callbacks the client verifies and parses, through drop, duplicate, delay and out-of-order faults', async () => {
      sim.faults.script([{ fault: 'callback-drop' }, { fault: 'callback-duplicate' }]);
      const a = await debit({ callbackUrl: `${receiver.url}/cb?x=1` });
      const b = await debit({ callbackUrl: `${receiver.url}/cb?x=1`, amount: 2006 });
      sim.faults.script([{ fault: 'callback-out-of-order' }]);
      const c = await debit({ callbackUrl: `${receiver.url}/cb?x=1`, amount: 7777 });
      sim.completePending(c.uuid);
      await sim.flushCallbacks();
      for (const cb of receiver.received) {
        const header = (name: string) => cb.headers[name] as string | undefined;
        const ok = verify(
          {
            method: 'POST',
            body: cb.body,
            contentType: header('content-type') ?? CONTENT_TYPE_JSON,
            date: header('date'),
            requestUri: cb.path,
            signature: header('x-signature'),
          },
          {
            secrets: [SIMULATOR_DEFAULTS.sharedSecret],
            algorithms: BODY_HASH_ALGORITHMS,
            toleranceSeconds: 300,
          },
        );
        assert.ok(ok.ok);
        parseCallback(cb.body);
      }
      assert.equal(receiver.for(a.uuid).length, 1);
      const bCallbacks = receiver.for(b.uuid).map((cb) => parseCallback(cb.body));
      assert.equal(bCallbacks.length, 2);
      assert.equal(bCallbacks[0]?.errorCode, 2006);
      assert.equal(bCallbacks[0]?.amount, 2006);
      assert.deepEqual(
        receiver.for(c.uuid).map((cb) => parseCallback(cb.body).result),
        ['OK', 'PENDING'],
      );
    });
  });
});
