/**
 * Decides which fault, if any, replaces the normal answer to a request. Random faults draw from the
 * seeded hash of the request's sequence number, so a run with the same seed and request order
 * fails the same way every time.
 */
import { Salt, uniform } from './prng.js';
import type { FaultAction, FaultRequest, SimulatorFaults } from './types.js';

/** Stateful picker: remembers which server error it sent last so 500 and 503 alternate. */
export class FaultPicker {
  private last5xx: 500 | 503 = 503;

  constructor(private readonly seed: number) {}

  /**
   * The script's action when it returns one; otherwise, for NHT requests only, a random 429 / 5xx /
   * malformed body by the configured rates. The fixed `delayMs` is handled by the caller.
   */
  pick(faults: SimulatorFaults | undefined, req: FaultRequest): FaultAction | undefined {
    if (!faults) return undefined;
    const scripted = faults.script?.(req);
    if (scripted) return scripted;
    if (req.api !== 'nht') return undefined;
    // One draw split into bands keeps the rates exact shares of the same request stream.
    const u = uniform(this.seed, req.seq, Salt.faultKind);
    const rate429 = faults.rate429 ?? 0;
    const rate5xx = faults.rate5xx ?? 0;
    const malformed = faults.malformedRate ?? 0;
    if (u < rate429) return { kind: 'status', status: 429, retryAfterSeconds: faults.retryAfterSeconds ?? 1 };
    if (u < rate429 + rate5xx) {
      this.last5xx = this.last5xx === 500 ? 503 : 500;
      return { kind: 'status', status: this.last5xx };
    }
    if (u < rate429 + rate5xx + malformed) return { kind: 'malformed' };
    return undefined;
  }
}
