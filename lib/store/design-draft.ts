import 'server-only';
import { integrationDesignSchema, validateDesign, type FieldError, type IntegrationDesign } from '@/lib/design';

/**
 * Issue codes that only mean "a value is not acceptable yet" (an empty name, a bad region code). A draft with such
 * issues is still a well-formed IntegrationDesign and is stored so that autosave never loses typing; anything else
 * (wrong types, unknown enum values) is malformed input and rejected.
 */
const DRAFT_TOLERATED = new Set(['too_small', 'too_big', 'invalid_format', 'custom']);

export type DraftParse =
  | { ok: true; design: IntegrationDesign; errors: FieldError[] }
  | { ok: false; message: string };

/** Parses untrusted input as a design draft: structurally an IntegrationDesign, possibly with invalid values. */
export function parseDesignDraft(input: unknown): DraftParse {
  const shape = integrationDesignSchema.safeParse(input);
  if (!shape.success) {
    const fatal = shape.error.issues.filter((i) => !DRAFT_TOLERATED.has(i.code));
    if (fatal.length > 0) {
      const first = fatal[0]!;
      return { ok: false, message: `Not a design: ${first.path.join('.') || '(root)'}: ${first.message}` };
    }
  }
  const validation = validateDesign(input);
  if (validation.ok) return { ok: true, design: validation.design, errors: [] };
  // The shape is right (checked above), only values fail: keep the input as typed.
  return { ok: true, design: input as IntegrationDesign, errors: validation.errors };
}
