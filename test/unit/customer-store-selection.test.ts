/** Which customer store the configuration selects: CUSTOMER_STORE_URL → PostgreSQL, none → the SQLite file. */
import { strict as assert } from 'node:assert';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { InvalidCustomerInputError, isPostgresUrl, openCustomerStore } from '../../src/customers/index.js';

describe('customer store selection', () => {
  it('reads CUSTOMER_STORE_URL as a postgres URL and refuses any other scheme', () => {
    assert.equal(loadConfig({ APP_MODE: 'development' }).customerStoreUrl, undefined);
    assert.equal(
      loadConfig({ APP_MODE: 'development', CUSTOMER_STORE_URL: 'postgres://u:p@db:5432/app' })
        .customerStoreUrl,
      'postgres://u:p@db:5432/app',
    );
    assert.throws(
      () => loadConfig({ APP_MODE: 'development', CUSTOMER_STORE_URL: 'mysql://db/app' }),
      ConfigError,
    );
    assert.equal(isPostgresUrl('postgresql://db/app'), true);
    assert.equal(isPostgresUrl('sqlite:///tmp/x'), false);
  });

  it('opens the SQLite file without a URL and refuses an unknown scheme without naming the URL', async () => {
    const store = await openCustomerStore({ file: ':memory:' });
    try {
      assert.equal((await store.addCustomer({ id: 'cus-1', email: 'a@example.com' })).id, 'cus-1');
    } finally {
      await store.close();
    }
    await assert.rejects(
      openCustomerStore({ url: 'mysql://user:secret@db/app', file: ':memory:' }),
      (err) => {
        assert.ok(err instanceof InvalidCustomerInputError);
        assert.doesNotMatch(err.message, /secret/);
        return true;
      },
    );
  });
});
