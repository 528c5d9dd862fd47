/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- these tests read the raw wire JSON on purpose, untyped like a foreign client would */
import { strict as assert } from 'node:assert';
import { debitBody, mtid, profile, transaction, useSimulator } from './support.js';

describe('simulator customer profiles', () => {
  const s = useSimulator();

  const registerDebit = (
    customerIdentification: string,
    token: string,
    extra: Record<string, unknown> = {},
  ) =>
    transaction(
      s,
      'debit',
      debitBody({
        transactionToken: token,
        withRegister: true,
        customerProfileData: { customerIdentification, ...extra },
        customer: { identification: customerIdentification, email: 'a@example.org', billingCountry: 'AT' },
      }),
    );

  it('creates a profile from a withRegister debit and reports it in the response', async () => {
    const r = await registerDebit('cust-1', 'ix::test-visa');
    const link = r.json.customerProfileData;
    assert.match(link.profileGuid, /^CP-([0-9A-F]{4}-){5}[0-9A-F]{4}$/);
    assert.equal(link.customerIdentification, 'cust-1');
    assert.match(link.paymentToken, /^pt::[0-9a-f]{20}$/);
    const p = await profile(s, 'getProfile', { customerIdentification: 'cust-1' });
    assert.equal(p.json.success, true);
    assert.equal(p.json.profileExists, true);
    assert.equal(p.json.profileGuid, link.profileGuid);
    assert.equal(p.json.preferredMethod, 'Creditcard');
    assert.equal(p.json.customer.email, 'a@example.org');
    assert.deepEqual(p.json.paymentInstruments[0].paymentData, {
      _TYPE: 'paymentData.card',
      brand: 'visa',
      cardHolder: 'Test Holder',
      expiryMonth: 12,
      expiryYear: 2035,
      firstSixDigits: '411111',
      lastFourDigits: '1111',
    });
    assert.equal(p.json.paymentInstruments[0].isPreferred, true);
    const byGuid = await profile(s, 'getProfile', { profileGuid: link.profileGuid });
    assert.deepEqual(byGuid.json, p.json);
  });

  it('extends a profile; the first card stays preferred unless markAsPreferred; the same card keeps its token', async () => {
    const first = await registerDebit('cust-2', 'ix::test-visa');
    await registerDebit('cust-2', 'ix::test-mastercard');
    const again = await registerDebit('cust-2', 'ix::test-visa');
    assert.equal(again.json.customerProfileData.paymentToken, first.json.customerProfileData.paymentToken);
    let p = await profile(s, 'getProfile', { customerIdentification: 'cust-2' });
    assert.equal(p.json.paymentInstruments.length, 2);
    assert.deepEqual(
      p.json.paymentInstruments.map((i: { isPreferred: boolean }) => i.isPreferred),
      [true, false],
    );
    await registerDebit('cust-2', 'ix::test-pending', { markAsPreferred: true });
    s.completePending(s.ledger.committed().at(-1)!.uuid);
    p = await profile(s, 'getProfile', { customerIdentification: 'cust-2' });
    assert.equal(p.json.paymentInstruments.length, 3);
    assert.equal(p.json.paymentInstruments[2].isPreferred, true);
    assert.equal(p.json.paymentInstruments[0].isPreferred, false);
  });

  it('creates no profile for a declined or still pending registration', async () => {
    await registerDebit('cust-3', 'ix::test-declined');
    const pending = await registerDebit('cust-3', 'ix::test-pending');
    let p = await profile(s, 'getProfile', { customerIdentification: 'cust-3' });
    assert.deepEqual([p.json.success, p.json.profileExists], [false, false]);
    s.completePending(pending.json.uuid);
    p = await profile(s, 'getProfile', { customerIdentification: 'cust-3' });
    assert.equal(p.json.paymentInstruments.length, 1);
  });

  it('creates the profile when a redirected registration completes', async () => {
    const r = await registerDebit('cust-4', 'ix::test-3ds');
    assert.equal(r.json.customerProfileData, undefined);
    s.completeRedirect(r.json.uuid, 'success');
    const p = await profile(s, 'getProfile', { customerIdentification: 'cust-4' });
    assert.equal(p.json.profileExists, true);
  });

  it('answers an unknown profile with success false and profileExists false (a JSON boolean)', async () => {
    const p = await profile(s, 'getProfile', { profileGuid: 'CP-0000-0000-0000-0000-0000-0000' });
    assert.deepEqual([p.json.success, p.json.profileExists, p.json.errorCode], [false, false, 1002]);
  });

  it('charges a stored instrument by paymentToken and reports the profile link', async () => {
    const reg = await registerDebit('cust-5', 'ix::test-mastercard');
    const token = reg.json.customerProfileData.paymentToken as string;
    const r = await transaction(
      s,
      'debit',
      debitBody({ transactionToken: token, transactionIndicator: 'CARDONFILE-MERCHANT-INITIATED' }),
    );
    assert.equal(r.json.returnType, 'FINISHED');
    assert.equal(r.json.returnData.type, 'mastercard');
    assert.deepEqual(r.json.customerProfileData, reg.json.customerProfileData);
    assert.equal(s.ledger.get(r.json.uuid)?.paymentToken, token);
  });

  it('keeps a trigger card behavior on its stored token', async () => {
    const pending = await transaction(s, 'register', {
      merchantTransactionId: mtid(),
      transactionToken: 'ix::test-pending',
      customerProfileData: { customerIdentification: 'cust-6' },
    });
    const expired = await transaction(s, 'register', {
      merchantTransactionId: mtid(),
      transactionToken: 'ix::test-expired-card',
      customerProfileData: { customerIdentification: 'cust-6' },
    });
    assert.equal(pending.json.returnType, 'FINISHED', 'a register verifies without charging');
    const p1 = await transaction(
      s,
      'debit',
      debitBody({ transactionToken: pending.json.customerProfileData.paymentToken }),
    );
    assert.equal(p1.json.returnType, 'PENDING');
    const p2 = await transaction(
      s,
      'debit',
      debitBody({ transactionToken: expired.json.customerProfileData.paymentToken }),
    );
    assert.equal(p2.json.errors[0].errorCode, 2009);
  });

  it('applies amount triggers to stored-token charges', async () => {
    const reg = await registerDebit('cust-7', 'ix::test-visa');
    const r = await transaction(
      s,
      'debit',
      debitBody({ amount: '20.06', transactionToken: reg.json.customerProfileData.paymentToken }),
    );
    assert.equal(r.json.errors[0].errorCode, 2006);
  });

  it('updates customer data and the preferred instrument', async () => {
    await registerDebit('cust-8', 'ix::test-visa');
    const second = await registerDebit('cust-8', 'ix::test-mastercard');
    const token = second.json.customerProfileData.paymentToken as string;
    const u = await profile(s, 'updateProfile', {
      customerIdentification: 'cust-8',
      customerData: { email: 'b@example.org' },
      preferredInstrument: token,
    });
    assert.equal(u.json.success, true);
    assert.deepEqual(u.json.changedFields, ['email', 'preferredInstrument']);
    const p = await profile(s, 'getProfile', { customerIdentification: 'cust-8' });
    assert.equal(p.json.customer.email, 'b@example.org');
    assert.equal(
      p.json.paymentInstruments.find((i: { isPreferred: boolean }) => i.isPreferred).paymentToken,
      token,
    );
    const bad = await profile(s, 'updateProfile', {
      customerIdentification: 'cust-8',
      preferredInstrument: 'pt::00000000000000000000',
    });
    assert.equal(bad.json.errorCode, 1002);
  });

  it('deletes a profile; its tokens no longer charge (1002)', async () => {
    const reg = await registerDebit('cust-9', 'ix::test-visa');
    assert.equal(
      (await profile(s, 'deleteProfile', { customerIdentification: 'cust-9' })).json.success,
      true,
    );
    assert.equal(
      (await profile(s, 'getProfile', { customerIdentification: 'cust-9' })).json.profileExists,
      false,
    );
    const r = await transaction(
      s,
      'debit',
      debitBody({ transactionToken: reg.json.customerProfileData.paymentToken }),
    );
    assert.equal(r.json.errorCode, 1002);
    assert.equal(
      (await profile(s, 'deleteProfile', { customerIdentification: 'cust-9' })).json.success,
      false,
    );
  });

  it('removes an instrument on deregister by paymentToken; the next becomes preferred', async () => {
    const first = await registerDebit('cust-10', 'ix::test-visa');
    await registerDebit('cust-10', 'ix::test-mastercard');
    const d = await transaction(s, 'deregister', {
      merchantTransactionId: mtid(),
      transactionToken: first.json.customerProfileData.paymentToken,
    });
    assert.equal(d.json.returnType, 'FINISHED');
    const p = await profile(s, 'getProfile', { customerIdentification: 'cust-10' });
    assert.equal(p.json.paymentInstruments.length, 1);
    assert.equal(p.json.paymentInstruments[0].isPreferred, true);
  });

  it('refuses a withRegister debit naming an unknown profileGuid with 1002', async () => {
    const r = await transaction(
      s,
      'debit',
      debitBody({
        withRegister: true,
        customerProfileData: { profileGuid: 'CP-0000-0000-0000-0000-0000-0001' },
      }),
    );
    assert.equal(r.json.errorCode, 1002);
  });
});
