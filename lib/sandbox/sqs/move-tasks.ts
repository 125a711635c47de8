import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { inTransaction } from '@/lib/sandbox/db';
import type { QueueRecord } from './model';
import type { Entry } from './input';
import { sqsErrors } from './errors';
import { authorize, int, queueArn, str, type OpContext, type OutObject, type SqsRuntime } from './context';
import { parseRedrivePolicy, queueByArn } from './queues';

type TaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

type MoveTask = {
  taskId: string;
  handle: string;
  sourceArn: string;
  destinationArn: string | undefined;
  rate: number | undefined;
  status: TaskStatus;
  moved: number;
  toMove: number;
  failureReason: string | undefined;
  startedAt: number;
  timer: ReturnType<typeof setInterval> | undefined;
};

/**
 * Message move tasks (DLQ redrive) of one sandbox, kept in memory: a task is bound to the running process, as the
 * sandbox's long polls are. With MaxNumberOfMessagesPerSecond the task moves that many messages each second; without,
 * it moves everything at once (AWS picks its own rate, "system optimized").
 */
export class MoveTasks {
  private readonly tasks: MoveTask[] = [];

  start(task: MoveTask, step: (task: MoveTask, max: number) => void): void {
    this.tasks.unshift(task);
    if (task.rate === undefined) {
      step(task, Number.MAX_SAFE_INTEGER);
      return;
    }
    task.timer = setInterval(() => step(task, task.rate!), 1000);
    task.timer.unref?.();
  }

  finish(task: MoveTask, status: TaskStatus, failureReason?: string): void {
    task.status = status;
    if (failureReason) task.failureReason = failureReason;
    if (task.timer) clearInterval(task.timer);
    task.timer = undefined;
  }

  bySource(sourceArn: string): MoveTask[] {
    return this.tasks.filter((t) => t.sourceArn === sourceArn);
  }

  byHandle(handle: string): MoveTask | undefined {
    return this.tasks.find((t) => t.handle === handle);
  }

  close(): void {
    for (const t of this.tasks) if (t.timer) clearInterval(t.timer);
  }
}

const handleSchema = z.object({ taskId: z.string(), sourceArn: z.string() });

const ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;

function requireQueueArn(ctx: OpContext, input: Entry, member: 'SourceArn' | 'DestinationArn'): QueueRecord {
  const arn = str(input, member)!;
  if (!ARN.test(arn)) {
    throw sqsErrors.invalidParameterValue(`You must use this format to specify the ${member}: arn:<partition>:<service>:<region>:<account-id>:<resource-id>`);
  }
  const q = queueByArn(ctx, arn);
  if (!q) throw sqsErrors.resourceNotFound(`The resource that you specified for the ${member} parameter doesn't exist.`);
  return q;
}

/** Moves up to `max` messages; completes the task when the source has none left to move. */
function step(rt: SqsRuntime, task: MoveTask, max: number): void {
  if (task.status !== 'RUNNING') return;
  const store = rt.store;
  const outcome = inTransaction(store.db, () => {
    const source = queueOf(rt, task.sourceArn);
    if (!source) return { done: true, failure: 'The source queue was deleted.' } as const;
    const now = Date.now();
    const batch = store.movable(source.id, now, Math.min(max, 1000));
    for (const m of batch) {
      const targetArn = task.destinationArn ?? m.deadLetterSourceArn;
      const target = targetArn ? queueOf(rt, targetArn) : undefined;
      if (!target) return { done: true, failure: 'CouldNotDetermineMessageSource' } as const;
      const retention = Number(target.attributes.MessageRetentionPeriod ?? '345600') * 1000;
      store.redrive(m.rowid, target.id, now, m.sentAt + retention);
      task.moved++;
      rt.waiters.notify(target.id);
    }
    return { done: batch.length < max || store.movableCount(source.id, now) === 0 } as const;
  });
  if ('failure' in outcome && outcome.failure) rt.moveTasks.finish(task, 'FAILED', outcome.failure);
  else if (outcome.done) rt.moveTasks.finish(task, 'COMPLETED');
}

function queueOf(rt: SqsRuntime, arn: string): QueueRecord | undefined {
  const m = /^arn:aws:sqs:([^:]+):([^:]+):([^:]+)$/.exec(arn);
  return m ? rt.store.getQueue(m[1]!, m[2]!, m[3]!) : undefined;
}

export function startMessageMoveTask(ctx: OpContext, input: Entry): OutObject {
  if (str(input, 'SourceArn') === undefined) throw sqsErrors.missingParameter('SourceArn');
  const source = requireQueueArn(ctx, input, 'SourceArn');
  const sourceArn = queueArn(source.region, source);
  authorize(ctx, sourceArn);
  const rate = int(input, 'MaxNumberOfMessagesPerSecond');
  if (rate !== undefined && (rate < 1 || rate > 500)) {
    throw sqsErrors.invalidValue(String(rate), 'MaxNumberOfMessagesPerSecond', 'Must be between 1 and 500, if provided.');
  }
  const isDlq = ctx.rt.store.allQueues(source.region, source.accountId).some((q) => parseRedrivePolicy(q)?.deadLetterTargetArn === sourceArn);
  if (!isDlq) throw sqsErrors.invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
  let destinationArn: string | undefined;
  if (str(input, 'DestinationArn') !== undefined) {
    const destination = requireQueueArn(ctx, input, 'DestinationArn');
    destinationArn = queueArn(destination.region, destination);
    if (destinationArn === sourceArn) throw sqsErrors.invalidParameterValue('Source queue arn and destination queue arn cannot be the same.');
    if (destination.isFifo !== source.isFifo) {
      throw sqsErrors.invalidParameterValue('The source queue and destination queue must be of the same queue type.');
    }
  }
  if (ctx.rt.moveTasks.bySource(sourceArn).some((t) => t.status === 'RUNNING')) {
    throw sqsErrors.invalidParameterValue('There is already a task running. Only one active task is allowed for a source queue arn at a given time.');
  }
  const taskId = randomUUID();
  const task: MoveTask = {
    taskId,
    handle: Buffer.from(JSON.stringify({ taskId, sourceArn })).toString('base64'),
    sourceArn,
    destinationArn,
    rate,
    status: 'RUNNING',
    moved: 0,
    toMove: ctx.rt.store.movableCount(source.id, Date.now()),
    failureReason: undefined,
    startedAt: Date.now(),
    timer: undefined,
  };
  ctx.rt.moveTasks.start(task, (t, max) => step(ctx.rt, t, max));
  return { TaskHandle: task.handle };
}

export function listMessageMoveTasks(ctx: OpContext, input: Entry): OutObject {
  if (str(input, 'SourceArn') === undefined) throw sqsErrors.missingParameter('SourceArn');
  const source = requireQueueArn(ctx, input, 'SourceArn');
  const sourceArn = queueArn(source.region, source);
  authorize(ctx, sourceArn);
  const max = int(input, 'MaxResults') ?? 1;
  if (max < 1 || max > 10) throw sqsErrors.invalidValue(String(max), 'MaxResults', 'Must be between 1 and 10, if provided.');
  const results = ctx.rt.moveTasks.bySource(sourceArn).slice(0, max).map(
    (t): OutObject => ({
      TaskHandle: t.status === 'RUNNING' ? t.handle : undefined,
      Status: t.status,
      SourceArn: t.sourceArn,
      DestinationArn: t.destinationArn,
      MaxNumberOfMessagesPerSecond: t.rate,
      ApproximateNumberOfMessagesMoved: t.moved,
      ApproximateNumberOfMessagesToMove: t.toMove,
      FailureReason: t.failureReason,
      StartedTimestamp: t.startedAt,
    }),
  );
  return { Results: results };
}

export function cancelMessageMoveTask(ctx: OpContext, input: Entry): OutObject {
  const handle = str(input, 'TaskHandle');
  if (handle === undefined) throw sqsErrors.missingParameter('TaskHandle');
  let decoded: z.infer<typeof handleSchema> | undefined;
  try {
    const parsed = handleSchema.safeParse(JSON.parse(Buffer.from(handle, 'base64').toString('utf8')));
    decoded = parsed.success ? parsed.data : undefined;
  } catch {
    decoded = undefined;
  }
  if (!decoded) throw sqsErrors.invalidParameterValue('Value for parameter TaskHandle is invalid.');
  authorize(ctx, decoded.sourceArn);
  const task = ctx.rt.moveTasks.byHandle(handle);
  if (!task) throw sqsErrors.resourceNotFound('Task does not exist.');
  if (task.status !== 'RUNNING') throw sqsErrors.unsupportedOperation('Only active tasks can be cancelled.');
  ctx.rt.moveTasks.finish(task, 'CANCELLED');
  return { ApproximateNumberOfMessagesMoved: task.moved };
}
