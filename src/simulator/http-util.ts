/** Small node:http helpers: the simulator needs no framework. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An answer, decided before anything is written so faults can replace or truncate it. */
export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Already serialised; undefined for an empty body (304). */
  readonly body?: string;
}

/** A JSON reply. */
export function json(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { status, body: JSON.stringify(value), headers: { 'content-type': 'application/json; charset=utf-8', ...headers } };
}

/** Writes a reply unless the client (or stop()) has gone away meanwhile. */
export function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}

const MAX_BODY_BYTES = 1_000_000;

/** The request body as text; rejects bodies over 1 MB. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The first value of a header. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
