// The workflow bundle shipped with the package, dist/workflow-bundle.js, built from the compiled workflows (run by
// scripts/build.ts after tsc), so a worker from the package starts without webpack; and the build id (package
// version + git commit) in dist/build-info.json for installs that have no .git (docs/deploys.md).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { buildIdFor, gitCommit, packageVersion } from '../src/temporal/deployment.js';

const dist = (path: string): string => fileURLToPath(new URL(`../dist/${path}`, import.meta.url));

// The failure converter encodes failure messages, so the payload codec encrypts them (src/codec/).
const { code } = await bundleWorkflowCode({
  workflowsPath: dist('workflows/index.js'),
  failureConverterPath: dist('codec/failure-converter.cjs'),
  workflowInterceptorModules: [
    dist('observability/workflow-interceptors.js'),
    dist('observability/workflow-log-attributes.js'),
  ],
  logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
});
await writeFile(dist('workflow-bundle.js'), code);
console.log(`wrote dist/workflow-bundle.js (${(code.length / 1024).toFixed(0)} KiB)`);
const buildId = process.env['WORKER_BUILD_ID'] || buildIdFor(packageVersion(), gitCommit());
await writeFile(
  dist('build-info.json'),
  `${JSON.stringify({ buildId, version: packageVersion(), commit: gitCommit() ?? null })}\n`,
);
console.log(`wrote dist/build-info.json (build id ${buildId})`);
// Without the OpenTelemetry workflow interceptors: what a worker loads while tracing is off (src/worker.ts).
const untraced = await bundleWorkflowCode({
  workflowsPath: dist('workflows/index.js'),
  failureConverterPath: dist('codec/failure-converter.cjs'),
  workflowInterceptorModules: [dist('observability/workflow-log-attributes.js')],
  logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
});
await writeFile(dist('workflow-bundle-untraced.js'), untraced.code);
console.log(`wrote dist/workflow-bundle-untraced.js (${(untraced.code.length / 1024).toFixed(0)} KiB)`);
