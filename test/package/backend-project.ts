/**
 * A backend service of its own, as a team adopting the package writes it: a fresh project whose only dependency
 * is the packed tarball. It runs the payments worker in its own process, registers a card for a customer, charges
 * it, reads the status and prints what it saw as one JSON line.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BACKEND_SOURCE = `import { connectPayments, InvalidRequestError, type ChargeResult } from 'ixopay-temporal';
import { runPaymentsWorker } from 'ixopay-temporal/worker';
import { EncryptionCodec, parsePayloadKeys } from 'ixopay-temporal/codec';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`\${name} is not set\`);
  return value;
}

const temporal = { address: env('TEMPORAL_ADDRESS'), namespace: 'default' };
const taskQueue = env('TASK_QUEUE');
const payloadKeys = env('PAYLOAD_KEYS');
const customerId = env('CUSTOMER_ID');

const worker = await runPaymentsWorker({
  ...temporal,
  taskQueue,
  gateway: {
    baseUrl: env('IXOPAY_BASE_URL'),
    apiKey: env('IXOPAY_API_KEY'),
    username: env('IXOPAY_USERNAME'),
    password: env('IXOPAY_PASSWORD'),
    passwordMode: 'hashed',
    sharedSecret: env('IXOPAY_SHARED_SECRET'),
  },
  customerStore: { file: env('CUSTOMER_DB') },
  webhookPublicUrl: env('WEBHOOK_PUBLIC_URL'),
  payloadKeys,
  reportDir: env('REPORT_DIR'),
});
// The payload keys from PAYLOAD_KEYS, as a deployment sets them.
const payments = await connectPayments({ ...temporal, taskQueue });
try {
  const registration = await payments.registerCustomer({
    registrationId: \`reg-\${customerId}\`,
    customerId,
    kind: 'register',
    transactionToken: 'ix::test-visa',
  });
  const chargeId = \`order-\${customerId}\`;
  const result: ChargeResult = await payments.chargeAndWait({
    chargeId,
    customerId,
    amountMinor: 1999,
    currency: 'EUR',
    initiator: 'merchant',
  });
  const view = await payments.chargeStatus(chargeId);
  let refused: string | undefined;
  try {
    await payments.startCharge({ chargeId: \`\${chargeId}-2\`, customerId, amountMinor: 0, currency: 'EUR', initiator: 'merchant' });
  } catch (err) {
    if (!(err instanceof InvalidRequestError)) throw err;
    refused = err.issues.map((issue) => issue.path).join(',');
  }
  const codec = new EncryptionCodec(parsePayloadKeys(payloadKeys));
  const [sealed] = await codec.encode([{ metadata: {}, data: new TextEncoder().encode('"x"') }]);
  const encoding = sealed?.metadata?.['encoding'];
  console.log(
    JSON.stringify({
      registration: registration.status,
      result,
      status: view.status,
      workflowStatus: view.workflowStatus,
      refused,
      encoding: encoding ? new TextDecoder().decode(encoding) : undefined,
    }),
  );
} finally {
  await payments.close();
  await worker.shutdown();
}
`;

/**
 * Writes the project: package.json, tsconfig.json (strict, NodeNext) and backend.ts. `typeRoots`: Node's types
 * from the repository, as a project would have @types/node installed. skipLibCheck as in most projects (and this
 * repository): the `ms` copy that @temporalio/common's types import declares its types outside its `exports`.
 */
export function writeBackendProject(dir: string, nodeTypesRoot: string): void {
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'payments-backend', private: true, type: 'module' }, null, 2),
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          outDir: 'out',
          types: ['node'],
          typeRoots: [nodeTypesRoot],
          skipLibCheck: true,
        },
        files: ['backend.ts'],
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, 'backend.ts'), BACKEND_SOURCE);
}
