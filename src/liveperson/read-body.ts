/**
 * Reads a LivePerson answer with a bound on its size: bytes are counted as they arrive (after
 * decompression, so a gzip bomb is stopped by what it expands to), and the request is aborted
 * the moment the count passes the cap. Nothing larger than the cap is ever held in memory.
 */
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { LivePersonError, type LivePersonApi } from './errors.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The largest answer read from each API. A real NHT page (10 skills × 7 buckets) is about 20 KB;
 * a JWT answer or a Domain API answer well under 10 KB; the Skills API's list (id, name, deleted)
 * about 60 bytes a skill, so 8 MiB holds well over 100,000 skills.
 */
export const MAX_ANSWER_BYTES: Readonly<Record<LivePersonApi, number>> = {
  nht: 1 * MiB,
  token: 256 * KiB,
  domain: 256 * KiB,
  skills: 8 * MiB,
};

/** The `accept-encoding` every LivePerson request sends: the answers this module can decompress. */
export const ACCEPT_ENCODING = 'gzip, deflate';

export interface ReadOptions {
  readonly api: LivePersonApi;
  readonly maxBytes?: number;
  /** The answer's `content-encoding`, if any. */
  readonly contentEncoding?: string | undefined;
}

/**
 * The whole body as text, at most `maxBytes` (default: the API's {@link MAX_ANSWER_BYTES})
 * after decompression. Rejects with a LivePersonError of kind `bad_response` past the cap or
 * for a body it cannot decode; the body stream is destroyed then, which aborts the request.
 */
export function readCapped(body: Readable, options: ReadOptions): Promise<string> {
  const max = options.maxBytes ?? MAX_ANSWER_BYTES[options.api];
  // Destroying the body below makes undici emit an abort on it: expected, and not an error to report.
  body.on('error', () => {});
  let decoder: Transform | undefined;
  try {
    decoder = decompressor(options.api, options.contentEncoding);
  } catch (err) {
    body.destroy();
    return Promise.reject(err);
  }
  const source: Readable = decoder ? body.pipe(decoder) : body;
  if (decoder) {
    body.on('error', (err) => decoder.destroy(err));
    decoder.on('error', () => {});
  }
  // Events rather than `for await`: the async iterator costs a promise per chunk, at thousands of
  // NHT pages a poll.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      body.destroy();
      decoder?.destroy();
      if (decoder && !(err instanceof LivePersonError) && isZlibError(err)) {
        reject(new LivePersonError({ api: options.api, kind: 'bad_response', message: `${options.api} answer is not valid ${options.contentEncoding} data`, cause: err }));
      } else {
        reject(err);
      }
    };
    source.on('data', (chunk: Buffer | string) => {
      if (settled) return;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > max) fail(tooLarge(options.api, max, decoder !== undefined));
      else chunks.push(buf);
    });
    source.on('error', fail);
    // Closed with neither an end nor an error (destroyed quietly): the answer is cut short.
    source.on('close', () => {
      if (!settled) fail(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    });
    source.on('end', () => {
      if (settled) return;
      settled = true;
      // A page usually arrives in one chunk: decode it where it lies instead of copying it first.
      resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString('utf8'));
    });
  });
}

function decompressor(api: LivePersonApi, encoding: string | undefined): Transform | undefined {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === '' || name === 'identity') return undefined;
  if (name === 'gzip' || name === 'x-gzip') return createGunzip();
  if (name === 'deflate') return createInflate();
  if (name === 'br') return createBrotliDecompress();
  throw new LivePersonError({ api, kind: 'bad_response', message: `${api} answer has an unsupported content-encoding` });
}

function tooLarge(api: LivePersonApi, max: number, decompressed: boolean): LivePersonError {
  return new LivePersonError({
    api,
    kind: 'bad_response',
    message: `${api} answer is larger than ${formatBytes(max)}${decompressed ? ' once decompressed' : ''}; stopped reading it`,
  });
}

function isZlibError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} bytes`;
}
