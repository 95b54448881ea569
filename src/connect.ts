/**
 * How one configuration reaches LivePerson: the request settings (timeout, retry policy, the
 * proxy-aware connection pool), Domain API discovery, the credentials and the NHT client. The
 * exporter, the backfill and `check-config --online` all build them here, so they ask LivePerson
 * the same way.
 */
import type { Config } from './config/index.js';
import { createAuthorizer, type AuthConfig } from './liveperson/auth.js';
import type { Authorizer } from './liveperson/authorizer.js';
import { createDomainResolver, type DomainResolver } from './liveperson/domain.js';
import { createNhtClient, type NhtClient } from './liveperson/nht-client.js';
import type { RequestDeps } from './liveperson/retry.js';

/** The credentials of the configured auth mode. */
export function authConfig(lp: Config['liveperson']): AuthConfig {
  switch (lp.authMode) {
    case 'oauth1':
      return { mode: 'oauth1', appKey: lp.appKey, appSecret: lp.appSecret, accessToken: lp.accessToken, accessTokenSecret: lp.accessTokenSecret };
    case 'bearer':
      return { mode: 'bearer', token: lp.bearerToken };
    default:
      return { mode: 'oauth2', clientId: lp.clientId, clientSecret: lp.clientSecret };
  }
}

export interface LivePersonConnection {
  readonly requests: RequestDeps;
  readonly resolver: DomainResolver;
  /** An authorizer for these credentials (the account's own, or a reloaded configuration's). */
  credentials(lp: Config['liveperson']): Authorizer;
  /** The NHT client with the configured skill filter, concurrency and skill ceiling. */
  nhtClient(authorizer: Authorizer): NhtClient;
}

/**
 * `lp` is the account to reach (demo mode swaps in the simulator's); `deps` gives what is not
 * configuration (connection pool, logger, observer, clock) and may replace the retry policy.
 */
export function connectLivePerson(config: Config, lp: Config['liveperson'], deps: Omit<RequestDeps, 'timeoutMs' | 'retry'> & { readonly retry?: RequestDeps['retry'] }): LivePersonConnection {
  // The request timeout is applied per request (see httpRequest).
  const requests: RequestDeps = {
    timeoutMs: lp.requestTimeout,
    retry: { maxRetries: config.poll.maxRetries, retryDelayMs: config.poll.retryDelay, throttleDelayMs: config.poll.throttleDelay },
    ...deps,
  };
  const resolver = createDomainResolver({
    ...requests,
    accountId: lp.accountId,
    csdsUrl: lp.csdsUrl,
    overrides: { leDataReporting: lp.nhtBaseUrl, sentinel: lp.sentinelBaseUrl, accountConfigReadOnly: lp.accountConfigBaseUrl },
  });
  return {
    requests,
    resolver,
    credentials: (credentials) => createAuthorizer(authConfig(credentials), { ...requests, accountId: lp.accountId, resolver }),
    nhtClient: (authorizer) =>
      createNhtClient({
        ...requests,
        accountId: lp.accountId,
        authorizer,
        resolver,
        skillIds: lp.skillIds,
        originator: lp.source,
        concurrency: config.poll.concurrency,
        maxSkills: config.poll.maxSkills,
      }),
  };
}
