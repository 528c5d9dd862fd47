// Prebuilds the workflow bundle for production workers: dist/workflow-bundle.js, and records the build id
// (package version + git commit) in dist/build-info.json for installs that have no .git (docs/deploys.md).
import { mkdir, writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../src/observability/options.js';
import { WORKFLOWS_PATH } from '../src/worker.js';
import { FAILURE_CONVERTER_PATH } from '../src/codec/index.js';
import { buildIdFor, gitCommit, packageVersion } from '../src/temporal/deployment.js';

// The failure converter encodes failure messages, so the payload codec encrypts them (src/codec/).
const { code } = await bundleWorkflowCode({
  workflowsPath: WORKFLOWS_PATH,
  failureConverterPath: FAILURE_CONVERTER_PATH,
  workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
});
await mkdir(new URL('../dist/', import.meta.url), { recursive: true });
await writeFile(new URL('../dist/workflow-bundle.js', import.meta.url), code);
console.log(`wrote dist/workflow-bundle.js (${(code.length / 1024).toFixed(0)} KiB)`);
const buildId = process.env['WORKER_BUILD_ID'] || buildIdFor(packageVersion(), gitCommit());
await writeFile(
  new URL('../dist/build-info.json', import.meta.url),
  `${JSON.stringify({ buildId, version: packageVersion(), commit: gitCommit() ?? null })}\n`,
);
console.log(`wrote dist/build-info.json (build id ${buildId})`);
