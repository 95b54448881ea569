import { getEventListeners } from 'node:events';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { registerSecret } from '../../src/log.js';
import { LivePersonError } from '../../src/liveperson/errors.js';
import { httpRequest, parseRetryAfter, statusError, type HttpResponse } from '../../src/liveperson/http.js';
import { sendJson } from './fake-server.js';
import { useFake } from '../support/for-this-test.js';

const answer = (status: number, text: string, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, text });

describe('httpRequest', () => {
  it('returns status, headers and the whole body', async () => {
    const fake = await useFake((_req, res) => sendJson(res, 201, { ok: true }, { 'x-thing': 'a' }));
    const res = await httpRequest({ api: 'nht', method: 'POST', url: `${fake.url}/x?y=1`, body: '{"a":1}', timeoutMs: 2000 });
    expect(res.status).toBe(201);
    expect(res.headers['x-thing']).toBe('a');
    expect(JSON.parse(res.text)).toEqual({ ok: true });
    expect(fake.seen[0]).toMatchObject({ method: 'POST', url: '/x?y=1', body: '{"a":1}' });
  });

  it('when LivePerson never answers, fails as a timeout after the request timeout', async () => {
    const fake = await useFake(() => {}); // never responds
    const started = Date.now();
    const err = await httpRequest({ api: 'nht', method: 'GET', url: fake.url, timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LivePersonError);
    expect((err as LivePersonError).kind).toBe('timeout');
    expect((err as LivePersonError).message).toMatch(/timed out after 150 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('when nothing listens, fails as a network error naming the URL', async () => {
    const fake = await useFake(() => {});
    const url = fake.url;
    await fake.close();
    const err = (await httpRequest({ api: 'domain', method: 'GET', url, timeoutMs: 2000 }).catch((e: unknown) => e)) as LivePersonError;
    expect(err.kind).toBe('network_error');
    expect(err.api).toBe('domain');
    expect(err.message).toContain(url);
  });

  it('when the connection drops mid-answer, fails as a network error', async () => {
    const fake = await useFake((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.destroy(), 20);
    });
    const err = (await httpRequest({ api: 'nht', method: 'GET', url: fake.url, timeoutMs: 2000 }).catch((e: unknown) => e)) as LivePersonError;
    expect(err).toBeInstanceOf(LivePersonError);
    expect(err.kind).toBe('network_error');
  });

  it('when the caller aborts (shutdown), rejects promptly with the abort reason, not a LivePerson error', async () => {
    const fake = await useFake(() => {});
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 30);
    const started = Date.now();
    const err = await httpRequest({ api: 'nht', method: 'GET', url: fake.url, timeoutMs: 10_000, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(err).toBe(reason);
    expect(Date.now() - started).toBeLessThan(2000);
  });
  it('times out on the clock the test drives, without waiting for it', async () => {
    const fake = await useFake(() => {}); // never responds
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    onTestFinished(() => void vi.useRealTimers());
    const failing = httpRequest({ api: 'nht', method: 'GET', url: fake.url, timeoutMs: 60_000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    const err = (await failing) as LivePersonError;
    expect(err).toBeInstanceOf(LivePersonError);
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/timed out after 60000 ms/);
  });

  it("leaves no listener on the caller's signal, whether the request is answered, fails or times out", async () => {
    const fake = await useFake((req, res) => {
      if (req.url === '/ok') sendJson(res, 200, {});
      else res.destroy();
    });
    const hung = await useFake(() => {});
    const poll = new AbortController(); // one signal for a whole poll's requests
    const signal = poll.signal;
    await httpRequest({ api: 'nht', method: 'GET', url: `${fake.url}/ok`, timeoutMs: 2000, signal });
    await httpRequest({ api: 'nht', method: 'GET', url: `${fake.url}/drop`, timeoutMs: 2000, signal }).catch(() => {});
    await httpRequest({ api: 'nht', method: 'GET', url: hung.url, timeoutMs: 50, signal }).catch(() => {});
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});

describe('statusError', () => {
  it('a 400 lists the causes LivePerson gave', () => {
    const err = statusError('nht', answer(400, JSON.stringify({ causes: ['offset must be >= 0', { message: 'limit too big' }], message: 'Bad request' })));
    expect(err.kind).toBe('client_error');
    expect(err.status).toBe(400);
    expect(err.causes).toEqual(['offset must be >= 0', 'limit too big']);
    expect(err.message).toContain('HTTP 400');
    expect(err.message).toContain('causes: offset must be >= 0; limit too big');
    expect(err.message).toContain('message: Bad request');
  });

  it('a 401 says the reason', () => {
    const err = statusError('nht', answer(401, '{"reason":"oauth_problem=token_rejected"}'));
    expect(err.kind).toBe('unauthorized');
    expect(err.message).toContain('reason: oauth_problem=token_rejected');
  });

  it('a token error says error and error_description', () => {
    const err = statusError('token', answer(400, '{"error":"invalid_request","error_description":"grant_type is required"}'));
    expect(err.message).toBe('token request failed: HTTP 400; error: invalid_request; error_description: grant_type is required');
  });

  it('a 429 carries Retry-After in ms', () => {
    expect(statusError('nht', answer(429, '', { 'retry-after': '7' })).retryAfterMs).toBe(7000);
    expect(statusError('nht', answer(429, '')).retryAfterMs).toBeUndefined();
  });

  it.each([
    [500, 'server_error'],
    [503, 'server_error'],
    [502, 'server_error'],
    [404, 'client_error'],
    [408, 'timeout'],
    [302, 'bad_response'],
  ])('HTTP %d is %s', (status, kind) => {
    expect(statusError('nht', answer(status, '<html>oops</html>')).kind).toBe(kind);
  });

  it('describes a body that is not a LivePerson error object by its size, never quoting it', () => {
    const err = statusError('nht', answer(503, '<html>' + 'x'.repeat(1000) + '</html>'));
    expect(err.message).toContain('body not shown (1013 bytes');
    expect(err.message).not.toContain('<html>');
    expect(err.message.length).toBeLessThan(300);
  });

  it('never repeats a registered secret that a server echoed back', () => {
    registerSecret('s3cr3t-value-echoed');
    const err = statusError('token', answer(401, '{"error":"invalid_client","error_description":"bad secret s3cr3t-value-echoed"}'));
    expect(err.message).not.toContain('s3cr3t-value-echoed');
    expect(err.message).toContain('invalid_client');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0);
  it.each([
    ['2', 2000],
    [' 0 ', 0],
    ['1.5', 1500],
    ['Wed, 01 Jan 2025 12:00:10 GMT', 10_000],
    ['Wed, 01 Jan 2025 11:00:00 GMT', 0],
  ])('%j is %d ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([undefined, 'soon', '-3'])('%j is ignored', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
