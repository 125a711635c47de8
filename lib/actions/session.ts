'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { safeNextPath, TOKEN_COOKIE, tokenMatches } from '@/lib/auth-token';
import { getEnv } from '@/lib/env';

export type SignInState = { error?: string };

const signInSchema = z.object({ token: z.string().min(1, 'Enter the dashboard token.'), next: z.string().optional() });

/** Checks the dashboard token and remembers it in an HTTP-only cookie; the token itself never reaches page code. */
export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({ token: formData.get('token'), next: formData.get('next') ?? undefined });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'Enter the dashboard token.' };
  const expected = getEnv().SLUICE_TOKEN;
  if (!expected) redirect(safeNextPath(parsed.data.next));
  if (!tokenMatches(parsed.data.token, expected)) return { error: 'That is not the dashboard token configured on the server (SLUICE_TOKEN).' };
  (await cookies()).set(TOKEN_COOKIE, parsed.data.token, { httpOnly: true, sameSite: 'strict', path: '/' });
  redirect(safeNextPath(parsed.data.next));
}
