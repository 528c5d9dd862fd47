/**
 * Errors of the customer store boundary: one small class per meaning, each with a literal `name` (Temporal
 * types a thrown error by its name). None of them is worth retrying: the same input fails the same way.
 */

/** Base of every error the customer store throws on purpose. */
export abstract class CustomerStoreError extends Error {
  abstract override readonly name: string;
}

/** One problem with an input: where (dotted path) and what. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

/** An input failed validation (bad id, negative or fractional amount, unknown currency, …). */
export class InvalidCustomerInputError extends CustomerStoreError {
  override readonly name = 'InvalidCustomerInputError';
  constructor(
    readonly issues: readonly InputIssue[],
    what = 'input',
  ) {
    super(
      `invalid ${what}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
    );
  }
}

/** No customer with this id. */
export class UnknownCustomerError extends CustomerStoreError {
  override readonly name = 'UnknownCustomerError';
  constructor(readonly customerId: string) {
    super(`unknown customer: ${customerId}`);
  }
}

/** No subscription with this id. */
export class UnknownSubscriptionError extends CustomerStoreError {
  override readonly name = 'UnknownSubscriptionError';
  constructor(readonly subscriptionId: string) {
    super(`unknown subscription: ${subscriptionId}`);
  }
}

/** A customer with this id (or this customerIdentification) already exists. */
export class DuplicateCustomerError extends CustomerStoreError {
  override readonly name = 'DuplicateCustomerError';
  constructor(
    readonly customerId: string,
    readonly field: 'id' | 'customerIdentification' = 'id',
  ) {
    super(`customer ${field} already exists: ${customerId}`);
  }
}

/** A subscription with this id already exists. */
export class DuplicateSubscriptionError extends CustomerStoreError {
  override readonly name = 'DuplicateSubscriptionError';
  constructor(readonly subscriptionId: string) {
    super(`subscription already exists: ${subscriptionId}`);
  }
}

/** The customer is already linked to a different gateway profile; relinking silently would lose the old one. */
export class ProfileLinkConflictError extends CustomerStoreError {
  override readonly name = 'ProfileLinkConflictError';
  constructor(readonly customerId: string) {
    super(`customer ${customerId} is already linked to a different profile`);
  }
}

/** Personal data cannot be protected or read: bad key, wrong key, tampered ciphertext, or no key for it. */
export class PersonalDataError extends CustomerStoreError {
  override readonly name = 'PersonalDataError';
}

/** Thrown on open when the schema lacks migrations and the store may not apply them (migrations: 'verify'). */
export class PendingMigrationsError extends Error {
  override readonly name = 'PendingMigrationsError';
}
