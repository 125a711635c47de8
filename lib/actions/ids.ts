import { z } from 'zod';

/** A design id as newDesignId (lib/store/designs.ts) makes them: 10 characters of a 32-letter alphabet. */
export const designIdSchema = z.string().regex(/^[a-z2-9]{10}$/, 'Not a design id.');
