'use server';

import { z } from 'zod';
import { clearHistory, type HistoryRun, listHistory } from '@/lib/store/history';
import { checkCaller } from '../guard';
import { fail, ok, type ActionResult } from '../result';
import { targetSchema, historyTargetOf } from './shared';

export async function listHistoryAction(input: unknown): Promise<ActionResult<HistoryRun[]>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = z.object({ target: targetSchema }).safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Not a test target.');
  return ok(listHistory(historyTargetOf(parsed.data.target)));
}

export async function clearHistoryAction(input: unknown): Promise<ActionResult<{ deleted: number }>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = z.object({ target: targetSchema }).safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Not a test target.');
  return ok({ deleted: clearHistory(historyTargetOf(parsed.data.target)) });
}
