import { scrub } from '../log.js';

/** The LivePerson APIs this client talks to; also the `api` label of the exporter's request metrics. */
export type LivePersonApi = 'nht' | 'token' | 'domain' | 'skills';

/** Why a request failed, as far as the client can tell. Every kind but `client_error` and `unauthorized` is worth a retry. */
export type LivePersonErrorKind =
  | 'throttled'
  | 'unauthorized'
  | 'client_error'
  | 'server_error'
  | 'timeout'
  | 'network_error'
  | 'bad_response';

/** The outcome of one HTTP attempt: `ok` or the kind of failure. */
export type RequestOutcome = 'ok' | LivePersonErrorKind;

export interface LivePersonErrorInit {
  readonly api: LivePersonApi;
  readonly kind: LivePersonErrorKind;
  readonly message: string;
  readonly status?: number;
  readonly causes?: readonly string[];
  readonly retryAfterMs?: number;
  readonly offset?: number;
  readonly attempts?: number;
  /** True when neither a retry nor a second chance can help (the poll's deadline is too near). */
  readonly final?: boolean;
  readonly cause?: unknown;
}

/**
 * A failed call to a LivePerson API. The message is meant for a log line and an operator:
 * it says which API, what HTTP status and what LivePerson said, and never carries a credential
 * (every message passes through the secret scrubber of `log.ts`).
 */
export class LivePersonError extends Error {
  readonly api: LivePersonApi;
  readonly kind: LivePersonErrorKind;
  readonly status?: number;
  /** The `causes` of a 400 answer, when LivePerson sent them. */
  readonly causes?: readonly string[];
  /** The server's `Retry-After`, in ms, when it sent one. */
  readonly retryAfterMs?: number;
  /** For an NHT page: the `offset` of the page that failed. */
  readonly offset?: number;
  /** How many attempts were made before giving up. */
  readonly attempts?: number;
  /** True when neither a retry nor a second chance can help (the poll's deadline is too near). */
  readonly final?: boolean;

  constructor(init: LivePersonErrorInit) {
    super(scrub(init.message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'LivePersonError';
    this.api = init.api;
    this.kind = init.kind;
    if (init.status !== undefined) this.status = init.status;
    if (init.causes !== undefined) this.causes = init.causes.map(scrub);
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.offset !== undefined) this.offset = init.offset;
    if (init.attempts !== undefined) this.attempts = init.attempts;
    if (init.final) this.final = true;
  }

  /** A copy with some fields replaced (e.g. the page offset and attempt count added on the way up). */
  with(changes: Partial<LivePersonErrorInit>): LivePersonError {
    return new LivePersonError({
      api: this.api,
      kind: this.kind,
      message: this.message,
      ...(this.status !== undefined && { status: this.status }),
      ...(this.causes !== undefined && { causes: this.causes }),
      ...(this.retryAfterMs !== undefined && { retryAfterMs: this.retryAfterMs }),
      ...(this.offset !== undefined && { offset: this.offset }),
      ...(this.attempts !== undefined && { attempts: this.attempts }),
      ...(this.final && { final: true }),
      cause: this.cause,
      ...changes,
    });
  }
}
