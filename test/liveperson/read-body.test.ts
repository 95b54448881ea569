import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LivePersonError } from '../../src/liveperson/errors.js';
import { httpRequest } from '../../src/liveperson/http.js';
import { MAX_ANSWER_BYTES } from '../../src/liveperson/read-body.js';
import { rejection } from './helpers.js';
import { useFake } from '../support/for-this-test.js';

const get = (url: string, maxBytes?: number) =>
  httpRequest({ api: 'nht', method: 'GET', url, timeoutMs: 10_000, ...(maxBytes !== undefined && { maxBytes }) });

describe('reading a LivePerson answer', () => {
  it('stops reading an answer past the cap and aborts the request, instead of holding it all', async () => {
    let written = 0;
    let closed!: (early: boolean) => void;
    const closedEarly = new Promise<boolean>((resolve) => (closed = resolve));
    const fake = await useFake(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.on('close', () => closed(!res.writableFinished));
      // 64 MiB offered; the client must hang up after about its 1 MiB cap.
      for (let i = 0; i < 1024 && !res.destroyed; i += 1) {
        written += chunk.length;
        if (!res.write(chunk)) await new Promise((r) => res.once('drain', r).once('close', r));
      }
      res.end();
    });
    const err = await rejection(get(fake.url));
    expect(err).toBeInstanceOf(LivePersonError);
    expect((err as LivePersonError).kind).toBe('bad_response');
    expect((err as LivePersonError).message).toBe('nht answer is larger than 1 MiB; stopped reading it');
    expect(await closedEarly).toBe(true);
    expect(written).toBeLessThan(16 * 1024 * 1024);
  });

  it('counts a gzip answer after decompression, so a small bomb cannot expand past the cap', async () => {
    const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(200 * 1024);
    const fake = await useFake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const err = (await rejection(get(fake.url))) as LivePersonError;
    expect(err.kind).toBe('bad_response');
    expect(err.message).toContain('larger than 1 MiB once decompressed');
  });

  it('reads gzip and deflate answers it asked for, and says so when one is corrupt or in an unknown encoding', async () => {
    let mode = 'gzip';
    const fake = await useFake((req, res) => {
      expect(req.headers['accept-encoding']).toBe('gzip, deflate');
      if (mode === 'gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('{"ok":true}'));
      else if (mode === 'corrupt') res.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all');
      else res.writeHead(200, { 'content-encoding': 'zstd-or-whatever' }).end('x');
    });
    expect((await get(fake.url)).text).toBe('{"ok":true}');
    mode = 'corrupt';
    expect(((await rejection(get(fake.url))) as LivePersonError).message).toBe('nht answer is not valid gzip data');
    mode = 'unknown';
    expect(((await rejection(get(fake.url))) as LivePersonError).message).toBe('nht answer has an unsupported content-encoding');
  });

  it('has a cap for every API, far above a real answer', () => {
    expect(MAX_ANSWER_BYTES).toEqual({ nht: 1024 * 1024, token: 256 * 1024, domain: 256 * 1024, skills: 8 * 1024 * 1024 });
  });
});
