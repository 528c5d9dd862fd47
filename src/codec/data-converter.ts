/**
 * The one data converter for the client, worker, webhook and CLI: the encryption codec plus the failure
 * converter that encodes failure messages and stack traces. Workflow bundles built ahead of time need
 * FAILURE_CONVERTER_PATH too: `bundleWorkflowCode({ workflowsPath, failureConverterPath })`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec.js';
import type { PayloadKey } from './keys.js';
import type { AppMode } from '../config/production.js';

/** Next to this module in src/; a build (dist/) keeps using the file from src/. */
export const FAILURE_CONVERTER_PATH = ['./failure-converter.cjs', '../../src/codec/failure-converter.cjs']
  .map((file) => fileURLToPath(new URL(file, import.meta.url)))
  .find((path) => existsSync(path))!;

/** Production mode refuses payloads that are not encrypted (except Temporal's own marker data). */
export function paymentsDataConverter(keys: readonly PayloadKey[], mode: AppMode): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(keys, { refusePlaintext: mode === 'production' })],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}
