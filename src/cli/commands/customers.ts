/** `customers add|list|mandate|proof`: the merchant's side of the seed flow. */
import { assertBusinessId } from '../../ids.js';
import { EXIT, command, intFlag, required, table, type Group } from '../args.js';
import { withStore } from '../context.js';
import { printResult } from '../output.js';

const EXIT_CODES = 'Exit codes: 0 done, 2 invalid input (malformed or taken id, unknown customer), 1 error.';

const USAGE = `Usage: ixopay-temporal customers <add|list|mandate|proof> [options]   (customers <command> --help)

  add --id ID --email EMAIL [--name NAME] [--mandate REF]   add a customer (mandate: allow merchant-initiated charges)
  list [--limit N] [--after ID]                             list customers (personal data redacted)
  mandate --id ID --reference REF                           grant a mandate for merchant-initiated charges
  proof --id ID --charge-id ID [--ttl SECONDS]              issue a session proof for one customer-initiated charge
Works on the customer store (CUSTOMER_STORE_URL, or DATA_DIR/customers.sqlite); needs no Temporal server.`;

const id = (value: string | undefined, flag: string): string =>
  assertBusinessId(required(value, flag), `--${flag}`);

const add = command({
  usage: `Usage: ixopay-temporal customers add --id ID --email EMAIL [--name NAME] [--mandate REF] [--json]

Adds a customer to the store (email and name are encrypted with PERSONAL_DATA_KEY, never shown again).
  --id ID          the merchant's customer id (1-40 characters of A-Z a-z 0-9 _ -)
  --email EMAIL    the customer's email address
  --name NAME      the customer's name
  --mandate REF    also grant a mandate (merchant-initiated charges) under this reference
${EXIT_CODES}`,
  options: {
    id: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    mandate: { type: 'string' },
  },
  run: async ({ values }) => {
    const customerId = id(values.id, 'id');
    const email = required(values.email, 'email');
    return withStore(async (store) => {
      await store.addCustomer({ id: customerId, email, ...(values.name ? { name: values.name } : {}) });
      if (values.mandate) await store.grantMandate(customerId, { reference: values.mandate });
      if (values.json) printResult({ added: customerId, mandate: values.mandate ?? null }, values);
      else console.log(`added customer ${customerId}`);
      return EXIT.ok;
    });
  },
});

const mandate = command({
  usage: `Usage: ixopay-temporal customers mandate --id ID --reference REF [--json]

Grants a customer a mandate, so the merchant may charge them without their session (merchant-initiated charges).
${EXIT_CODES}`,
  options: { id: { type: 'string' }, reference: { type: 'string' } },
  run: async ({ values }) => {
    const customerId = id(values.id, 'id');
    const reference = required(values.reference, 'reference');
    return withStore(async (store) => {
      await store.grantMandate(customerId, { reference });
      if (values.json) printResult({ customerId, mandate: reference }, values);
      else console.log(`mandate granted to ${customerId}`);
      return EXIT.ok;
    });
  },
});

const list = command({
  usage: `Usage: ixopay-temporal customers list [--limit N] [--after ID] [--json]

Lists customers by id with status, mandate and IXOPAY profile; personal data is not shown.
  --limit N     at most N customers (1-1000, default 50)
  --after ID    the page after this customer id
${EXIT_CODES}`,
  options: { limit: { type: 'string' }, after: { type: 'string' } },
  run: async ({ values }) => {
    const limit = intFlag(values.limit, 'limit', 1, 1000) ?? 50;
    const after = values.after === undefined ? undefined : id(values.after, 'after');
    return withStore(async (store) => {
      const { redactCustomer } = await import('../../customers/index.js');
      const page = await store.listCustomers({ limit, ...(after ? { afterId: after } : {}) });
      const rows = page.items.map((c) => {
        const r = redactCustomer(c);
        return {
          id: r.id,
          status: r.status,
          mandate: r.mandate?.status ?? '-',
          profileGuid: r.profileGuid ?? '-',
        };
      });
      printResult(rows, values, () => table(rows));
      return EXIT.ok;
    });
  },
});

const proof = command({
  usage: `Usage: ixopay-temporal customers proof --id ID --charge-id ID [--ttl SECONDS] [--json]

Issues a session proof (signed with the first of SESSION_PROOF_SECRETS) that lets this customer's session make
one customer-initiated charge under this charge id. Pass it to 'charge --session-proof-file -' on stdin.
  --ttl SECONDS   how long it is valid (1-86400, default 900)
${EXIT_CODES}`,
  options: { id: { type: 'string' }, 'charge-id': { type: 'string' }, ttl: { type: 'string' } },
  run: async ({ values }) => {
    const customerId = id(values.id, 'id');
    const chargeId = id(values['charge-id'], 'charge-id');
    const ttlSeconds = intFlag(values.ttl, 'ttl', 1, 86_400) ?? 900;
    return withStore(async (_store, config) => {
      const { issueSessionProof } = await import('../../customers/index.js');
      const secret = config.sessionProofSecrets[0]!;
      const sessionProof = issueSessionProof({ customerId, chargeId, secret, ttlSeconds });
      if (values.json) printResult({ customerId, chargeId, sessionProof }, values);
      else console.log(sessionProof);
      return EXIT.ok;
    });
  },
});

export const customersGroup: Group = { usage: USAGE, subcommands: { add, list, mandate, proof } };
