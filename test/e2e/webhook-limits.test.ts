/**
 * The public callback port's limits, over real sockets: a slow client (slowloris) is cut off, an oversized body
 * is refused before it is read, connections are capped, and /metrics is not served there.
 */
import { strict as assert } from 'node:assert';
import { connect, type Socket } from 'node:net';
import { Client } from '@temporalio/client';
import {
  CALLBACK_PATH,
  WEBHOOK_LIMITS,
  startWebhookServer,
  type WebhookServer,
} from '../../src/webhook/server.js';

/** Resolves with everything the server wrote once it closes the connection. */
function closed(socket: Socket): Promise<string> {
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  return new Promise((resolve) => socket.once('close', () => resolve(received)));
}

function open(server: WebhookServer): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('webhook limits', function () {
  this.timeout(30_000);
  let server: WebhookServer;
  // No callback in these tests gets as far as a signal: the client never connects.
  const client = new Client();

  before(async () => {
    server = await startWebhookServer({
      client,
      taskQueue: 'limits',
      secrets: ['a-webhook-secret-of-our-own'],
      toleranceSeconds: 300,
      metricsPort: 0,
      limits: { requestTimeoutMs: 1_500, headersTimeoutMs: 1_000, maxConnections: 3 },
    });
  });
  after(async () => {
    await server?.stop();
  });

  it('has a 64 KiB body limit, a request timeout of about 10 s and a connection cap by default', () => {
    assert.equal(WEBHOOK_LIMITS.maxBodyBytes, 64 * 1024);
    assert.ok(WEBHOOK_LIMITS.requestTimeoutMs <= 10_000);
    assert.ok(WEBHOOK_LIMITS.maxConnections > 0);
  });

  it('cuts off a client that sends its headers a byte at a time (slowloris)', async () => {
    const socket = await open(server);
    const done = closed(socket);
    const request = `POST ${CALLBACK_PATH} HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nx-pad: ${'a'.repeat(200)}`;
    let i = 0;
    const drip = setInterval(() => {
      if (!socket.destroyed && i < request.length) socket.write(request[i++]!);
    }, 50);
    try {
      const answer = await done;
      // Closed by the server while the client was still sending headers.
      assert.ok(i < request.length, `the client finished its headers (${i} bytes)`);
      assert.ok(answer === '' || answer.startsWith('HTTP/1.1 408'), answer);
    } finally {
      clearInterval(drip);
    }
  });

  it('cuts off a client that trickles its body after the headers', async () => {
    const socket = await open(server);
    const done = closed(socket);
    socket.write(
      `POST ${CALLBACK_PATH} HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n`,
    );
    let sent = 0;
    const drip = setInterval(() => {
      if (!socket.destroyed && sent < 1000) {
        socket.write('{');
        sent++;
      }
    }, 50);
    try {
      await done;
      assert.ok(sent < 1000, 'the client finished its body');
    } finally {
      clearInterval(drip);
    }
  });

  it('refuses a body over 64 KiB with 413, declared or streamed, before authentication', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(WEBHOOK_LIMITS.maxBodyBytes) });
    const before = server.stats;
    const streamed = await fetch(server.callbackUrl, {
      method: 'POST',
      body: new Blob([big]).stream(),
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    });
    assert.equal(streamed.status, 413);
    const declared = await fetch(server.callbackUrl, {
      method: 'POST',
      body: big,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(declared.status, 413);
    // Counted once, as rejected, in the stats and on /metrics alike.
    assert.equal(server.stats.rejected, before.rejected + 2);
    assert.equal(server.metrics.rejected.get({ reason: 'too-large' }), 2);
    // Just under the limit, the signature check answers.
    const small = await fetch(server.callbackUrl, {
      method: 'POST',
      body: JSON.stringify({ pad: 'x'.repeat(WEBHOOK_LIMITS.maxBodyBytes - 100) }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(small.status, 401);
  });

  it('serves /metrics on its own loopback listener only', async () => {
    assert.equal((await fetch(`${server.url}/metrics`)).status, 404);
    const reply = await fetch(server.metricsUrl!);
    assert.equal(reply.status, 200);
    assert.match(await reply.text(), /ixopay_webhook_callbacks_received_total/);
  });

  it('caps open connections', async () => {
    const held = await Promise.all([open(server), open(server), open(server)]);
    try {
      const extra = await open(server);
      const answer = await closed(extra);
      assert.equal(answer, '');
    } finally {
      for (const s of held) s.destroy();
    }
  });
});
