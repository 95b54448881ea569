import { createBearerAuthorizer, type Authorizer } from './authorizer.js';
import { createOAuth1Authorizer, type OAuth1Credentials } from './oauth1.js';
import { createOAuth2Authorizer, type OAuth2Options } from './oauth2.js';

/** The credentials of one of the three supported schemes (`liveperson.authMode` in the configuration). */
export type AuthConfig =
  | { readonly mode: 'oauth2'; readonly clientId: string; readonly clientSecret: string }
  | ({ readonly mode: 'oauth1' } & OAuth1Credentials)
  | { readonly mode: 'bearer'; readonly token: string };

/** What an OAuth 2.0 authorizer needs besides its credentials. */
export type AuthDeps = Omit<OAuth2Options, 'clientId' | 'clientSecret'>;

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
