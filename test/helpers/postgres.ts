/**
 * The PostgreSQL server of a test run: TEST_POSTGRES_URL, or else the local cluster that
 * scripts/postgres/ensure.sh starts (installing PostgreSQL when needed). Each suite works in a random schema or
 * database of its own and drops it after.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

let baseUrl: string | undefined;

/** URL of a database tests may create schemas and databases in. */
export function testPostgresUrl(): string {
  if (baseUrl) return baseUrl;
  const fromEnv = process.env['TEST_POSTGRES_URL'];
  if (fromEnv) return (baseUrl = fromEnv);
  const script = fileURLToPath(new URL('../../scripts/postgres/ensure.sh', import.meta.url));
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = out.trim().split('\n')[0];
  if (!url) throw new Error('scripts/postgres/ensure.sh printed no URL');
  return (baseUrl = url);
}

/** Runs `fn` with one connection to the test server's database. */
export async function withPostgres<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A random lower-case identifier for a schema or database of one test. */
export function randomPostgresName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Creates an empty database; returns its URL and a drop() that removes it (disconnecting what is left). */
export async function createTestDatabase(
  prefix = 'ixopay_t',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = randomPostgresName(prefix);
  // Identifiers cannot be parameters; randomPostgresName yields [a-z0-9_] only.
  await withPostgres((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(testPostgresUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withPostgres((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
