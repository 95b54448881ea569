import type { Dispatcher } from 'undici';
import type { Authorizer } from '../liveperson/auth.js';
import type { DomainResolver } from '../liveperson/domain.js';
import type { LivePersonObserver, RetryPolicy, Sleep } from '../liveperson/retry.js';
import { createSkillsClient } from '../liveperson/skills-client.js';
import type { Logger } from '../log.js';
import { SkillNames } from './refresher.js';
import type { SkillNamesObserver } from './types.js';

/** Everything the skill names need: the NHT client's credentials and host discovery, shared. */
export interface SkillNamesSetup {
  readonly accountId: string;
  readonly authorizer: Authorizer;
  readonly resolver: DomainResolver;
  /** Time between refreshes, ms. */
  readonly interval: number;
  /** Per-request timeout, ms. */
  readonly requestTimeout: number;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  /** Counts requests (api `skills`) and refreshes; the exporter's OwnMetrics is both. */
  readonly observer?: LivePersonObserver & SkillNamesObserver;
  readonly dispatcher?: Dispatcher;
  readonly sleep?: Sleep;
  readonly now?: () => number;
}

/** Builds the Skills API client and the refresher around it (not started: call `start()`). */
export function createSkillNames(setup: SkillNamesSetup): SkillNames {
  const source = createSkillsClient({
    accountId: setup.accountId,
    authorizer: setup.authorizer,
    resolver: setup.resolver,
    timeoutMs: setup.requestTimeout,
    retry: setup.retry,
    logger: setup.logger,
    ...(setup.observer && { observer: setup.observer }),
    ...(setup.dispatcher && { dispatcher: setup.dispatcher }),
    ...(setup.sleep && { sleep: setup.sleep }),
    ...(setup.now && { now: setup.now }),
  });
  return new SkillNames({
    source,
    interval: setup.interval,
    logger: setup.logger,
    ...(setup.observer && { observer: setup.observer }),
    ...(setup.now && { now: setup.now }),
  });
}
