/**
 * One gateway HTTP exchange, observed: a CLIENT span (`ixopay.gateway <operation>`, a child of the running
 * activity's span) and, inside an activity, the latency histogram `ixopay_gateway_call_duration_ms{operation,
 * result_code}` through the activity's metric meter. Attributes are the operation, the HTTP status and the
 * IXOPAY error code: never a URL (it can hold ids), a body, card data or a token.
 */
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { Context } from '@temporalio/activity';

export const GATEWAY_CALL_DURATION = 'ixopay_gateway_call_duration_ms';
const tracer = trace.getTracer('ixopay-temporal/gateway');

interface ReplyLike {
  readonly status: number;
  readonly text: string;
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

/** `ok`, the IXOPAY error code, `http_<status>`, or `timeout` / `network` when nothing came back. */
export function resultCode(
  reply: ReplyLike | undefined,
  errorCode: number | undefined,
  error?: unknown,
): string {
  if (!reply) return error instanceof Error && /timeout/i.test(error.name) ? 'timeout' : 'network';
  if (errorCode !== undefined) return String(errorCode);
  return reply.status >= 200 && reply.status < 300 ? 'ok' : `http_${reply.status}`;
}

function recordDuration(operation: string, code: string, ms: number): void {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return; // not inside an activity (scripts, the simulator's tests): no worker metrics to feed
  }
  context.metricMeter
    .createHistogram(GATEWAY_CALL_DURATION, 'float', 'ms', 'IXOPAY gateway call latency')
    .record(ms, { operation, result_code: code });
}

function finish(span: Span, reply: ReplyLike | undefined, error?: unknown): string {
  const errorCode = reply ? ixopayErrorCode(reply.text) : undefined;
  const code = resultCode(reply, errorCode, error);
  if (reply) span.setAttribute('http.response.status_code', reply.status);
  if (errorCode !== undefined) span.setAttribute('ixopay.error_code', errorCode);
  span.setAttribute('ixopay.result_code', code);
  if (!reply || reply.status >= 500) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : code });
  }
  span.end();
  return code;
}

export async function observeGatewayCall<R extends ReplyLike>(
  operation: string,
  method: 'GET' | 'POST',
  send: () => Promise<R>,
): Promise<R> {
  return tracer.startActiveSpan(
    `ixopay.gateway ${operation}`,
    { kind: SpanKind.CLIENT, attributes: { 'ixopay.operation': operation, 'http.request.method': method } },
    async (span) => {
      const started = performance.now();
      try {
        const reply = await send();
        recordDuration(operation, finish(span, reply), performance.now() - started);
        return reply;
      } catch (error) {
        recordDuration(operation, finish(span, undefined, error), performance.now() - started);
        throw error;
      }
    },
  );
}
