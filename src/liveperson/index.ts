/** The LivePerson side of the exporter: NHT pages in, typed skill records out. */
export { createNhtClient, NHT_PAGE_SIZE, NHT_INTERVAL_MINUTES } from './nht-client.js';
export type { NhtClient, NhtClientOptions } from './nht-client.js';

export { parseNhtPage, mergeSkillRecords, parseUtcTimestamp, MAX_PROBLEMS } from './parse.js';
export type { ParsedNhtPage } from './parse.js';

export { createAuthorizer, createBearerAuthorizer, createOAuth1Authorizer, createOAuth2Authorizer } from './auth.js';
export type { Authorizer, AuthConfig, AuthDeps, OAuth1Credentials, OAuth2Options } from './auth.js';

export { createDomainResolver } from './domain.js';
export type { DomainResolver, DomainResolverOptions, LpService } from './domain.js';

export { httpRequest, statusError, statusKind, parseRetryAfter } from './http.js';
export type { HttpRequestOptions, HttpResponse } from './http.js';

export { LivePersonError, isTransient } from './errors.js';
export type { LivePersonApi, LivePersonErrorKind, RequestOutcome } from './errors.js';

export { withRetry, defaultSleep, noopObserver } from './retry.js';
export type { LivePersonObserver, RetryPolicy, Sleep } from './retry.js';

export { NHT_FIELDS, HOURLY_FIELDS, QUARTER_MS, HOUR_MS } from './types.js';
export type { NhtField, NhtBucket, SkillRecord, NhtPage, PollWindow } from './types.js';
