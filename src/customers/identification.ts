import { createHash } from 'node:crypto';
import { assertBusinessId } from '../ids.js';

/** Namespace of this project's customerIdentification UUIDs (a fixed random UUID; never change it). */
const NAMESPACE = Buffer.from('6f1c2b8e4d7a4e0f9b3a5c1d2e8f7a60', 'hex');

/**
 * The default customerIdentification sent to IXOPAY: a name-based UUID (RFC 9562 version 5) of the customer
 * id. Stable, so a retried or repeated registration finds the same profile, and free of personal data.
 */
export function customerIdentificationFor(customerId: string): string {
  assertBusinessId(customerId, 'customer id');
  const bytes = createHash('sha1').update(NAMESPACE).update(customerId, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
