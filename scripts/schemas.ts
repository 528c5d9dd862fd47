// `npm run schemas`: docs/schemas/<contract>.json from the zod schemas (src/client/json-schemas.ts); stale or
// extra files are replaced or removed.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contractJsonSchemas, contractJsonText } from '../src/client/json-schemas.js';

const dir = fileURLToPath(new URL('../docs/schemas/', import.meta.url));
mkdirSync(dir, { recursive: true });
const schemas = contractJsonSchemas();
for (const file of readdirSync(dir)) {
  if (file.endsWith('.json') && !(file.slice(0, -'.json'.length) in schemas)) rmSync(`${dir}${file}`);
}
for (const [name, schema] of Object.entries(schemas))
  writeFileSync(`${dir}${name}.json`, contractJsonText(schema));
console.log(`wrote ${Object.keys(schemas).length} schemas to docs/schemas/`);
