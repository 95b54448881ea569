import type { Authorizer } from './authorizer.js';
import type { DomainResolver } from './domain.js';
import { LivePersonError } from './errors.js';
import { header, jsonBody } from './http.js';
import { callApi } from './request.js';
import { snippet } from '../secrets.js';
import type { RequestDeps } from './retry.js';

/** Longest skill name kept (LivePerson's own limit is far below): longer ones are cut with `…`. */
const MAX_NAME_CHARS = 256;

/** One skill as the Skills API describes it; only what the exporter needs. */
export interface SkillDefinition {
  /** The id as NHT reports it: a string of digits. */
  readonly id: string;
  readonly name: string;
  readonly deleted: boolean;
}

/**
 * The answer to a conditional read: either the data did not change since `revision` (304), or
 * the full list with the revision to send next time (undefined when LivePerson sent none).
 */
export type SkillsFetch =
  | { readonly changed: false; readonly revision: string }
  | { readonly changed: true; readonly revision: string | undefined; readonly skills: readonly SkillDefinition[]; readonly dropped: number };

export interface SkillsClientOptions extends RequestDeps {
  readonly accountId: string;
  /** The same credentials as the NHT client: share its authorizer. */
  readonly authorizer: Authorizer;
  /** Finds `accountConfigReadOnly` (configured or discovered); share the NHT client's resolver. */
  readonly resolver: DomainResolver;
}

/** Reads the account's skills (id → name) from LivePerson's Skills API (account configuration, read only). */
export interface SkillsClient {
  /**
   * All skills, deleted ones included (historical NHT data may still name them). With
   * `knownRevision`, asks for them only if they changed since. Rejects with a LivePersonError
   * (api `skills`) once the retry policy gives up, or with the abort reason when `signal` aborts.
   */
  fetchSkills(knownRevision?: string, signal?: AbortSignal): Promise<SkillsFetch>;
}

/** `select` is the API's default too; sent so a changed default cannot bloat the answer. */
const QUERY = 'v=2.0&include_deleted=true&select=id,name,deleted';

/** Builds a Skills API client; it holds no connections of its own (they belong to `dispatcher`). */
export function createSkillsClient(options: SkillsClientOptions): SkillsClient {
  const { authorizer } = options;
  return {
    async fetchSkills(knownRevision, signal) {
      const base = await options.resolver.baseUrl('accountConfigReadOnly', signal);
      const url = `${base}/api/account/${encodeURIComponent(options.accountId)}/configuration/le-users/skills?${QUERY}`;
      return callApi<SkillsFetch>(options, {
        api: 'skills',
        method: 'GET',
        url,
        headers: { accept: 'application/json', ...(knownRevision !== undefined && { 'if-none-match': knownRevision }) },
        ...(signal && { signal }),
        authorizer,
        // A 304 without a question would be a broken proxy; treat it as a bad answer.
        accept: (status) => status === 304 && knownRevision !== undefined,
        read: (res) => {
          if (res.status === 304) return { changed: false, revision: knownRevision! };
          const { skills, dropped } = parseSkills(jsonBody('skills', res, 'Skills API response'));
          // ETag is the HTTP validator; ac-revision is LivePerson's own. Either works with If-None-Match.
          const revision = header(res, 'etag') ?? header(res, 'ac-revision');
          return { changed: true, revision, skills, dropped };
        },
      }).catch((err: unknown) => {
        if (err instanceof LivePersonError && err.kind === 'network_error') options.resolver.forget?.('accountConfigReadOnly');
        throw err;
      });
    },
  };
}

/**
 * The Skills API's JSON array. Entries without a usable id or name are counted and skipped (one
 * odd entry must not cost every other skill its name); anything but an array is a bad answer.
 */
export function parseSkills(json: unknown): { skills: SkillDefinition[]; dropped: number } {
  if (!Array.isArray(json)) {
    throw new LivePersonError({ api: 'skills', kind: 'bad_response', message: 'Skills API response is not a JSON array' });
  }
  const skills: SkillDefinition[] = [];
  let dropped = 0;
  for (const entry of json) {
    const skill = readSkill(entry);
    if (skill) skills.push(skill);
    else dropped += 1;
  }
  return { skills, dropped };
}

function readSkill(entry: unknown): SkillDefinition | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Record<string, unknown>;
  const rawId = e['id'];
  const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0 ? String(rawId) : rawId;
  if (typeof id !== 'string' || !/^\d{1,19}$/.test(id)) return undefined;
  const name = e['name'];
  if (typeof name !== 'string' || name.trim() === '') return undefined;
  // A label value: bounded, and scrubbed in case a server put a credential there.
  return { id, name: snippet(name, MAX_NAME_CHARS), deleted: e['deleted'] === true };
}
