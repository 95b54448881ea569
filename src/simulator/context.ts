/**
 * Everything the request handlers share: the account, its skills, the credentials it accepts and
 * the clock. Built once by startSimulator; handlers only read it (except the skill catalogue and a
 * rotated client secret).
 */
import type { IncomingMessage } from 'node:http';
import type { OAuth1Keys } from './oauth1.js';
import type { SkillProfile } from './profile.js';
import type { SkillCatalogue } from './skills.js';
import type { TokenIssuer } from './tokens.js';

export interface SimContext {
  readonly accountId: string;
  readonly seed: number;
  /** Skills NHT reports on, sorted by numeric id. */
  readonly nhtSkillIds: readonly string[];
  readonly catalogue: SkillCatalogue;
  readonly tokens: TokenIssuer;
  readonly clientId: string;
  /** Changed by Simulator.rotateClientSecret(), as an operator rotates it in LivePerson. */
  clientSecret: string;
  readonly oauth1?: OAuth1Keys;
  readonly bearerToken?: string;
  readonly pascalCaseRate: number;
  readonly now: () => number;
  /** Cached per skill: profiles are pure but cost a few hashes each. */
  profile(skillId: string): SkillProfile;
}

/** One request, read in full, as the handlers see it. */
export interface SimRequest {
  readonly raw: IncomingMessage;
  readonly method: string;
  readonly url: URL;
  readonly body: string;
  /** `host:port` the client addressed: what the Domain API advertises and links point to. */
  readonly host: string;
  /** NHT requests seen before this one. */
  readonly seq: number;
}
