/** How the simulator writes an injected fault instead of (or on top of) the normal answer. */
import type { ServerResponse } from 'node:http';
import { json, type Reply } from './http-util.js';
import type { FaultAction } from './types.js';

export type StatusFault = Extract<FaultAction, { kind: 'status' }>;

/** LivePerson's answers for the statuses the simulator injects. */
export function statusReply(action: StatusFault): Reply {
  switch (action.status) {
    case 429:
      return json(429, { message: 'Too Many Requests' }, action.retryAfterSeconds === undefined ? {} : { 'retry-after': String(action.retryAfterSeconds) });
    case 401:
      return json(401, { reason: 'oauth_problem=token_rejected' });
    case 400:
      return json(400, { message: 'Bad Request', causes: ['simulated fault'] });
    case 403:
      // What the Skills API answers credentials without its "Skills API Read" privilege.
      return json(403, { message: 'Forbidden' });
    default:
      return json(action.status, { message: action.status === 503 ? 'Service Unavailable' : 'Internal Server Error' });
  }
}

/** A 200 whose JSON stops halfway, as when a proxy cuts a response short. */
export function truncated(reply: Reply): Reply {
  const body = reply.body ?? '{}';
  return { status: reply.status, headers: reply.headers, body: body.slice(0, Math.max(1, Math.floor(body.length / 2))) };
}

/** The normal JSON answer passed through `edit`; a non-JSON answer is left alone. */
export function edited(reply: Reply, edit: (json: unknown) => unknown): Reply {
  if (reply.body === undefined) return reply;
  let value: unknown;
  try {
    value = JSON.parse(reply.body);
  } catch {
    return reply;
  }
  return { status: reply.status, headers: reply.headers, body: JSON.stringify(edit(value)) };
}

/** Writes a streamed fault body, honouring back-pressure, until it ends or the client leaves. */
export async function sendStream(
  res: ServerResponse,
  action: Extract<FaultAction, { kind: 'stream' }>,
  sleep: (ms: number) => Promise<void>,
  stopping: () => boolean,
): Promise<void> {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(action.status ?? 200, { 'content-type': 'application/json', ...action.headers });
  for await (const chunk of action.chunks()) {
    if (res.destroyed || stopping()) return;
    if (action.chunkDelayMs) await sleep(action.chunkDelayMs);
    if (res.destroyed || stopping()) return;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!res.destroyed) res.end();
}

/** Writes a fixed fault answer (status, headers, body as given). */
export function sendRaw(res: ServerResponse, action: Extract<FaultAction, { kind: 'reply' }>): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(action.status, action.headers);
  res.end(action.body);
}


