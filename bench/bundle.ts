/**
 * The bench's workflow bundle, built as production builds it (scripts/build-bundle.ts: the failure converter
 * and the OpenTelemetry workflow interceptors included), or without the interceptors (`--without otel`).
 * Written to a file the worker processes load; the source map is kept to attribute profile frames of the
 * bundle to their original files (bench/profile-report.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../src/codec/index.js';
import {
  WORKFLOW_INTERCEPTOR_MODULES,
  WORKFLOW_LOG_INTERCEPTOR_MODULES,
} from '../src/observability/options.js';
import { WORKFLOWS_PATH } from '../src/worker.js';

export interface BenchBundle {
  /** Absolute path: the file name the SDK gives the bundle's script, so the one profile frames carry. */
  readonly file: string;
  /** The bundle's source map (webpack writes it inline, at the end of the code). */
  readonly sourceMap: string;
}

const MAP_COMMENT = '//# sourceMappingURL=data:application/json';

/** The JSON of `//# sourceMappingURL=data:application/json;charset=utf-8;base64,…` at the end of `code`. */
export function inlineSourceMap(code: string): string | undefined {
  const at = code.lastIndexOf(MAP_COMMENT);
  const data = at < 0 ? -1 : code.indexOf('base64,', at);
  return data < 0 ? undefined : Buffer.from(code.slice(data + 'base64,'.length).trim(), 'base64').toString();
}

export async function writeBenchBundle(dir: string, withInterceptors: boolean): Promise<BenchBundle> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    workflowInterceptorModules: withInterceptors
      ? WORKFLOW_INTERCEPTOR_MODULES
      : WORKFLOW_LOG_INTERCEPTOR_MODULES,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
  });
  mkdirSync(dir, { recursive: true });
  const file = resolve(join(dir, withInterceptors ? 'workflow-bundle.js' : 'workflow-bundle-no-otel.js'));
  writeFileSync(file, code);
  return { file, sourceMap: inlineSourceMap(code) ?? '' };
}
