/**
 * A gateway error reduced to what may enter workflow history: code, message, adapter code and what the
 * error-code table says about it. Used for synchronous replies, status lookups and callbacks alike.
 */
import type { GatewayErrorInfo } from '../contract/domain.js';
import { classifyErrorCode } from './error-codes.js';

export function gatewayErrorInfo(
  code: number | string | undefined,
  message: string | undefined,
  adapterCode?: string,
): GatewayErrorInfo | undefined {
  if (code === undefined) return undefined;
  const entry = classifyErrorCode(code);
  const unknownCode = !entry.known || entry.family === 'unknown';
  return {
    code: entry.code,
    message: (message ?? entry.name).slice(0, 200),
    adapterCode,
    decline: entry.decline,
    transient:
      !unknownCode &&
      entry.family !== 'decline' &&
      (entry.retry === 'transient' || entry.retry === 'after-status-check'),
    uncertain: unknownCode || entry.outcomeUnknown,
    ...(unknownCode ? { unknownCode: true } : {}),
  };
}
