import { describe, expect, it } from 'vitest';
import { headerProblem, parseKeyValueList, toHeaders } from '../../src/config/key-value-list.js';

describe('key=value lists (OTEL_EXPORTER_OTLP_HEADERS, OTEL_RESOURCE_ATTRIBUTES)', () => {
  it('trims blanks, percent-decodes values, skips empty entries and keeps = inside values', () => {
    expect(parseKeyValueList(' a = 1 ,, b=x%20y ,c=k=v,')).toEqual({
      ok: true,
      entries: [
        { key: 'a', value: '1', position: 1 },
        { key: 'b', value: 'x y', position: 3 },
        { key: 'c', value: 'k=v', position: 4 },
      ],
    });
    expect(parseKeyValueList('')).toEqual({ ok: true, entries: [] });
  });

  it.each([
    ['secret-without-key', 'entry 1 is not key=value'],
    ['a=1, =2', 'entry 2 has an empty key'],
    ['a=%zz', 'entry 1 has a value that is not valid percent-encoding'],
  ])('refuses %j: %s', (text, error) => {
    expect(parseKeyValueList(text)).toEqual({ ok: false, error });
  });

  it('refuses headers Node or gRPC could not send, by position', () => {
    const entries = (text: string) => {
      const parsed = parseKeyValueList(text);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.entries;
    };
    expect(headerProblem(entries('Api-Key=1'))).toBeUndefined();
    expect(toHeaders(entries('Api-Key=1'))).toEqual({ 'api-key': '1' });
    expect(headerProblem(entries('a=1,bad key=2'))).toBe('entry 2 has a key that is not a valid header name');
    expect(headerProblem(entries('a=x%0Ay'))).toBe('entry 1 has a value with control characters');
    expect(headerProblem(entries('trace-bin=AAA'))).toBeUndefined();
    expect(headerProblem(entries('trace-bin=AAA'), { grpc: true })).toBe('entry 1 is binary gRPC metadata (-bin), which is not supported');
  });
});
