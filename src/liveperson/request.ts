import type { Authorizer } from './authorizer.js';
import type { LivePersonApi, LivePersonErrorKind } from './errors.js';
import { httpRequest, statusError, type HttpResponse } from './http.js';
import { defaultSleep, observed, withRetry, type RequestDeps } from './retry.js';

/** One call to a LivePerson API, as its client describes it. */
export interface ApiCall<T> {
  readonly api: LivePersonApi;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
  /** Signs each attempt; on a 401 a refreshable credential is dropped and the call tried once more. */
  readonly authorizer?: Authorizer;
  /** Statuses besides 2xx that `read` handles itself (a 304 to a conditional GET). */
  readonly accept?: (status: number) => boolean;
  /** Reads an accepted answer; throws a LivePersonError (usually `bad_response`) for a useless one. */
  readonly read: (res: HttpResponse) => T;
  /** Runs each attempt (not the waits between them) in a slot of a limiter, e.g. p-limit's. */
  readonly slot?: <R>(attempt: () => Promise<R>) => Promise<R>;
  /** Extra fields for the retry log lines (e.g. the page offset). */
  readonly logFields?: Record<string, unknown>;
  /** Epoch ms (by `deps.now`) by which the call must be over: no attempt or wait past it. */
  readonly deadline?: number;
  /** Told of each retry; the per-retry log line is then at debug level (the caller sums them up). */
  readonly onRetry?: (kind: LivePersonErrorKind) => void;
  /** Largest answer read, bytes (default: the API's own cap). */
  readonly maxBytes?: number;
}

/**
 * The one way every LivePerson API is called: authorize, send, time the attempt for the
 * request metrics, turn a non-2xx answer into a LivePersonError, read the body; all under the
 * retry policy of `deps`.
 */
export function callApi<T>(deps: RequestDeps, call: ApiCall<T>): Promise<T> {
  const now = deps.now ?? Date.now;
  const { api, authorizer, signal } = call;
  let sentAuthorization: string | undefined;
  const send = async (): Promise<T> => {
    signal?.throwIfAborted();
    const authorization = authorizer && (await authorizer.header(call.method, call.url, signal));
    sentAuthorization = authorization;
    return observed(api, deps.observer, async () => {
      const res = await httpRequest({
        api,
        method: call.method,
        url: call.url,
        headers: { ...call.headers, ...(authorization !== undefined && { authorization }) },
        ...(call.body !== undefined && { body: call.body }),
        timeoutMs: deps.timeoutMs,
        ...(call.maxBytes !== undefined && { maxBytes: call.maxBytes }),
        ...(signal && { signal }),
        ...(deps.dispatcher && { dispatcher: deps.dispatcher }),
      });
      const ok = (res.status >= 200 && res.status <= 299) || call.accept?.(res.status);
      if (!ok) throw statusError(api, res, now());
      return call.read(res);
    });
  };
  const slot = call.slot;
  return withRetry(slot ? () => slot(send) : send, {
    api,
    policy: deps.retry,
    sleep: deps.sleep ?? defaultSleep,
    ...(signal && { signal }),
    ...(deps.observer && { observer: deps.observer }),
    ...(deps.logger && { logger: deps.logger }),
    ...(call.logFields && { logFields: call.logFields }),
    ...(call.deadline !== undefined && { deadline: call.deadline, now }),
    ...(call.onRetry && { onRetry: call.onRetry }),
    ...(authorizer && {
      onUnauthorized: () => {
        if (!authorizer.refreshable) return false;
        authorizer.invalidate(sentAuthorization);
        return true;
      },
    }),
  });
}
