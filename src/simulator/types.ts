import type { NhtField } from '../liveperson/types.js';

/** What the simulator does to a request instead of answering it normally. */
export type FaultAction =
  | { kind: 'status'; status: 429 | 500 | 503 | 400 | 401 | 403; retryAfterSeconds?: number }
  | { kind: 'delay'; ms: number }
  | { kind: 'malformed' }
  /** Any answer at all: a redirect, an HTML page, an echo of the request, a gzip bomb. */
  | { kind: 'reply'; status: number; headers?: Readonly<Record<string, string>>; body: string | Buffer }
  /** The normal JSON answer, changed by `edit` (a count of a billion, duplicate skills, wrong types). */
  | { kind: 'edit'; edit: (json: unknown) => unknown }
  /**
   * A body written chunk by chunk as the client reads it, `chunkDelayMs` apart: an answer too
   * big to hold, or one that trickles. Stops when the client goes away.
   */
  | {
      kind: 'stream';
      status?: number;
      headers?: Readonly<Record<string, string>>;
      chunks: () => Iterable<string | Buffer> | AsyncIterable<string | Buffer>;
      chunkDelayMs?: number;
    }
  /** The connection is cut before any answer. */
  | { kind: 'reset' };

export interface FaultRequest {
  /** 'nht', 'token', 'domain' or 'skills'. */
  readonly api: 'nht' | 'token' | 'domain' | 'skills';
  readonly offset?: number;
  /** How many NHT requests the simulator had seen before this one. */
  readonly seq: number;
  /** The request body as sent (for an echo). */
  readonly body?: string;
  /** The request's `authorization` header, if any (for an echo). */
  readonly authorization?: string;
}

export interface SimulatorFaults {
  /** Share of NHT requests answered 429 (0..1). */
  readonly rate429?: number;
  readonly retryAfterSeconds?: number;
  /** Share of NHT requests answered 500/503 (0..1). */
  readonly rate5xx?: number;
  /** Share of NHT responses whose body is cut short (0..1). */
  readonly malformedRate?: number;
  /** Added latency per NHT request, ms. */
  readonly delayMs?: number;
  /** Fine-grained control for tests: called for every request; a returned action replaces the normal answer. */
  readonly script?: (req: FaultRequest) => FaultAction | undefined;
}

export interface SimulatorOptions {
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly accountId?: string;
  /** Number of skills (ids derived from the seed) unless skillIds is given. */
  readonly skills?: number;
  readonly skillIds?: readonly string[];
  readonly seed?: number;
  /** Accepted OAuth 2.0 client credentials. */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Lifetime of issued access tokens. */
  readonly tokenTtlSeconds?: number;
  /** Accepted OAuth 1.0 keys. */
  readonly oauth1?: { appKey: string; appSecret: string; accessToken: string; accessTokenSecret: string };
  /** Accepted static bearer token. */
  readonly bearerToken?: string;
  /** Spell fields the PascalCase way of the API page's field table (`AvgTimeInQueue`, `metadata`, `Interval`) in this share of responses. */
  readonly pascalCaseRate?: number;
  /** Clock, epoch ms. Defaults to Date.now. */
  readonly now?: () => number;
  readonly faults?: SimulatorFaults;
  /**
   * Also report the Skills API's deleted skill in NHT data, as an account whose history still
   * holds a retired skill (default false: NHT reports the active skills only).
   */
  readonly deletedSkillInNht?: boolean;
}

export interface SimulatorStats {
  nhtRequests: number;
  tokenRequests: number;
  domainRequests: number;
  skillsRequests: number;
  /** Highest number of NHT requests in flight at once. */
  maxInFlight: number;
  /** TCP connections accepted: a client behind a proxy opens them all through it. */
  connections: number;
}

export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:38211 — serves the Domain API, sentinel and NHT on one port. */
  readonly url: string;
  readonly accountId: string;
  readonly skillIds: readonly string[];
  readonly stats: SimulatorStats;
  /** The values the simulator serves for one skill and bucket (-1 where it has no data). */
  bucket(skillId: string, start: number, intervalMinutes: 15 | 30 | 60): Record<NhtField, number>;
  setFaults(faults: SimulatorFaults | undefined): void;
  /**
   * Accepts only `secret` as the OAuth 2.0 client secret from now on and revokes every token
   * issued so far, as LivePerson does when an operator rotates the secret.
   */
  rotateClientSecret(secret: string): void;
  /** Renames a skill in the Skills API and bumps its `ac-revision`. Throws for an unknown id. */
  renameSkill(id: string, name: string): void;
  stop(): Promise<void>;
}
