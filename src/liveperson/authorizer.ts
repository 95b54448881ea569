import { registerSecret } from '../log.js';

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

/** A fixed `Authorization: Bearer ...` (e.g. a Login Service token the operator renews). */
export function createBearerAuthorizer(token: string): Authorizer {
  registerSecret(token);
  const value = `Bearer ${token}`;
  return { refreshable: false, header: async () => value, invalidate: () => {} };
}
