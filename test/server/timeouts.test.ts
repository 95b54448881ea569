import { connect, type Socket } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, SERVER_TIMEOUTS, type Listening } from '../../src/server/http.js';

let server: Listening | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.close();
  server = undefined;
});

/** Opens a raw connection, sends `data`, and resolves with how long the server kept it open. */
function heldFor(port: number, data?: string | ((s: Socket) => void)): Promise<number> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => {
      if (typeof data === 'string') socket.write(data);
      else data?.(socket);
    });
    sockets.push(socket);
    socket.resume();
    socket.on('error', () => {});
    socket.on('close', () => resolve(Date.now() - started));
  });
}

// Short limits of the same kinds as the production ones, so the test takes about a second.
const SHORT = { headersTimeoutMs: 400, requestTimeoutMs: 800, keepAliveTimeoutMs: 300, checkIntervalMs: 50 };

describe('the HTTP server closes connections that a client leaves hanging', () => {
  it('uses the documented limits by default: headers 10 s, request 30 s, keep-alive 5 s', () => {
    expect(SERVER_TIMEOUTS).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 });
  });

  it('closes a connection that sends nothing, one that sends half its headers, a slow body and an idle keep-alive', async () => {
    const app = express();
    app.all('/', (_req, res) => res.send('ok'));
    server = await listen(app, '127.0.0.1', 0, SHORT);
    const port = server.port;
    const [silent, half, slowBody, keepAlive] = await Promise.all([
      heldFor(port),
      heldFor(port, 'GET / HTTP/1.1\r\nHost: x\r\n'),
      heldFor(port, (s) => {
        s.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n');
        const drip = setInterval(() => s.writable && s.write('a'), 50);
        s.on('close', () => clearInterval(drip));
      }),
      heldFor(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
    ]);
    // Each closes after its own limit plus at most a few checking intervals, never held open.
    expect(silent).toBeLessThan(SHORT.headersTimeoutMs + 1000);
    expect(half).toBeLessThan(SHORT.headersTimeoutMs + 1000);
    expect(slowBody).toBeGreaterThanOrEqual(SHORT.requestTimeoutMs - 100);
    expect(slowBody).toBeLessThan(SHORT.requestTimeoutMs + 1000);
    // Node keeps an idle keep-alive socket 1 s past keepAliveTimeout, to lose no race with a reusing client.
    expect(keepAlive).toBeLessThan(SHORT.keepAliveTimeoutMs + 1000 + 500);
  });
});
