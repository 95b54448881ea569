/**
 * A /metrics response as the cached buffers it is made of, written to the socket one after the
 * other: a scrape copies nothing and compresses nothing unless a part changed since the last one.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import type { RenderedData } from './exposition.js';

/** The buffers of one response body, in order, and their total length (the Content-Length). */
export interface Body {
  readonly chunks: readonly Buffer[];
  readonly length: number;
}

/** The text after the cached parts (own and process metrics) as plain bytes and as a finished raw-deflate stream. */
export interface Tail {
  readonly bytes: Buffer;
  readonly deflated: Buffer;
}

export function prepareTail(text: string): Tail {
  const bytes = Buffer.from(text, 'utf8');
  return { bytes, deflated: deflateRawSync(bytes) };
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);

/** What the parts add up to: their CRC-32 and length, continued by the tail's. */
interface Prefix {
  readonly parts: readonly RenderedData[];
  readonly crc: number;
  readonly size: number;
}

function prefixOf(parts: readonly RenderedData[]): Prefix {
  let crc = parts[0]?.crc ?? 0;
  let size = parts[0]?.bytes.length ?? 0;
  for (const part of parts.slice(1)) {
    // An empty part adds nothing to the checksum.
    if (part.bytes.length === 0) continue;
    crc = crc32(part.bytes, crc);
    size += part.bytes.length;
  }
  return { parts, crc, size };
}

const sameParts = (a: readonly RenderedData[], b: readonly RenderedData[]): boolean =>
  a.length === b.length && a.every((part, i) => part === b[i]);

/**
 * Bodies up to this size are joined into one buffer when built: a scrape then writes one buffer
 * with one `end()`, as a static-buffer server does, instead of five writes through the stream
 * machinery (docs/benchmarks.md), and a copy at every rebuild (at most once a second, when the
 * process metrics change) is cheap at this size. Larger bodies, the plain page of 10,000 skills
 * and more, are written as their cached parts so that the page is not held twice.
 */
const JOIN_LIMIT = 2 * 1024 * 1024;

function bodyOf(chunks: Buffer[], joinLimit: number): Body {
  const length = chunks.reduce((n, b) => n + b.length, 0);
  return { chunks: length <= joinLimit && chunks.length > 1 ? [Buffer.concat(chunks, length)] : chunks, length };
}

/**
 * The plain and gzip bodies of the latest parts and tail, rebuilt only when one of them is a new
 * object. The gzip body is one gzip member: the header, each part's cached deflate stream (ended
 * with a sync flush, so they chain), the tail's finished stream (a fresh stream only refers back
 * into itself, so the chain is valid), and a trailer whose CRC continues the parts' CRC.
 */
export class Bodies {
  private prefix: Prefix | undefined;
  private tail: Tail | undefined;
  private built: { readonly plain: Body; readonly gzip: Body } | undefined;

  constructor(private readonly joinLimit = JOIN_LIMIT) {}

  get(parts: readonly RenderedData[], tail: Tail): { readonly plain: Body; readonly gzip: Body } {
    if (this.built && this.tail === tail && this.prefix && sameParts(this.prefix.parts, parts)) return this.built;
    if (!this.prefix || !sameParts(this.prefix.parts, parts)) this.prefix = prefixOf(parts);
    const { crc, size } = this.prefix;
    const total = size + tail.bytes.length;
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(tail.bytes.length ? crc32(tail.bytes, crc) : crc, 0);
    trailer.writeUInt32LE(total % 2 ** 32, 4);
    const gzip = [GZIP_HEADER, ...parts.map((p) => p.deflated), tail.deflated, trailer];
    this.tail = tail;
    this.built = { plain: bodyOf([...parts.map((p) => p.bytes), tail.bytes], this.joinLimit), gzip: bodyOf(gzip, this.joinLimit) };
    return this.built;
  }
}
