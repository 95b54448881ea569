/** A copy of `root` with the value at a dotted path replaced; the original is left as it was. */
export function setAt<T>(root: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const node = root as Record<string, unknown>;
  if (head === undefined) return root;
  const next = rest.length === 0 ? value : setAt(node[head] ?? {}, rest.join('.'), value);
  return { ...node, [head]: next } as T;
}
