/** Up-front checks of SimulatorOptions, with plain messages, so a bad test setup fails at start rather than mid-request. */
import type { SimulatorOptions } from './types.js';

function share(name: string, value: number | undefined): string | undefined {
  return value === undefined || (value >= 0 && value <= 1) ? undefined : `${name} must be between 0 and 1`;
}

/** Every problem with the options; empty when they are usable. */
export function optionProblems(options: SimulatorOptions): string[] {
  const problems = [
    options.skills !== undefined && !(Number.isInteger(options.skills) && options.skills >= 0) ? 'skills must be a non-negative integer' : undefined,
    options.skillIds?.some((id) => !/^\d{1,15}$/.test(id)) ? 'skillIds must be strings of digits' : undefined,
    options.seed !== undefined && !Number.isInteger(options.seed) ? 'seed must be an integer' : undefined,
    options.tokenTtlSeconds !== undefined && !(options.tokenTtlSeconds > 0) ? 'tokenTtlSeconds must be greater than 0' : undefined,
    options.accountId !== undefined && !/^[A-Za-z0-9_-]+$/.test(options.accountId) ? 'accountId must be letters, digits, _ or -' : undefined,
    share('pascalCaseRate', options.pascalCaseRate),
    share('faults.rate429', options.faults?.rate429),
    share('faults.rate5xx', options.faults?.rate5xx),
    share('faults.malformedRate', options.faults?.malformedRate),
  ];
  return problems.filter((p): p is string => p !== undefined);
}
