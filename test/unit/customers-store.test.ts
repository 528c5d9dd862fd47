/** Pure helpers of the customer store; the store's behaviour is the contract in test/contract/. */
import { strict as assert } from 'node:assert';
import { customerIdentificationFor, redactCustomer, type Customer } from '../../src/customers/index.js';

describe('customer store helpers', () => {
  it('derives a stable UUIDv5 customerIdentification from the customer id', () => {
    const ident = customerIdentificationFor('cus-1');
    assert.equal(ident, customerIdentificationFor('cus-1'));
    assert.notEqual(ident, customerIdentificationFor('cus-2'));
    assert.match(ident, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('redacts email and name for logs and workflow history', () => {
    const customer: Customer = {
      id: 'cus-1',
      status: 'active',
      email: 'a@example.com',
      name: 'Ada',
      customerIdentification: customerIdentificationFor('cus-1'),
      mandate: { status: 'active', reference: 'M-1', grantedAt: '2026-11-25T10:00:00Z' },
      createdAt: '2026-11-25T10:00:00Z',
      updatedAt: '2026-11-25T10:00:00Z',
    };
    const redacted = redactCustomer(customer);
    assert.equal(redacted.id, 'cus-1');
    assert.doesNotMatch(JSON.stringify(redacted), /example\.com|Ada/);
    assert.deepEqual(redacted.mandate, customer.mandate);
    assert.notEqual(redacted.mandate, customer.mandate);
    assert.equal(customer.email, 'a@example.com');
  });
});
