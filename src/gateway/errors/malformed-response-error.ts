import type { z } from 'zod';
import { GatewayError, type GatewayErrorDetails } from './gateway-error.js';

/** One schema problem of a reply: where and what, never the offending value. */
export interface MalformedIssue {
  readonly path: readonly PropertyKey[];
  readonly code: string;
  readonly message: string;
}

/**
 * The reply (or a callback body) was not JSON or did not match its schema. The raw body is deliberately not kept:
 * it may contain personal data. After a POST the gateway may have committed the transaction.
 */
export class GatewayMalformedResponseError extends GatewayError {
  override readonly name = 'GatewayMalformedResponseError';
  /** Empty when the body was not JSON at all. */
  readonly issues: readonly MalformedIssue[];

  constructor(
    message: string,
    details: GatewayErrorDetails & { readonly issues: readonly MalformedIssue[] },
  ) {
    super(message, details);
    this.issues = details.issues;
  }
}

/** Reduces zod issues to path, code and message (zod does not copy the input unless asked to). */
export function issuesFrom(error: z.ZodError): MalformedIssue[] {
  return error.issues.map((issue) => ({ path: issue.path, code: issue.code, message: issue.message }));
}
