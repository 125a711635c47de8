import type { Method } from '@aws-sdk/client-api-gateway';
import type { IntegrationDesign } from '@/lib/design';
import { methodToDesign, type RawMethod } from '@/lib/iac/method';
import { diagnose, type Finding } from '@/lib/doctor';
import type { SampleRequest } from '@/lib/gateway';

/**
 * A live API Gateway method (GetMethod's output) as an IntegrationDesign, so the doctor can judge an integration Sluice
 * did not create. Pure: no SDK calls, runs anywhere. Values the method does not carry (queue settings, stage) get
 * neutral defaults; the queue and role are marked `existing` because Sluice only reads them.
 */
export type LiveMethodContext = {
  restApiId: string;
  apiName?: string;
  resourcePath: string;
  /** Used when the integration URI names no account (JSON protocol) and the role ARN has none either. */
  accountId?: string;
  stageName?: string;
  stageVariables?: Record<string, string>;
};

export function liveMethodToDesign(method: Method, ctx: LiveMethodContext): IntegrationDesign {
  return methodToDesign(method as RawMethod, {
    restApi: { mode: 'existing', id: ctx.restApiId, ...(ctx.apiName ? { name: ctx.apiName } : {}) },
    resourcePath: ctx.resourcePath,
    ...(ctx.accountId ? { accountId: ctx.accountId } : {}),
    ...(ctx.stageName ? { stageName: ctx.stageName } : {}),
    ...(ctx.stageVariables ? { stageVariables: ctx.stageVariables } : {}),
  });
}

/**
 * The doctor on a live method. A JSON-protocol method names no queue (each request body does), so the rule comparing
 * the body's QueueUrl with "the design's queue" has nothing to compare with and is left out.
 */
export function diagnoseLive(design: IntegrationDesign, sample?: SampleRequest): Finding[] {
  return diagnose(design, sample).filter((f) => !(design.queue.name === '' && f.id === 'json-queue-url'));
}
