/**
 * Typed IXOPAY v3 client. Transactions that the gateway processed are returned, declined ones included (they
 * have a uuid; see `transactionError`). Requests rejected before processing, transport failures and odd replies
 * throw a GatewayError subclass whose `retryable` / `outcomeUnknown` say what to do next.
 */
import { z } from 'zod';
import { classifyErrorCode } from './error-codes.js';
import { gatewayErrorFrom } from './errors/gateway-error-from.js';
import { issuesFrom } from './errors/malformed-response-error.js';
import { assertSuccessStatus, decodeReply, rejection, replyJson } from './replies.js';
import { ErrorReply } from './schemas/error-reply.js';
import {
  DeleteProfileRequest,
  DeleteProfileResponse,
  GetProfileRequest,
  GetProfileResponse,
  UpdateProfileRequest,
  UpdateProfileResponse,
} from './schemas/profile.js';
import { StatusResponse } from './schemas/status-response.js';
import {
  TRANSACTION_REQUESTS,
  type CaptureRequest,
  type DebitRequest,
  type DeregisterRequest,
  type IncrementalAuthorizationRequest,
  type PayoutRequest,
  type PreauthorizeRequest,
  type RefundRequest,
  type RegisterRequest,
  type TransactionType,
  type VoidRequest,
} from './schemas/transaction-request.js';
import { TransactionResponse } from './schemas/transaction-response.js';
import { GatewayTransport, type GatewayConfig } from './transport.js';

/**
 * A status lookup's answer. `found: false` is the gateway's `success: false` reply for an id it does not know
 * (a typed result, not an error: reconciliation expects it). Lookups failing for other reasons throw.
 */
export type StatusLookup =
  | { readonly found: true; readonly status: StatusResponse }
  | {
      readonly found: false;
      readonly errorCode: number | undefined;
      readonly errorMessage: string | undefined;
    };

/** getProfile's answer; an unknown profile is `profileExists: false`, not an error. */
export type GetProfileResult = GetProfileResponse & { readonly profileExists: boolean };

/** Codes that make a status lookup fail as a whole rather than mean "no such transaction". */
const LOOKUP_FAILURE_CODES = new Set([1004, 1007]);

export class GatewayClient {
  readonly #transport: GatewayTransport;
  readonly #apiKey: string;

  constructor(config: GatewayConfig) {
    this.#transport = new GatewayTransport(config);
    this.#apiKey = config.apiKey;
  }

  debit(request: DebitRequest): Promise<TransactionResponse> {
    return this.#transaction('debit', request);
  }
  preauthorize(request: PreauthorizeRequest): Promise<TransactionResponse> {
    return this.#transaction('preauthorize', request);
  }
  capture(request: CaptureRequest): Promise<TransactionResponse> {
    return this.#transaction('capture', request);
  }
  void(request: VoidRequest): Promise<TransactionResponse> {
    return this.#transaction('void', request);
  }
  register(request: RegisterRequest): Promise<TransactionResponse> {
    return this.#transaction('register', request);
  }
  deregister(request: DeregisterRequest): Promise<TransactionResponse> {
    return this.#transaction('deregister', request);
  }
  refund(request: RefundRequest): Promise<TransactionResponse> {
    return this.#transaction('refund', request);
  }
  incrementalAuthorization(request: IncrementalAuthorizationRequest): Promise<TransactionResponse> {
    return this.#transaction('incrementalAuthorization', request);
  }
  payout(request: PayoutRequest): Promise<TransactionResponse> {
    return this.#transaction('payout', request);
  }

  /** GET api/v3/status/{apiKey}/getByUuid/{uuid}. */
  getByUuid(uuid: string): Promise<StatusLookup> {
    return this.#status('getByUuid', uuid);
  }

  /** GET api/v3/status/{apiKey}/getByMerchantTransactionId/{id}: did our request reach the gateway? */
  getByMerchantTransactionId(merchantTransactionId: string): Promise<StatusLookup> {
    return this.#status('getByMerchantTransactionId', merchantTransactionId);
  }

  /** A profile by profileGuid or customerIdentification; unknown → `profileExists: false`. */
  async getProfile(ref: GetProfileRequest): Promise<GetProfileResult> {
    const operation = 'getProfile';
    const reply = await this.#post(operation, ['customerProfiles', operation], GetProfileRequest, ref);
    const json = replyJson(operation, reply, false);
    if (json['profileExists'] === undefined && json['success'] === false)
      throw rejection(operation, json, reply.status);
    assertSuccessStatus(operation, reply, false);
    const profile = decodeReply(operation, GetProfileResponse, json, reply, false);
    return { ...profile, profileExists: profile.profileExists ?? profile.success === true };
  }

  /** Changes customer data and/or the preferred instrument. */
  updateProfile(request: UpdateProfileRequest): Promise<UpdateProfileResponse> {
    return this.#profileChange('updateProfile', UpdateProfileRequest, request, UpdateProfileResponse);
  }

  deleteProfile(ref: DeleteProfileRequest): Promise<DeleteProfileResponse> {
    return this.#profileChange('deleteProfile', DeleteProfileRequest, ref, DeleteProfileResponse);
  }

  async #transaction(type: TransactionType, request: unknown): Promise<TransactionResponse> {
    const reply = await this.#post(type, ['transaction', type], TRANSACTION_REQUESTS[type], request);
    const json = replyJson(type, reply, true);
    if (json['success'] === false && json['uuid'] === undefined) throw rejection(type, json, reply.status);
    assertSuccessStatus(type, reply, true);
    return decodeReply(type, TransactionResponse, json, reply, true);
  }

  async #status(operation: 'getByUuid' | 'getByMerchantTransactionId', id: string): Promise<StatusLookup> {
    const reply = await this.#transport.send(operation, 'GET', [
      'api',
      'v3',
      'status',
      { name: 'apiKey', value: this.#apiKey },
      operation,
      { name: operation === 'getByUuid' ? 'uuid' : 'merchantTransactionId', value: id },
    ]);
    const json = replyJson(operation, reply, false);
    if (json['success'] === false) {
      const { errorCode, errorMessage } = ErrorReply.safeParse(json).data ?? {};
      const classification = classifyErrorCode(errorCode);
      // Only codes we know to mean "the lookup failed" throw; anything else (or none) means "no such transaction".
      if (
        errorCode !== undefined &&
        classification.known &&
        (classification.retryable || LOOKUP_FAILURE_CODES.has(classification.code))
      ) {
        throw rejection(operation, json, reply.status);
      }
      return { found: false, errorCode, errorMessage };
    }
    assertSuccessStatus(operation, reply, false);
    return { found: true, status: decodeReply(operation, StatusResponse, json, reply, false) };
  }

  async #profileChange<S extends z.ZodType>(
    operation: 'updateProfile' | 'deleteProfile',
    requestSchema: z.ZodType,
    request: unknown,
    responseSchema: S,
  ): Promise<z.output<S>> {
    const reply = await this.#post(operation, ['customerProfiles', operation], requestSchema, request);
    const json = replyJson(operation, reply, true);
    if (json['success'] === false) throw rejection(operation, json, reply.status);
    assertSuccessStatus(operation, reply, true);
    return decodeReply(operation, responseSchema, json, reply, true);
  }

  /**
   * Encodes a request (amounts to decimal strings) and POSTs it. A request failing our own schema is not sent:
   * it is rejected locally as 1002 (invalid request data), never retryable.
   */
  async #post(operation: string, route: readonly [string, string], schema: z.ZodType, request: unknown) {
    const encoded = z.safeEncode(schema, request);
    if (!encoded.success) {
      const paths = issuesFrom(encoded.error).map((issue) => issue.path.join('.') || '(root)');
      throw gatewayErrorFrom({
        kind: 'code',
        operation,
        code: 1002,
        message: `request not sent, invalid at ${paths.join(', ')}`,
      });
    }
    const [group, name] = route;
    return this.#transport.send(
      operation,
      'POST',
      ['api', 'v3', group, { name: 'apiKey', value: this.#apiKey }, name],
      encoded.data,
    );
  }
}
