import { registerSecret } from '../log.js';
import { createOAuth1Authorizer, type OAuth1Credentials } from './oauth1.js';
import { createOAuth2Authorizer, type OAuth2Options } from './oauth2.js';

/** Produces the `Authorization` header of each request. */
export interface Authorizer {
  /** The header value for this request (method and full URL, for schemes that sign them). */
  header(method: string, url: string, signal?: AbortSignal): Promise<string>;
  /**
   * Forgets a credential LivePerson rejected (401), so the next `header()` fetches a new one.
   * With `rejected`, only that header value is dropped: a newer token fetched meanwhile is kept.
   */
  invalidate(rejected?: string): void;
  /** True when `invalidate()` can lead to a different credential (OAuth 2.0); a 401 is then worth one retry. */
  readonly refreshable: boolean;
}

/** The credentials of one of the three supported schemes (`liveperson.authMode` in the configuration). */
export type AuthConfig =
  | { readonly mode: 'oauth2'; readonly clientId: string; readonly clientSecret: string }
  | ({ readonly mode: 'oauth1' } & OAuth1Credentials)
  | { readonly mode: 'bearer'; readonly token: string };

/** What an OAuth 2.0 authorizer needs besides its credentials. */
export type AuthDeps = Omit<OAuth2Options, 'clientId' | 'clientSecret'>;

/** A fixed `Authorization: Bearer ...` (e.g. a Login Service token the operator renews). */
export function createBearerAuthorizer(token: string): Authorizer {
  registerSecret(token);
  const value = `Bearer ${token}`;
  return { refreshable: false, header: async () => value, invalidate: () => {} };
}

/** Builds the authorizer for the configured scheme. */
export function createAuthorizer(config: AuthConfig, deps: AuthDeps): Authorizer {
  switch (config.mode) {
    case 'oauth2':
      return createOAuth2Authorizer({ ...deps, clientId: config.clientId, clientSecret: config.clientSecret });
    case 'oauth1':
      return createOAuth1Authorizer({
        appKey: config.appKey,
        appSecret: config.appSecret,
        accessToken: config.accessToken,
        accessTokenSecret: config.accessTokenSecret,
      });
    case 'bearer':
      return createBearerAuthorizer(config.token);
  }
}

export { createOAuth1Authorizer, createOAuth2Authorizer };
export type { OAuth1Credentials, OAuth2Options };
