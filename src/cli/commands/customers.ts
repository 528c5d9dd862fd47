/** `customers add|list|mandate|proof`: the merchant's side of the seed flow. */
import { issueSessionProof, redactCustomer } from '../../customers/index.js';
import { EXIT, UsageError, parse, required, table } from '../args.js';
import { withStore } from '../context.js';

const USAGE = `Usage: ixopay-temporal customers <add|list|mandate|proof> [options]

  add --id ID --email EMAIL [--name NAME] [--mandate REF]   add a customer (mandate: allow merchant-initiated charges)
  list [--limit N] [--after ID]                             list customers (personal data redacted)
  mandate --id ID --reference REF                           grant a mandate for merchant-initiated charges
  proof --id ID --charge-id ID [--ttl SECONDS]              issue a session proof for one customer-initiated charge`;

export async function customersCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parse(
    rest,
    {
      id: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      mandate: { type: 'string' },
      reference: { type: 'string' },
      limit: { type: 'string' },
      after: { type: 'string' },
      ttl: { type: 'string' },
      'charge-id': { type: 'string' },
    },
    USAGE,
  );
  return withStore(async (store, config) => {
    switch (sub) {
      case 'add': {
        const id = required(values.id, 'id');
        await store.addCustomer({
          id,
          email: required(values.email, 'email'),
          ...(values.name ? { name: values.name } : {}),
        });
        if (values.mandate) await store.grantMandate(id, { reference: values.mandate });
        console.log(`added customer ${id}`);
        return EXIT.ok;
      }
      case 'mandate': {
        const id = required(values.id, 'id');
        await store.grantMandate(id, { reference: required(values.reference, 'reference') });
        console.log(`mandate granted to ${id}`);
        return EXIT.ok;
      }
      case 'list': {
        const page = await store.listCustomers({
          limit: Number(values.limit ?? 50),
          ...(values.after ? { afterId: values.after } : {}),
        });
        console.log(
          table(
            page.items.map((c) => {
              const r = redactCustomer(c);
              return {
                id: r.id,
                status: r.status,
                mandate: r.mandate?.status ?? '-',
                profileGuid: r.profileGuid ?? '-',
              };
            }),
          ),
        );
        return EXIT.ok;
      }
      case 'proof': {
        const customerId = required(values.id, 'id');
        const chargeId = required(values['charge-id'], 'charge-id');
        const secret = config.sessionProofSecrets[0]!;
        console.log(
          issueSessionProof({ customerId, chargeId, secret, ttlSeconds: Number(values.ttl ?? 900) }),
        );
        return EXIT.ok;
      }
      default:
        throw new UsageError(USAGE);
    }
  });
}
