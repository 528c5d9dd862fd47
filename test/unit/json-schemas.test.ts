import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contractJsonSchemas, contractJsonText } from '../../src/client/json-schemas.js';

const DIR = fileURLToPath(new URL('../../docs/schemas/', import.meta.url));

describe('JSON Schemas of the client contracts (docs/schemas/)', () => {
  const schemas = contractJsonSchemas();

  it('has one file per contract and no other', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    assert.deepEqual(
      files,
      Object.keys(schemas)
        .map((name) => `${name}.json`)
        .sort(),
      'run npm run schemas',
    );
  });

  it('matches the zod schemas: regenerated files are unchanged', () => {
    for (const [name, schema] of Object.entries(schemas)) {
      const onDisk = readFileSync(`${DIR}${name}.json`, 'utf8');
      assert.equal(
        onDisk,
        contractJsonText(schema),
        `docs/schemas/${name}.json is stale: run npm run schemas`,
      );
    }
  });

  it('describes every request, result and error the client API exchanges', () => {
    const charge = schemas['charge-request'] as { required?: string[]; additionalProperties?: unknown };
    assert.deepEqual(charge.required, ['chargeId', 'customerId', 'amountMinor', 'currency', 'initiator']);
    assert.equal(charge.additionalProperties, false);
    const conflict = schemas['idempotency-conflict-error'] as { properties: Record<string, unknown> };
    assert.deepEqual(Object.keys(conflict.properties), ['name', 'message', 'workflowId', 'differences']);
  });
});
