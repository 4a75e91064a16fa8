import defaults from './default-rules.json' with { type: 'json' };

/** The analysis rule set: every threshold the role rules, resolution and tracing read. */
export type Rules = typeof defaults;

export const DEFAULT_RULES: Rules = defaults;

export class RulesError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid rules: ${issues.join('; ')}`);
    this.name = 'RulesError';
  }
}

/**
 * Applies a user override (parsed JSON, e.g. from `--rules FILE`) onto the defaults. Only keys that exist
 * in the defaults are accepted and each must keep its type, so a typo fails loudly instead of silently
 * leaving a default in force. `source` names the file in error messages.
 */
export function loadRules(override: unknown, source = 'rules'): Rules {
  if (override === undefined || override === null) return structuredClone(DEFAULT_RULES);
  const issues: string[] = [];
  const merged = mergeInto(structuredClone(DEFAULT_RULES), override, '', issues, source);
  if (issues.length > 0) throw new RulesError(issues);
  const version = (merged as Rules).version;
  if (typeof version !== 'string' || version.length === 0) {
    throw new RulesError([`${source}: "version" must be a non-empty string`]);
  }
  return merged as Rules;
}

function mergeInto(base: unknown, over: unknown, path: string, issues: string[], source: string): unknown {
  if (isPlainObject(base)) {
    if (!isPlainObject(over)) {
      issues.push(`${source}: ${path || '(root)'} must be an object (got ${describe(over)})`);
      return base;
    }
    const out = base as Record<string, unknown>;
    for (const [k, v] of Object.entries(over)) {
      const p = path ? `${path}.${k}` : k;
      if (k === '$schema' || k === 'comment') continue;
      if (!(k in out)) {
        issues.push(`${source}: unknown key ${p} (known: ${Object.keys(out).join(', ')})`);
        continue;
      }
      out[k] = mergeInto(out[k], v, p, issues, source);
    }
    return out;
  }
  if (typeof base === 'number') {
    if (typeof over !== 'number' || !Number.isFinite(over) || over < 0) {
      issues.push(`${source}: ${path} must be a non-negative number (got ${describe(over)})`);
      return base;
    }
    return over;
  }
  if (typeof base === 'string') {
    if (typeof over !== 'string') {
      issues.push(`${source}: ${path} must be a string (got ${describe(over)})`);
      return base;
    }
    return over;
  }
  if (Array.isArray(base)) {
    // Word lists: an array of strings replaces the default list (a single word would be read letter by letter).
    if (!Array.isArray(over) || !over.every((w) => typeof w === 'string' && w.length > 0)) {
      issues.push(`${source}: ${path} must be an array of non-empty strings (got ${describe(over)})`);
      return base;
    }
    return over;
  }
  if (typeof base === 'boolean') {
    if (typeof over !== 'boolean') {
      issues.push(`${source}: ${path} must be true or false (got ${describe(over)})`);
      return base;
    }
    return over;
  }
  return over;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}
