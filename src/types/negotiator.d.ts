/** The part of negotiator (Express's content negotiation, no types of its own) that routes.ts uses. */
declare module 'negotiator' {
  export default class Negotiator {
    constructor(request: { headers: Record<string, string | string[] | undefined> });
    /** The available encodings the request accepts, best first. */
    encodings(available?: readonly string[]): string[];
  }
}
