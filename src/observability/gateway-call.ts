/**
 * One gateway HTTP exchange, observed: a CLIENT span (`ixopay.gateway <operation>`, a child of the running
 * activity's span) and, inside an activity, two worker metrics: the latency histogram
 * `ixopay_gateway_call_duration_seconds{operation,outcome}` with a coarse outcome (ok, declined, error,
 * timeout) and the counter `ixopay_gateway_calls_total{operation,result_code}` with the exact result. Attributes
 * are the operation, the route template, the server, the HTTP status and the IXOPAY error code: never a URL (it
 * can hold ids), a body, card data or a token.
 */
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { Context } from '@temporalio/activity';
import { Runtime } from '@temporalio/worker';
import { classifyErrorCode } from '../gateway/error-codes.js';
import { activityMetricTags } from './metric-tags.js';

export const GATEWAY_CALL_DURATION = 'ixopay_gateway_call_duration_seconds';
export const GATEWAY_CALLS_TOTAL = 'ixopay_gateway_calls_total';
const tracer = trace.getTracer('ixopay-temporal/gateway');

/** The coarse result of a call: the histogram's only label besides the operation. */
export type CallOutcome = 'ok' | 'declined' | 'error' | 'timeout';

interface ReplyLike {
  readonly status: number;
  readonly text: string;
}

/** Where a call goes, without ids: `url.template` is the path with its variable segments as `{name}`. */
export interface GatewayRoute {
  readonly serverAddress: string;
  readonly serverPort: number;
  readonly urlTemplate: string;
}

/** The IXOPAY error code of a reply body (`errorCode`, or the first of `errors`), if any. */
export function ixopayErrorCode(text: string): number | undefined {
  // Most replies carry none: they are not parsed a second time (the client parses every reply already).
  if (!text.includes('errorCode')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as { errorCode?: unknown; errors?: unknown };
  const first: unknown = Array.isArray(record.errors) ? record.errors[0] : undefined;
  const code =
    record.errorCode ??
    (typeof first === 'object' && first !== null ? (first as { errorCode?: unknown }).errorCode : undefined);
  const n = typeof code === 'string' ? Number(code) : code;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

const isTimeout = (error: unknown): boolean => error instanceof Error && /timeout/i.test(error.name);

/** `ok`, the IXOPAY error code, `http_<status>`, or `timeout` / `network` when nothing came back. */
export function resultCode(
  reply: ReplyLike | undefined,
  errorCode: number | undefined,
  error?: unknown,
): string {
  if (!reply) return isTimeout(error) ? 'timeout' : 'network';
  if (errorCode !== undefined) return String(errorCode);
  return reply.status >= 200 && reply.status < 300 ? 'ok' : `http_${reply.status}`;
}

/**
 * The coarse outcome: `declined` for a decline code of the IXOPAY table, `timeout` when nothing came back in
 * time or the gateway reports its acquirer timed out (3001), `error` for any other code, non-2xx or failure.
 */
export function callOutcome(
  reply: ReplyLike | undefined,
  errorCode: number | undefined,
  error?: unknown,
): CallOutcome {
  if (!reply) return isTimeout(error) ? 'timeout' : 'error';
  if (errorCode !== undefined) {
    if (errorCode === 3001) return 'timeout';
    return classifyErrorCode(errorCode).family === 'decline' ? 'declined' : 'error';
  }
  return reply.status >= 200 && reply.status < 300 ? 'ok' : 'error';
}

/** OpenTelemetry's `error.type`: the HTTP status (≥ 400), the IXOPAY code, or the failure's class name. */
export function errorType(
  reply: ReplyLike | undefined,
  errorCode: number | undefined,
  error?: unknown,
): string | undefined {
  if (!reply) return error instanceof Error ? error.name : '_OTHER';
  if (reply.status >= 400) return String(reply.status);
  return errorCode === undefined ? undefined : `ixopay_${errorCode}`;
}

interface CallResult {
  readonly code: string;
  readonly outcome: CallOutcome;
}

function record(operation: string, result: CallResult, seconds: number): void {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return; // not inside an activity (scripts, the simulator's tests): no worker metrics to feed
  }
  // The runtime's meter with our own snake_case tags (the activity meter would add camelCase ones).
  const meter = Runtime.instance().metricMeter;
  const tags = activityMetricTags(context.info);
  meter
    .createHistogram(GATEWAY_CALL_DURATION, 'float', 's', 'IXOPAY gateway call latency, by coarse outcome')
    .record(seconds, { ...tags, operation, outcome: result.outcome });
  meter
    .createCounter(GATEWAY_CALLS_TOTAL, '1', 'IXOPAY gateway calls, by result code')
    .add(1, { ...tags, operation, result_code: result.code });
}

function finish(span: Span, reply: ReplyLike | undefined, error?: unknown): CallResult {
  const errorCode = reply ? ixopayErrorCode(reply.text) : undefined;
  const code = resultCode(reply, errorCode, error);
  const outcome = callOutcome(reply, errorCode, error);
  if (reply) span.setAttribute('http.response.status_code', reply.status);
  if (errorCode !== undefined) span.setAttribute('ixopay.error_code', errorCode);
  span.setAttribute('ixopay.result_code', code);
  span.setAttribute('ixopay.outcome', outcome);
  const type = errorType(reply, errorCode, error);
  if (type !== undefined) span.setAttribute('error.type', type);
  if (!reply || reply.status >= 500) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : code });
  }
  span.end();
  return { code, outcome };
}

export async function observeGatewayCall<R extends ReplyLike>(
  operation: string,
  method: 'GET' | 'POST',
  route: GatewayRoute,
  send: () => Promise<R>,
): Promise<R> {
  return tracer.startActiveSpan(
    `ixopay.gateway ${operation}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'ixopay.operation': operation,
        'http.request.method': method,
        'server.address': route.serverAddress,
        'server.port': route.serverPort,
        'url.template': route.urlTemplate,
      },
    },
    async (span) => {
      const started = performance.now();
      const seconds = (): number => (performance.now() - started) / 1000;
      try {
        const reply = await send();
        record(operation, finish(span, reply), seconds());
        return reply;
      } catch (error) {
        record(operation, finish(span, undefined, error), seconds());
        throw error;
      }
    },
  );
}
