import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';

/** Query values arrive as strings; an empty value means "not given". */
export const optText = z
  .string()
  .max(500)
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

export const limit = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);
export const offset = z.coerce.number().int().min(0).max(10_000_000).default(0);
export const isoTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/,
    'expected ISO date or timestamp, e.g. 2025-03-01',
  )
  .optional();

/** Parses the query string with `schema`; answers 400 naming each bad parameter otherwise. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      path: i.path.join('.') || '(query)',
      message: i.message,
    }));
    const text = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new HTTPException(400, {
      res: Response.json({ error: `bad query parameters: ${text}`, issues }, { status: 400 }),
    });
  }
  return result.data;
}

export function notFound(what: string): never {
  throw new HTTPException(404, { res: Response.json({ error: what }, { status: 404 }) });
}

/** Collects an async iterable, at most `max` items. */
export async function collect<T>(it: AsyncIterable<T>, max = Number.POSITIVE_INFINITY): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) {
    out.push(x);
    if (out.length >= max) break;
  }
  return out;
}
