import type { ReactNode } from 'react';
import { FocusHeadingOnArrival } from './focus-heading';
import { STEP_INFO, type WizardStep } from '@/lib/design/wizard-steps';

/** What each AWS console step is and why it matters, for onboarding walkthroughs. */
const INTROS: Record<WizardStep, ReactNode> = {
  queue: (
    <>
      In the Amazon SQS console this is <strong>Create queue</strong>: the queue API Gateway will send to. <strong>Type</strong> (Standard or FIFO) decides whether
      every message needs a MessageGroupId, and <strong>Encryption</strong> decides whether the execution role also needs KMS permissions — the source of
      KMS.AccessDeniedException.
    </>
  ),
  role: (
    <>
      In the IAM console this is <strong>Create role</strong> with <strong>Service or use case: API Gateway</strong>. API Gateway assumes this role to call SQS,
      so the role&apos;s policy must allow <code>sqs:SendMessage</code> on the queue, or every request fails with AccessDenied. The integration&apos;s{' '}
      <strong>Execution role</strong> field takes its ARN.
    </>
  ),
  protocol: (
    <>
      SQS accepts two wire protocols, and the method&apos;s <strong>Integration request</strong> must speak one of them. The AWS query protocol sends a
      form-encoded body built by a mapping template; the AWS JSON protocol forwards a JSON body and needs the <code>Content-Type</code> and{' '}
      <code>X-Amz-Target</code> headers. Mixing them up gives UnknownOperationException.
    </>
  ),
  integration: (
    <>
      In the API Gateway console this is <strong>Create method</strong> with <strong>Integration type: AWS Service</strong>, <strong>AWS Service: Simple Queue
      Service (SQS)</strong>. <strong>HTTP method</strong> must be POST (GET gives SignatureDoesNotMatch), and <strong>Action Type: Use path override</strong> with{' '}
      <strong>Path override (optional)</strong> names the queue. <strong>Request body passthrough</strong> decides what happens to a body no template matches.
    </>
  ),
  headers: (
    <>
      <strong>URL request headers parameters</strong> in the method&apos;s Integration request set the headers API Gateway sends to SQS, each <strong>Mapped
      from</strong> a quoted static value or a method request value. Method request values must first be declared under the Method request&apos;s{' '}
      <strong>HTTP request headers</strong> or <strong>URL query string parameters</strong>.
    </>
  ),
  template: (
    <>
      <strong>Mapping templates</strong> in the Integration request turn the client&apos;s body into what SQS receives, chosen by the request&apos;s Content-Type.
      For the query protocol the template builds <code>Action=SendMessage&amp;MessageBody=…</code>; without <code>$util.urlEncode</code> a body with{' '}
      <code>&amp;</code>, <code>+</code> or <code>%</code> arrives broken (MalformedQueryString or AccessDenied).
    </>
  ),
  responses: (
    <>
      <strong>Integration response</strong> maps what SQS answers to what the client sees, each chosen by a <strong>HTTP status regex</strong> (selection
      pattern) and shaped by its own mapping template; <strong>Method response</strong> declares the status codes and headers the method may return. With only
      a default response, SQS errors reach the client as HTTP 200.
    </>
  ),
  review: (
    <>
      Everything the design will create, as the AWS SDK calls Sluice makes in order: CreateQueue, CreateRole and PutRolePolicy, then the REST API, method,
      integration, responses and a deployment. The doctor&apos;s findings below are what would break first.
    </>
  ),
};

export function StepIntro({ step }: { step: WizardStep }) {
  return (
    <div className="mb-5">
      <h2 id="step-heading" tabIndex={-1} className="text-xl font-semibold focus:outline-none">
        {STEP_INFO[step].title}
      </h2>
      <FocusHeadingOnArrival headingId="step-heading" />
      <p className="mt-1 max-w-3xl text-sm text-slate-600 [overflow-wrap:anywhere]">{INTROS[step]}</p>
    </div>
  );
}
