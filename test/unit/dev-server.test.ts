import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemporalCliNotFoundError, findTemporalCli } from '../../src/embedded/dev-server.js';

describe('finding the temporal CLI', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers TEMPORAL_CLI_PATH', () => {
    const fake = join(dir, 'temporal-custom');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
    assert.equal(findTemporalCli({ TEMPORAL_CLI_PATH: fake, PATH: '' }), fake);
  });

  it('says how to install it when TEMPORAL_CLI_PATH points nowhere', () => {
    assert.throws(
      () => findTemporalCli({ TEMPORAL_CLI_PATH: join(dir, 'missing') }),
      TemporalCliNotFoundError,
    );
  });

  it('finds the project-local install that npm install made', () => {
    assert.match(findTemporalCli({ PATH: '' }), /\.tools\/temporal-venv\/bin\/temporal$/);
  });
});
