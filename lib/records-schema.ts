import { z } from 'zod';
import { emptyRecord } from './records';

// Kept apart from lib/records.ts, which the browser loads with the wizard: importing zod there would put the whole
// schema library in the wizard's first-load JS.

/**
 * `z.record(z.string(), value)` that keeps every key: zod builds its output in a plain object, where a `__proto__`
 * key (which JSON.parse does create as an own property) silently disappears.
 */
export function ownRecordSchema<T extends z.ZodType>(value: T) {
  return z
    .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'Expected an object')
    .transform((obj, ctx) => {
      const out = emptyRecord<z.output<T>>();
      for (const [key, v] of Object.entries(obj)) {
        const parsed = value.safeParse(v);
        if (parsed.success) out[key] = parsed.data;
        else for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [key, ...issue.path] });
      }
      return out;
    });
}
