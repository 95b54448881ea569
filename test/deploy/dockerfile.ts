/**
 * Just enough Dockerfile and .dockerignore reading for the tests: instructions with their
 * continuation lines joined, stages, ARG defaults, and Docker's ignore-file matching.
 */

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  readonly from: string;
  readonly name: string | undefined;
  readonly instructions: Instruction[];
}

/** Instructions in order; comments dropped, `\` continuations joined. */
export function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    pending += (pending ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (line.endsWith('\\')) continue;
    const m = /^(\S+)\s*(.*)$/.exec(pending);
    if (m) out.push({ keyword: m[1]!.toUpperCase(), args: m[2]! });
    pending = '';
  }
  return out;
}

/** The stages, with `FROM ${ARG}` resolved from the global ARG defaults. */
export function stages(text: string): Stage[] {
  const all = instructions(text);
  const globals = new Map<string, string>();
  const out: Stage[] = [];
  for (const ins of all) {
    if (ins.keyword === 'FROM') {
      const [image, as, name] = ins.args.split(/\s+/);
      const from = image!.replace(/\$\{(\w+)\}/g, (_, v: string) => globals.get(v) ?? '');
      out.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (out.length === 0 && ins.keyword === 'ARG') {
      const [k, v] = ins.args.split('=');
      globals.set(k!, v ?? '');
    } else {
      out.at(-1)?.instructions.push(ins);
    }
  }
  return out;
}

/** `KEY=value` pairs of LABEL or ARG arguments, quotes removed. */
export function pairs(args: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of args.matchAll(/([\w.-]+)=("([^"]*)"|\S*)/g)) out.set(m[1]!, m[3] ?? m[2]!);
  return out;
}

function patternRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/^\/+|\/+$/g, '')
    .split('')
    .map((c, i, a) => {
      if (c === '*' && a[i + 1] === '*') return '';
      if (c === '*' && a[i - 1] === '*') return '.*';
      if (c === '*') return '[^/]*';
      if (c === '?') return '[^/]';
      return c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`);
}

/**
 * Whether Docker leaves `path` out of the build context: the last pattern that matches the path
 * or one of its parent folders decides, and `!` patterns put paths back.
 */
export function dockerIgnores(ignoreFile: string, path: string): boolean {
  const rules = ignoreFile
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => ({ keep: l.startsWith('!'), re: patternRegex(l.replace(/^!/, '')) }));
  const parts = path.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) if (prefixes.some((p) => rule.re.test(p))) ignored = !rule.keep;
  return ignored;
}
