'use server';

import { z } from 'zod';
import { clearHistory, type HistoryRun, listHistory } from '@/lib/store/history';
import { authorizedAction } from '../authorized';
import { ok, type ActionResult } from '../result';
import { targetSchema, historyTargetOf } from './shared';

const inputSchema = z.object({ target: targetSchema });

export const listHistoryAction = authorizedAction({ role: 'viewer', input: inputSchema, invalid: 'Not a test target.' }, async ({ target }): Promise<ActionResult<HistoryRun[]>> =>
  ok(await listHistory(historyTargetOf(target))),
);

export const clearHistoryAction = authorizedAction({ role: 'tester', audit: 'history.clear', input: inputSchema, invalid: 'Not a test target.' }, async ({ target }): Promise<ActionResult<{ deleted: number }>> =>
  ok({ deleted: await clearHistory(historyTargetOf(target)) }),
);
