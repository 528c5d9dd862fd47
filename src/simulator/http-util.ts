/** Small node:http helpers: body reading with a size cap, JSON/HTML answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody as readCappedBody } from '../read-body.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** The request body, at most MAX_BODY_BYTES (the gateway's limit): BodyTooLargeError beyond. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const body = await readCappedBody(req, MAX_BODY_BYTES);
  if (!body) throw new BodyTooLargeError(`body exceeds ${MAX_BODY_BYTES} bytes`);
  return body;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Parses a JSON or form-urlencoded body into a flat object; undefined when unreadable. */
export function parseLooseBody(
  raw: Buffer,
  contentType: string | undefined,
): Record<string, unknown> | undefined {
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  if (contentType?.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
