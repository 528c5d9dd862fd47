// Prebuilds the workflow bundle for production workers: dist/workflow-bundle.js.
import { mkdir, writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../src/observability/options.js';
import { WORKFLOWS_PATH } from '../src/worker.js';
import { FAILURE_CONVERTER_PATH } from '../src/codec/index.js';

// The failure converter encodes failure messages, so the payload codec encrypts them (src/codec/).
const { code } = await bundleWorkflowCode({
  workflowsPath: WORKFLOWS_PATH,
  failureConverterPath: FAILURE_CONVERTER_PATH,
  workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
});
await mkdir(new URL('../dist/', import.meta.url), { recursive: true });
await writeFile(new URL('../dist/workflow-bundle.js', import.meta.url), code);
console.log(`wrote dist/workflow-bundle.js (${(code.length / 1024).toFixed(0)} KiB)`);
// Without the OpenTelemetry workflow interceptors: what a worker loads while tracing is off (src/worker.ts).
const untraced = await bundleWorkflowCode({
  workflowsPath: WORKFLOWS_PATH,
  failureConverterPath: FAILURE_CONVERTER_PATH,
});
await writeFile(new URL('../dist/workflow-bundle-untraced.js', import.meta.url), untraced.code);
console.log(`wrote dist/workflow-bundle-untraced.js (${(untraced.code.length / 1024).toFixed(0)} KiB)`);
