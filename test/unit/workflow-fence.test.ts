/** The workflow import fence (eslint.config.mjs) is an allow-list: a bad import in a workflow file fails lint. */
import { strict as assert } from 'node:assert';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
// @ts-expect-error: the ESLint config is plain JavaScript without declarations
import config, { workflowFence } from '../../eslint.config.mjs';

async function fenceErrors(code: string, filePath = 'src/workflows/example.ts'): Promise<string[]> {
  const eslint = new ESLint({
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { '@typescript-eslint': tseslint.plugin },
        rules: { '@typescript-eslint/no-restricted-imports': ['error', workflowFence] },
      },
    ],
  });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('workflow import fence', () => {
  it('refuses value imports from outside the allow-list', async () => {
    for (const bad of [
      "import { spawn } from 'node:child_process';",
      "import ky from 'ky';",
      "import { createGatewayClient } from '../gateway/client.js';",
      "import { createActivities } from '../activities/index.js';",
      "import { startDevServer } from '../temporal/dev-server.js';",
      "import { installRuntime } from '../observability/runtime.js';",
      "import { loadConfig } from '../config.js';",
    ]) {
      const errors = await fenceErrors(bad);
      assert.equal(errors.length, 1, `${bad} → ${JSON.stringify(errors)}`);
      assert.match(errors[0]!, /allow-list/);
    }
  });

  it('lets through the allow-list and type-only imports', async () => {
    const code = [
      "import { proxyActivities } from '@temporalio/workflow';",
      "import { ApplicationFailure } from '@temporalio/common';",
      "import { CallbackInbox } from './callback-inbox.js';",
      "import { workflowIdFor } from '../ids.js';",
      "import { toDecimalString } from '../money.js';",
      "import { chargeOutcomeMetrics } from '../observability/workflow-metrics.js';",
      "import { ChargeStatusKey } from '../temporal/search-attributes.js';",
      "import type { Activities } from '../activities/index.js';",
      "import type { GatewayClient } from '../gateway/client.js';",
    ].join('\n');
    assert.deepEqual(await fenceErrors(code), []);
  });

  it('is switched on for every file under src/workflows in the project config', () => {
    const entries = config as { files?: string[]; rules?: Record<string, unknown> }[];
    const fenced = entries.filter(
      (e) =>
        JSON.stringify(e.rules?.['@typescript-eslint/no-restricted-imports']) ===
        JSON.stringify(['error', workflowFence]),
    );
    assert.deepEqual(
      fenced.map((e) => e.files),
      [['src/workflows/**/*.ts']],
    );
  });
});
