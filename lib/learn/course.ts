import type { PresetId } from '@/lib/design/presets';

/**
 * The onboarding course: lessons to read and exercises whose checks run against the learner's own resources in the
 * sandbox (lib/learn/observe.ts gathers what the sandbox really answers; ./evaluate.ts judges it). Pure data: the
 * pages, the checks and the tests all read it from here.
 */

export type SourceLink = { title: string; url: string };

export const KNOWLEDGE_CENTER: SourceLink = {
  title: 'AWS Knowledge Center: How do I integrate an API Gateway REST API with Amazon SQS and resolve common errors?',
  url: 'https://repost.aws/knowledge-center/api-gateway-rest-api-sqs-errors',
};
const SQS_COMMON_ERRORS: SourceLink = { title: 'Amazon SQS API Reference: Common errors', url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html' };
const SQS_SEND_MESSAGE: SourceLink = { title: 'Amazon SQS API Reference: SendMessage', url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html' };
const SQS_QUERY_REQUESTS: SourceLink = { title: 'Amazon SQS Developer Guide: Making query API requests', url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-xml.html' };
const SQS_JSON_REQUESTS: SourceLink = { title: 'Amazon SQS Developer Guide: Making requests with the AWS JSON protocol', url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-json.html' };
const SQS_KMS: SourceLink = { title: 'Amazon SQS Developer Guide: Key management (KMS permissions)', url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html' };
const SQS_FIFO_GROUP: SourceLink = { title: 'Amazon SQS Developer Guide: Using the message group ID', url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagegroupid-property.html' };
const SQS_ATTRIBUTES: SourceLink = { title: 'Amazon SQS Developer Guide: Message attributes', url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html' };
const APIGW_TEMPLATES: SourceLink = { title: 'API Gateway Developer Guide: Mapping template reference ($input, $util)', url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html' };
const APIGW_INTEGRATION_RESPONSES: SourceLink = { title: 'API Gateway Developer Guide: Integration responses', url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-response.html' };
const SERVERLESS_EXAMPLE: SourceLink = { title: 'API Gateway Developer Guide: Set up request and response data mappings', url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html' };
const APIGW_GATEWAY_RESPONSES: SourceLink = { title: 'API Gateway Developer Guide: Gateway responses (CORS on error answers)', url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html' };
const APIGW_DEPLOY: SourceLink = { title: 'API Gateway Developer Guide: Deploying a REST API', url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html' };
const SIGV4: SourceLink = { title: 'IAM User Guide: AWS Signature Version 4 for API requests', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html' };

/** Where in the console a task is done; the exercise page links there for the learner's own design. */
export type Place = 'queue' | 'role' | 'protocol' | 'integration' | 'headers' | 'template' | 'responses' | 'review' | 'deploy' | 'test' | 'integrations';

/** One thing a check requires of the sandbox's real state or of the invoke URL's real answer. */
export type Expectation =
  /** Replaying the learner's last request on the invoke URL gets this SQS error code (either protocol's name). */
  | { kind: 'error'; codes: readonly string[] }
  /** The invoke URL answers 2xx with a message id, that message is in the queue and its MD5 matches. */
  | { kind: 'delivered' }
  /** The invoke URL's status is in this range (e.g. errors mapped to 4xx instead of 200). */
  | { kind: 'status'; min: number; max: number }
  /**
   * The deployed stage's integration request header mapping. With `value`: present = mapped to exactly that value,
   * absent = not mapped or mapped to anything else. Without: whether the header is mapped at all.
   */
  | { kind: 'header-mapping'; header: string; present: boolean; value?: string }
  /** The deployed stage's request template for application/json contains (or lacks) this text. */
  | { kind: 'template'; contains: string; present: boolean }
  /** The deployed stage's integration HTTP method. */
  | { kind: 'integration-method'; is: string }
  /** IAM's decision for the execution role (SimulatePrincipalPolicy on the sandbox), on the queue or its KMS key. */
  | { kind: 'permission'; action: 'sqs:SendMessage' | 'kms:GenerateDataKey'; allowed: boolean }
  /** The replayed request's body contains this text (a break that lives in the request, not the design). */
  | { kind: 'request-body'; contains: string; present: boolean }
  /** The replayed request's body is (or is not) valid JSON. */
  | { kind: 'request-json'; valid: boolean }
  /** The response body the client got is JSON with this top-level key, and does not contain `lacks`. */
  | { kind: 'response-shape'; key: string; lacks: string }
  /** The delivered message carries at least this many message attributes. */
  | { kind: 'message-attributes'; min: number }
  /** The stage serves a deployment that differs from the API's current configuration (present) or matches it. */
  | { kind: 'drift'; present: boolean }
  /** The deployed stage's integration has (or has not) a mapping to this parameter, e.g. `integration.request.path.QueueUrl`. */
  | { kind: 'request-parameter'; key: string; present: boolean }
  /** The answer the client got carries (or lacks) this header, e.g. `Access-Control-Allow-Origin` on an error. */
  | { kind: 'response-header'; header: string; present: boolean };

export type Stage = {
  id: 'break' | 'fix' | 'build';
  /** What the learner must make happen, as a sentence. */
  goal: string;
  expect: readonly Expectation[];
  hint: string;
  solution: string;
  /** Where the learner works for this stage. */
  places: readonly Place[];
};

/** What Sluice sets up in the sandbox before the learner starts. */
export type Scenario = {
  preset: PresetId;
  /** Start from an imported file instead of the preset (the widely copied serverless.yml example). */
  imported?: 'serverless-example';
  /** Deploy it at once (exercises) or leave it for the learner to deploy (build lessons). */
  deploy: boolean;
  /** Encrypt the queue with a customer-managed KMS key the role is allowed to use. */
  kmsKey?: boolean;
  /** Passthrough NEVER: a request with a Content-Type that has no template is refused by API Gateway (415). */
  passthroughNever?: boolean;
  /** Keep only the default 200 integration response (SQS errors reach the client as 200). */
  onlyDefaultResponse?: boolean;
  /** After deploying, change the API's current configuration without redeploying (the stage keeps the old one). */
  driftAfterDeploy?: boolean;
};

export type Exercise = {
  kind: 'exercise';
  id: string;
  title: string;
  /** Part of the course it belongs to. */
  part: 'build' | 'break' | 'beyond';
  /** The error the learner provokes, as AWS names it (absent for build and beyond exercises). */
  error?: string;
  why: string;
  source: SourceLink;
  task: string;
  scenario: Scenario;
  stages: readonly Stage[];
  minutes: number;
};

export type LessonSection = { heading: string; paragraphs: readonly string[] };

export type Lesson = { kind: 'lesson'; id: string; title: string; part: 'picture'; minutes: number; sections: readonly LessonSection[]; source: SourceLink };

export type CourseItem = Lesson | Exercise;

const DELIVERED_FIX_HINT = 'After you change the design, deploy it again (Deploy tab → Apply): the invoke URL serves only what the stage deployed. Then send once more from the Test tab.';

function breakFix(opts: {
  id: string;
  title: string;
  error: string;
  codes: readonly string[];
  why: string;
  source: SourceLink;
  task: string;
  scenario: Scenario;
  breakState: readonly Expectation[];
  fixState: readonly Expectation[];
  breakHint: string;
  breakSolution: string;
  fixHint: string;
  fixSolution: string;
  places: readonly Place[];
  minutes?: number;
}): Exercise {
  return {
    kind: 'exercise',
    id: opts.id,
    title: opts.title,
    part: 'break',
    error: opts.error,
    why: opts.why,
    source: opts.source,
    task: opts.task,
    scenario: opts.scenario,
    minutes: opts.minutes ?? 3,
    stages: [
      { id: 'break', goal: `Make the client see ${opts.error}.`, expect: [{ kind: 'error', codes: opts.codes }, ...opts.breakState], hint: opts.breakHint, solution: opts.breakSolution, places: opts.places },
      { id: 'fix', goal: 'Fix it: the message reaches the queue again.', expect: [{ kind: 'delivered' }, ...opts.fixState], hint: `${opts.fixHint} ${DELIVERED_FIX_HINT}`, solution: opts.fixSolution, places: [...opts.places, 'deploy', 'test'] },
    ],
  };
}

const FORM = "'application/x-www-form-urlencoded'";

export const LESSONS: readonly Lesson[] = [
  {
    kind: 'lesson',
    id: 'the-picture',
    title: 'The picture: from a client to a queue',
    part: 'picture',
    minutes: 6,
    source: KNOWLEDGE_CENTER,
    sections: [
      {
        heading: 'Four parts, one request',
        paragraphs: [
          'A client sends an HTTP request to the invoke URL of a stage. API Gateway first checks it against the method request: the HTTP method, the resource path and any required headers or query parameters.',
          'The integration request turns it into the request API Gateway sends to Amazon SQS: the HTTP method (POST), the path override that names the queue, the header mappings and the mapping template that writes the body.',
          'API Gateway signs that request with the execution role, an IAM role that API Gateway assumes and that must allow sqs:SendMessage on the queue. SQS answers; the integration response and the method response turn its answer into what the client receives.',
        ],
      },
      {
        heading: 'The two protocols SQS speaks',
        paragraphs: [
          'With the AWS query protocol the body is a form: Action=SendMessage&MessageBody=…, sent with Content-Type application/x-www-form-urlencoded to a path that names the account and the queue. The mapping template writes that form from the client\'s body.',
          'With the AWS JSON protocol the body is JSON ({"QueueUrl": …, "MessageBody": …}), the Content-Type is application/x-amz-json-1.0 and the header X-Amz-Target names the operation (AmazonSQS.SendMessage). The path override is just /.',
        ],
      },
      {
        heading: 'Where you see each part in Sluice',
        paragraphs: [
          'The wizard has one step per part: Queue, Execution role, Protocol, Integration (path override, HTTP method), Headers (method request and integration request headers), Mapping template and Responses. The preview beside each step shows exactly what API Gateway will send to SQS for a sample request.',
          'Deploy creates the queue, the role and the REST API and deploys the stage; the Test tab sends a real request to the invoke URL and looks for the message in the queue. The exercises of this course use exactly these pages.',
        ],
      },
    ],
  },
];

export const EXERCISES: readonly Exercise[] = [
  {
    kind: 'exercise',
    id: 'build-query',
    title: 'Build it: the AWS query protocol integration',
    part: 'build',
    why: 'The AWS query protocol is what the Knowledge Center procedure builds first: a POST to {account-id}/{queue-name}, a static Content-Type header and a mapping template that writes Action=SendMessage&MessageBody=…. Walking the wizard once shows every setting the procedure asks for.',
    source: KNOWLEDGE_CENTER,
    task: 'Sluice has created a design for you (not deployed yet). Open it, walk every wizard step and read what the preview shows, then deploy it and send a message from the Test tab.',
    scenario: { preset: 'query-urlencoded', deploy: false },
    minutes: 6,
    stages: [
      {
        id: 'build',
        goal: 'Deploy the design and get a message into its queue through the invoke URL.',
        expect: [{ kind: 'delivered' }, { kind: 'header-mapping', header: 'Content-Type', present: true, value: FORM }, { kind: 'template', contains: 'Action=SendMessage', present: true }],
        hint: 'Open the Deploy tab and press Apply; then open the Test tab and press "Send to invoke URL".',
        solution: 'Deploy tab → Apply. Test tab → Send to invoke URL with the sample body. The message id the invoke URL answers is then found in the queue.',
        places: ['queue', 'role', 'protocol', 'integration', 'headers', 'template', 'deploy', 'test'],
      },
    ],
  },
  {
    kind: 'exercise',
    id: 'build-json',
    title: 'Build it: the AWS JSON protocol integration',
    part: 'build',
    why: 'With the AWS JSON protocol the client\'s request already is an SQS request: API Gateway only passes Content-Type and X-Amz-Target through and sends the JSON body as it is. The path override is / because the queue is named in the body\'s QueueUrl.',
    source: SQS_JSON_REQUESTS,
    task: 'Sluice has created a JSON-protocol design for you. Walk its steps (note the Headers step and the empty mapping template), deploy it, and send the sample from the Test tab.',
    scenario: { preset: 'json-documented', deploy: false },
    minutes: 5,
    stages: [
      {
        id: 'build',
        goal: 'Deploy the design and get a message into its queue through the invoke URL.',
        expect: [{ kind: 'delivered' }, { kind: 'header-mapping', header: 'X-Amz-Target', present: true }],
        hint: 'Deploy tab → Apply, then Test tab → Send to invoke URL. The sample body already names your queue in QueueUrl.',
        solution: 'Apply the plan on the Deploy tab, then send the sample {"QueueUrl": …, "MessageBody": "This is a test message"} with the headers Content-Type: application/x-amz-json-1.0 and X-Amz-Target: AmazonSQS.SendMessage.',
        places: ['protocol', 'headers', 'template', 'deploy', 'test'],
      },
    ],
  },
  breakFix({
    id: 'query-content-type',
    title: 'UnknownOperationException: the Content-Type is not a form',
    error: 'UnknownOperationException',
    codes: ['UnknownOperationException'],
    why: 'With the AWS query protocol SQS reads the action from a form body, and it only treats the body as a form when the Content-Type is application/x-www-form-urlencoded. Without the static header mapping, API Gateway forwards the client\'s application/json and SQS finds no operation.',
    source: KNOWLEDGE_CENTER,
    task: 'Remove the integration request header mapping for Content-Type, deploy, and send. Then put it back and send again.',
    scenario: { preset: 'query-urlencoded', deploy: true },
    breakState: [{ kind: 'header-mapping', header: 'Content-Type', present: false, value: FORM }],
    fixState: [{ kind: 'header-mapping', header: 'Content-Type', present: true, value: FORM }],
    breakHint: 'The mapping is on the Headers step: "Remove mapping Content-Type". Deploy again before you send: the stage serves what was deployed.',
    breakSolution: 'Headers step → Remove mapping Content-Type → Deploy tab → Apply → Test tab → Send to invoke URL. SQS answers UnknownOperationException.',
    fixHint: 'Add the integration request header Content-Type back, mapped from the static value \'application/x-www-form-urlencoded\' (with the single quotes).',
    fixSolution: 'Headers step → add integration request header Content-Type = \'application/x-www-form-urlencoded\' → Apply → send again.',
    places: ['headers', 'deploy', 'test'],
  }),
  breakFix({
    id: 'query-no-action',
    title: 'UnknownOperationException: no Action in the template',
    error: 'UnknownOperationException',
    codes: ['UnknownOperationException', 'InvalidAction', 'MissingAction'],
    why: 'A query-protocol request names its operation in the Action parameter. If the mapping template writes only MessageBody=…, SQS has a form without an action and cannot tell what to do.',
    source: SQS_QUERY_REQUESTS,
    task: 'Edit the mapping template so that it no longer starts with Action=SendMessage&, deploy, and send. Then restore it.',
    scenario: { preset: 'query-urlencoded', deploy: true },
    breakState: [{ kind: 'template', contains: 'Action=SendMessage', present: false }],
    fixState: [{ kind: 'template', contains: 'Action=SendMessage', present: true }],
    breakHint: 'The template is on the Mapping template step. Delete "Action=SendMessage&" at its start, then deploy.',
    breakSolution: 'Mapping template step → template MessageBody=$util.urlEncode($input.body) → Apply → send. SQS answers that no operation is named.',
    fixHint: 'The template must begin with Action=SendMessage&.',
    fixSolution: 'Mapping template: Action=SendMessage&MessageBody=$util.urlEncode($input.body) → Apply → send.',
    places: ['template', 'deploy', 'test'],
  }),
  breakFix({
    id: 'json-target',
    title: 'UnknownOperationException: the JSON protocol without X-Amz-Target',
    error: 'UnknownOperationException',
    codes: ['UnknownOperationException'],
    why: 'With the AWS JSON protocol the operation is named by the X-Amz-Target header (AmazonSQS.SendMessage). If the integration request does not map the header through, SQS gets a JSON body but no operation.',
    source: SQS_JSON_REQUESTS,
    task: 'Remove the integration request header mapping for X-Amz-Target, deploy, and send the sample. Then map it again.',
    scenario: { preset: 'json-documented', deploy: true },
    breakState: [{ kind: 'header-mapping', header: 'X-Amz-Target', present: false }],
    fixState: [{ kind: 'header-mapping', header: 'X-Amz-Target', present: true }],
    breakHint: 'Headers step → "Remove mapping X-Amz-Target"; deploy before you send.',
    breakSolution: 'Headers step → Remove mapping X-Amz-Target → Apply → send the sample with X-Amz-Target: AmazonSQS.SendMessage; SQS still answers UnknownOperationException because the header never reaches it.',
    fixHint: 'Map the integration request header X-Amz-Target from method.request.header.X-Amz-Target.',
    fixSolution: 'Headers step → add integration request header X-Amz-Target = method.request.header.X-Amz-Target → Apply → send.',
    places: ['headers', 'deploy', 'test'],
  }),
  breakFix({
    id: 'access-denied',
    title: 'AccessDenied: the role may not send',
    error: 'AccessDenied',
    codes: ['AccessDenied', 'AccessDeniedException'],
    why: 'API Gateway calls SQS as the execution role. SQS asks IAM whether that role may call sqs:SendMessage on the queue; without an Allow it answers AccessDenied. The role policy, not the API, decides.',
    source: KNOWLEDGE_CENTER,
    task: 'Change the execution role\'s policy so it no longer allows sqs:SendMessage (for example allow only sqs:GetQueueAttributes), deploy, and send. Then give the permission back.',
    scenario: { preset: 'query-urlencoded', deploy: true },
    breakState: [{ kind: 'permission', action: 'sqs:SendMessage', allowed: false }],
    fixState: [{ kind: 'permission', action: 'sqs:SendMessage', allowed: true }],
    breakHint: 'The policy is on the Execution role step. Replace "sqs:SendMessage" with "sqs:GetQueueAttributes" in the policy document, then deploy.',
    breakSolution: 'Execution role step → policy Action "sqs:GetQueueAttributes" → Apply (the plan updates the role policy) → send. SQS answers AccessDenied.',
    fixHint: 'The policy must allow sqs:SendMessage on the queue\'s ARN.',
    fixSolution: 'Execution role step → Action "sqs:SendMessage" on the queue ARN (or use the doctor\'s fix) → Apply → send.',
    places: ['role', 'deploy', 'test'],
  }),
  breakFix({
    id: 'kms-access-denied',
    title: 'KMS.AccessDeniedException: the role may not use the queue\'s key',
    error: 'KMS.AccessDeniedException',
    codes: ['KMS.AccessDeniedException', 'KmsAccessDenied'],
    why: 'A queue encrypted with a customer-managed KMS key needs more than sqs:SendMessage: SQS uses the key on the sender\'s behalf, so the execution role also needs kms:GenerateDataKey and kms:Decrypt on that key. Without them SQS answers KMS.AccessDeniedException.',
    source: SQS_KMS,
    task: 'Your queue is encrypted with a customer-managed key. Remove the KMS statement from the role policy, deploy, and send. Then restore it.',
    scenario: { preset: 'query-urlencoded', deploy: true, kmsKey: true },
    breakState: [{ kind: 'permission', action: 'kms:GenerateDataKey', allowed: false }, { kind: 'permission', action: 'sqs:SendMessage', allowed: true }],
    fixState: [{ kind: 'permission', action: 'kms:GenerateDataKey', allowed: true }],
    breakHint: 'On the Execution role step, delete the statement with kms:GenerateDataKey and kms:Decrypt, keep sqs:SendMessage, then deploy.',
    breakSolution: 'Execution role step → policy with only the sqs:SendMessage statement → Apply → send. SQS answers KMS.AccessDeniedException.',
    fixHint: 'Allow kms:GenerateDataKey and kms:Decrypt on the queue\'s key (the doctor offers the statement).',
    fixSolution: 'Execution role step → add {"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": <the key ARN>} → Apply → send.',
    places: ['role', 'deploy', 'test'],
  }),
  breakFix({
    id: 'malformed-query-string',
    title: 'MalformedQueryString: a % in an unencoded body',
    error: 'MalformedQueryString',
    codes: ['MalformedQueryString'],
    why: 'The documented template Action=SendMessage&MessageBody=$input.body pastes the client\'s body into a form unencoded. A % that does not start a valid escape makes the form unreadable, and SQS answers MalformedQueryString; & and + silently change the message. $util.urlEncode() makes any body safe.',
    source: KNOWLEDGE_CENTER,
    task: 'This design uses the template exactly as documented. From the Test tab send a body with a bare percent sign, for example {"discount": "100%"}. Then fix the template so the same body arrives intact.',
    scenario: { preset: 'query-documented', deploy: true },
    breakState: [{ kind: 'request-body', contains: '%', present: true }, { kind: 'template', contains: 'urlEncode', present: false }],
    fixState: [{ kind: 'request-body', contains: '%', present: true }, { kind: 'template', contains: 'urlEncode', present: true }],
    breakHint: 'No design change is needed: on the Test tab, put a % into the body (not followed by two hex digits) and send it to the invoke URL.',
    breakSolution: 'Test tab → Body {"discount": "100%"} → Send to invoke URL. SQS answers MalformedQueryString.',
    fixHint: 'Wrap the body in $util.urlEncode() in the mapping template, deploy, and send the same body again (keep the %).',
    fixSolution: 'Mapping template: Action=SendMessage&MessageBody=$util.urlEncode($input.body) → Apply → send {"discount": "100%"} again; the queue holds it unchanged.',
    places: ['test', 'template', 'deploy'],
  }),
  breakFix({
    id: 'signature-get',
    title: 'SignatureDoesNotMatch: the integration uses GET',
    error: 'SignatureDoesNotMatch',
    codes: ['SignatureDoesNotMatch'],
    why: 'The integration HTTP method is the method API Gateway uses towards SQS, not the client\'s. With GET, the request API Gateway signs is not the one SQS checks, and SQS answers SignatureDoesNotMatch. AWS does not document why in detail; the fix is to use POST.',
    source: KNOWLEDGE_CENTER,
    task: 'Change the integration HTTP method to GET, deploy, and send. Then change it back to POST.',
    scenario: { preset: 'query-urlencoded', deploy: true },
    breakState: [{ kind: 'integration-method', is: 'GET' }],
    fixState: [{ kind: 'integration-method', is: 'POST' }],
    breakHint: 'The integration HTTP method is on the Integration step (not the method request\'s HTTP method).',
    breakSolution: 'Integration step → Integration HTTP method GET → Apply → send. SQS answers SignatureDoesNotMatch.',
    fixHint: 'SQS expects POST from API Gateway.',
    fixSolution: 'Integration step → Integration HTTP method POST → Apply → send.',
    places: ['integration', 'deploy', 'test'],
  }),
  breakFix({
    id: 'invalid-address',
    title: 'InvalidAddress: a QueueUrl for another endpoint',
    error: 'InvalidAddress',
    codes: ['InvalidAddress'],
    why: 'With the AWS JSON protocol the client names the queue in the body\'s QueueUrl. SQS only accepts queue URLs of the endpoint that received the request: a URL with another Region\'s host (copied from another account\'s setup, say) is refused as InvalidAddress before any queue is looked up. A QueueUrl that is merely mistyped gives QueueDoesNotExist instead.',
    source: SQS_COMMON_ERRORS,
    task: 'On the Test tab, send the JSON body with your queue\'s URL moved to another Region, e.g. "QueueUrl": "https://sqs.eu-west-1.amazonaws.com/000000000000/<your queue>". Then send it with the URL of your queue in us-east-1.',
    scenario: { preset: 'json-documented', deploy: true },
    breakState: [{ kind: 'request-body', contains: 'sqs.us-east-1.amazonaws.com', present: false }],
    fixState: [{ kind: 'request-body', contains: 'sqs.us-east-1.amazonaws.com', present: true }],
    breakHint: 'The break is in the request: on the Test tab change "sqs.us-east-1" in the QueueUrl to "sqs.eu-west-1" and send.',
    breakSolution: 'Test tab → Body {"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/000000000000/<your queue>", "MessageBody": "hello"} → Send to invoke URL. SQS answers InvalidAddress.',
    fixHint: 'Use the queue URL Sluice shows in the sample body (https://sqs.us-east-1.amazonaws.com/000000000000/<your queue>).',
    fixSolution: 'Test tab → choose the sample again (it names your queue) → send.',
    places: ['test'],
  }),
  breakFix({
    id: 'serialization',
    title: 'SerializationException: a body that is not JSON',
    error: 'SerializationException',
    codes: ['SerializationException'],
    why: 'The AWS JSON protocol passes the client\'s body to SQS unchanged. If it is not valid JSON (a missing comma, a trailing brace) or a member has the wrong type, SQS cannot read it and answers SerializationException.',
    source: SQS_JSON_REQUESTS,
    task: 'On the Test tab, break the JSON body (delete a comma or a quote) and send it. Then send valid JSON.',
    scenario: { preset: 'json-documented', deploy: true },
    breakState: [{ kind: 'request-json', valid: false }],
    fixState: [{ kind: 'request-json', valid: true }],
    breakHint: 'Edit the body on the Test tab so it is no longer valid JSON, e.g. remove the comma between the two members.',
    breakSolution: 'Test tab → Body {"QueueUrl": "…" "MessageBody": "hi"} (no comma) → Send to invoke URL. SQS answers SerializationException.',
    fixHint: 'Restore the comma (or pick the sample again).',
    fixSolution: 'Test tab → sample body → send.',
    places: ['test'],
  }),
  breakFix({
    id: 'missing-message-body',
    title: 'MissingRequiredParameterException: no MessageBody',
    error: 'MissingRequiredParameterException',
    codes: ['MissingRequiredParameterException', 'MissingParameter'],
    why: 'SendMessage needs a MessageBody. A JSON-protocol body that only names the QueueUrl reaches SQS as a request without its required parameter, and SQS answers MissingRequiredParameterException (MissingParameter in query-protocol terms).',
    source: SQS_SEND_MESSAGE,
    task: 'On the Test tab, send a body without MessageBody, e.g. {"QueueUrl": "<your queue URL>"}. Then add the MessageBody back.',
    scenario: { preset: 'json-documented', deploy: true },
    breakState: [{ kind: 'request-body', contains: 'MessageBody', present: false }],
    fixState: [{ kind: 'request-body', contains: 'MessageBody', present: true }],
    breakHint: 'Delete the "MessageBody" member from the sample body on the Test tab and send.',
    breakSolution: 'Test tab → Body {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/<your queue>"} → send. SQS answers MissingRequiredParameterException.',
    fixHint: 'Put "MessageBody": "…" back into the body.',
    fixSolution: 'Test tab → sample body → send.',
    places: ['test'],
  }),
  breakFix({
    id: 'fifo-group-id',
    title: 'FIFO: a message without MessageGroupId',
    error: 'MissingParameter (MessageGroupId)',
    codes: ['MissingParameter', 'MissingRequiredParameterException'],
    why: 'A FIFO queue orders messages within a message group, so every SendMessage to it must carry a MessageGroupId. A template written for a standard queue omits it, and SQS refuses the message.',
    source: SQS_FIFO_GROUP,
    task: 'Your design sends to a .fifo queue. Remove &MessageGroupId=… from the mapping template, deploy, and send. Then put it back.',
    scenario: { preset: 'fifo', deploy: true },
    breakState: [{ kind: 'template', contains: 'MessageGroupId', present: false }],
    fixState: [{ kind: 'template', contains: 'MessageGroupId', present: true }],
    breakHint: 'Mapping template step: delete the "&MessageGroupId=…" part; the Test tab sends the X-Message-Group-Id header the design asks for.',
    breakSolution: 'Mapping template: Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageDeduplicationId=$context.requestId → Apply → send. SQS answers that MessageGroupId is missing.',
    fixHint: 'Add &MessageGroupId=$util.urlEncode($input.params(\'X-Message-Group-Id\')) back.',
    fixSolution: 'Mapping template with &MessageGroupId=$util.urlEncode($input.params(\'X-Message-Group-Id\')) → Apply → send with the X-Message-Group-Id header.',
    places: ['template', 'deploy', 'test'],
  }),
  {
    kind: 'exercise',
    id: 'serverless-yml',
    title: 'The widely copied serverless.yml: four wrong mappings',
    part: 'break',
    error: 'four wrong mappings',
    why: 'A widely copied serverless.yml example (from a course article, not from AWS) maps X-Amz-Target to \'SendMessage\', invents an X-Amz-Content-Type-X header, and maps integration.request.path.QueueUrl and integration.request.body.MessageBody. API Gateway has no integration.request.body.* parameters, the path parameter appears in no path, and SQS reads neither header that way; with no Content-Type and no template, SQS gets no action at all. Sluice\'s doctor finds each mistake from the SQS and API Gateway developer guides.',
    source: SERVERLESS_EXAMPLE,
    task: 'Sluice has imported the example file for you, exactly as the Import page does with any file. Open the design: the doctor lists the mistakes with the line of the file each comes from. Fix them (the doctor offers a one-click fix for each), deploy, and send a message.',
    scenario: { preset: 'query-urlencoded', imported: 'serverless-example', deploy: false },
    minutes: 6,
    stages: [
      {
        id: 'fix',
        goal: 'Every wrong mapping is gone from the deployed stage and a message reaches the queue.',
        expect: [
          { kind: 'delivered' },
          { kind: 'header-mapping', header: 'X-Amz-Target', present: false, value: "'SendMessage'" },
          { kind: 'header-mapping', header: 'X-Amz-Content-Type-X', present: false },
          { kind: 'request-parameter', key: 'integration.request.path.QueueUrl', present: false },
          { kind: 'request-parameter', key: 'integration.request.body.MessageBody', present: false },
          { kind: 'header-mapping', header: 'Content-Type', present: true, value: FORM },
        ],
        hint: 'The findings sit above every wizard step; each has a "Fix:" button. Apply them one after the other, then deploy.',
        solution: 'Remove the four mappings, map Content-Type to \'application/x-www-form-urlencoded\', use the path override {account}/{queue} with the template Action=SendMessage&MessageBody=$util.urlEncode($input.body) — the doctor\'s fixes do exactly this — then Apply and send.',
        places: ['headers', 'template', 'integration', 'deploy', 'test'],
      },
    ],
  },
  {
    kind: 'exercise',
    id: 'clean-response',
    title: 'Beyond the documents: a clean response instead of SQS\'s',
    part: 'beyond',
    why: 'With only a default integration response, the client receives SQS\'s own answer — {"SendMessageResponse": …} with request metadata it should not depend on. A response mapping template turns it into a small, stable contract such as {"messageId": "…"}.',
    source: APIGW_INTEGRATION_RESPONSES,
    task: 'This design answers with SQS\'s raw body. On the Responses step give the 200 integration response a template for application/json that answers {"messageId": "…"}, deploy, and send.',
    scenario: { preset: 'query-documented', deploy: true },
    minutes: 4,
    stages: [
      {
        id: 'fix',
        goal: 'The client gets {"messageId": …} and no SendMessageResponse, and the message is in the queue.',
        expect: [{ kind: 'delivered' }, { kind: 'response-shape', key: 'messageId', lacks: 'SendMessageResponse' }],
        hint: 'In the template, read the id with $input.path(\'$.SendMessageResponse.SendMessageResult.MessageId\').',
        solution: 'Responses step → 200 → template #set($r = $input.path(\'$.SendMessageResponse.SendMessageResult\')){"messageId": "$r.MessageId"} → Apply → send.',
        places: ['responses', 'deploy', 'test'],
      },
    ],
  },
  {
    kind: 'exercise',
    id: 'errors-as-4xx',
    title: 'Beyond the documents: SQS errors as 4xx instead of 200',
    part: 'beyond',
    why: 'When the only integration response is the default one, API Gateway answers 200 even when SQS refused the message — clients think it worked. An integration response whose selection pattern matches SQS\'s 4xx status maps it to a 400 for the client.',
    source: APIGW_INTEGRATION_RESPONSES,
    task: 'This JSON-protocol design has only the default 200 response. Send an invalid JSON body from the Test tab and look at the status: 200. Then add an integration response for 4xx (selection pattern 4\\d{2}) with method response 400, deploy, and send the invalid body again.',
    scenario: { preset: 'json-documented', deploy: true, onlyDefaultResponse: true },
    minutes: 5,
    stages: [
      {
        id: 'break',
        goal: 'See an SQS error answered with 200.',
        expect: [{ kind: 'error', codes: ['SerializationException'] }, { kind: 'status', min: 200, max: 299 }],
        hint: 'Send a body that is not JSON (remove a comma) from the Test tab.',
        solution: 'Test tab → Body {"QueueUrl": "…" "MessageBody": "x"} → send: status 200, body {"__type": "…SerializationException"…}.',
        places: ['test'],
      },
      {
        id: 'fix',
        goal: 'The same invalid request is answered with a 4xx status.',
        expect: [{ kind: 'error', codes: ['SerializationException'] }, { kind: 'status', min: 400, max: 499 }],
        hint: 'Responses step: add a method response 400 and an integration response with status 400 and selection pattern 4\\d{2}; deploy.',
        solution: 'Responses step → method response 400; integration response 400, selection pattern 4\\d{2} → Apply → send the invalid body again: 400.',
        places: ['responses', 'deploy', 'test'],
      },
    ],
  },
  {
    kind: 'exercise',
    id: 'message-attributes',
    title: 'Beyond the documents: message attributes',
    part: 'beyond',
    why: 'Message attributes carry metadata next to the body (who sent it, a trace id) that consumers can read without parsing the body. In the query protocol they are MessageAttribute.N.Name / .Value.DataType / .Value.StringValue parameters written by the mapping template.',
    source: SQS_ATTRIBUTES,
    task: 'Add a message attribute to the mapping template (e.g. the caller\'s IP from $context.identity.sourceIp), deploy, and send. The check looks at the message in the queue.',
    scenario: { preset: 'query-urlencoded', deploy: true },
    minutes: 4,
    stages: [
      {
        id: 'fix',
        goal: 'A message with at least one message attribute arrives in the queue.',
        expect: [{ kind: 'delivered' }, { kind: 'message-attributes', min: 1 }],
        hint: 'Append &MessageAttribute.1.Name=sourceIp&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$util.urlEncode($context.identity.sourceIp) to the template.',
        solution: 'Mapping template: Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageAttribute.1.Name=sourceIp&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$util.urlEncode($context.identity.sourceIp) → Apply → send.',
        places: ['template', 'deploy', 'test'],
      },
    ],
  },
  {
    kind: 'exercise',
    id: 'cors-errors',
    title: 'Beyond the documents: CORS headers on error answers',
    part: 'beyond',
    why: 'A browser only shows a web page the answer of another origin when it carries Access-Control-Allow-Origin. Method responses add it to answers that reach SQS, but when API Gateway itself refuses a request (415, 403, 429…) it answers with a gateway response, which has no CORS headers until you add them — so the page sees a CORS failure instead of the real error.',
    source: APIGW_GATEWAY_RESPONSES,
    task: 'This design refuses bodies it has no template for (passthrough NEVER). From the Test tab send a body with Content-Type: text/plain: API Gateway answers 415 without CORS headers. Then give the API a DEFAULT_4XX gateway response with the header — write {"gatewayresponse.header.Access-Control-Allow-Origin": "\'*\'"} to cors.json and run aws --endpoint-url http://127.0.0.1:4566 apigateway put-gateway-response --rest-api-id <your API id> --response-type DEFAULT_4XX --response-parameters file://cors.json — deploy the stage again (aws apigateway create-deployment --rest-api-id <your API id> --stage-name prod) and send the same request.',
    scenario: { preset: 'query-urlencoded', deploy: true, passthroughNever: true },
    minutes: 5,
    stages: [
      {
        id: 'break',
        goal: 'See API Gateway refuse a request with an answer that has no CORS header.',
        expect: [{ kind: 'status', min: 415, max: 415 }, { kind: 'response-header', header: 'Access-Control-Allow-Origin', present: false }],
        hint: 'On the Test tab set the header to Content-Type: text/plain and send to the invoke URL.',
        solution: 'Test tab → Headers "Content-Type: text/plain", any body → Send to invoke URL: 415 {"message":"Unsupported Media Type"}.',
        places: ['test'],
      },
      {
        id: 'fix',
        goal: 'The same refusal now carries Access-Control-Allow-Origin.',
        expect: [{ kind: 'status', min: 415, max: 415 }, { kind: 'response-header', header: 'Access-Control-Allow-Origin', present: true }],
        hint: 'Gateway responses are part of the deployment: after put-gateway-response, create a deployment of the stage.',
        solution: 'put-gateway-response --response-type DEFAULT_4XX --response-parameters file://cors.json (the header mapped to the static value \'*\', quotes included), then create-deployment --stage-name prod, then send the text/plain request again.',
        places: ['deploy', 'test'],
      },
    ],
  },
  {
    kind: 'exercise',
    id: 'redeploy-drift',
    title: 'Beyond the documents: a change that is not deployed',
    part: 'beyond',
    why: 'API Gateway serves a stage from a deployment: a snapshot of the API taken when it was deployed. Changing a method or an integration changes the API, not the stage, until you deploy again. Sluice calls the difference drift.',
    source: APIGW_DEPLOY,
    task: 'Someone changed your API\'s integration after it was deployed (Sluice did it for you). Find the drift on the Integrations page, then deploy the stage again.',
    scenario: { preset: 'query-urlencoded', deploy: true, driftAfterDeploy: true },
    minutes: 3,
    stages: [
      {
        id: 'break',
        goal: 'See that the stage serves an older configuration than the API has.',
        expect: [{ kind: 'drift', present: true }],
        hint: 'Open Integrations: the row of your API says the stage differs from the current configuration.',
        solution: 'Integrations → your API → the drift lists the changed integration fields. Then press Check.',
        places: ['integrations'],
      },
      {
        id: 'fix',
        goal: 'The stage serves the current configuration again and the message arrives.',
        expect: [{ kind: 'drift', present: false }, { kind: 'delivered' }],
        hint: 'Deploying creates a new deployment of the stage from the current configuration: Deploy tab → Apply (or "Redeploy stage" on Integrations).',
        solution: 'Deploy tab → Apply (the plan updates the integration and creates a deployment) → Test tab → send.',
        places: ['integrations', 'deploy', 'test'],
      },
    ],
  },
];

export const COURSE: readonly CourseItem[] = [...LESSONS, ...EXERCISES];

export function courseItem(id: string): CourseItem | undefined {
  return COURSE.find((c) => c.id === id);
}

export function exercise(id: string): Exercise | undefined {
  return EXERCISES.find((e) => e.id === id);
}

export const PART_TITLES: Record<CourseItem['part'], string> = {
  picture: '1. The picture',
  build: '2. Build both protocols',
  break: '3. Break it, then fix it',
  beyond: '4. Beyond the documents',
};

export type GlossaryEntry = { term: string; definition: string; source?: SourceLink };

export const GLOSSARY: readonly GlossaryEntry[] = [
  { term: 'Method request', definition: 'What API Gateway accepts from a client for one resource path and HTTP method: the required headers, query parameters and, with a validator, the body model.' },
  { term: 'Integration request', definition: 'The request API Gateway builds and sends to the backend — here to Amazon SQS: HTTP method, path override, header mappings and the mapping template.' },
  { term: 'Path override', definition: 'The path API Gateway calls on the AWS service. For the AWS query protocol it is {account-id}/{queue-name}; for the AWS JSON protocol it is /.', source: KNOWLEDGE_CENTER },
  { term: 'Mapping template', definition: 'A Velocity (VTL) template that writes the integration request body from the client\'s request, selected by the request\'s Content-Type.', source: APIGW_TEMPLATES },
  { term: 'Passthrough behavior', definition: 'What API Gateway does with a request whose Content-Type has no mapping template: pass the body through unchanged (WHEN_NO_MATCH, WHEN_NO_TEMPLATES when there are no templates at all) or refuse it with 415 (NEVER).' },
  { term: 'Execution role', definition: 'The IAM role API Gateway assumes to call SQS. Its trust policy names apigateway.amazonaws.com; its permissions policy allows sqs:SendMessage on the queue (and KMS actions for a customer-managed key).' },
  { term: 'Stage', definition: 'A named snapshot of the API (such as prod) that clients call at its invoke URL. It serves a deployment; changes reach it only when you deploy again.', source: APIGW_DEPLOY },
  { term: 'Deployment', definition: 'A snapshot of the API\'s configuration taken when you deploy. A stage points at one deployment.' },
  { term: 'Invoke URL', definition: 'The URL clients call: https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/{path} on AWS, http://127.0.0.1:4566/_aws/execute-api/{api-id}/{stage}/{path} in the sandbox.' },
  { term: 'Integration response', definition: 'How API Gateway maps the backend\'s answer to a method response: a selection pattern on the backend status, a status code for the client, and templates and headers.', source: APIGW_INTEGRATION_RESPONSES },
  { term: 'Method response', definition: 'A status code (with its headers and models) the method may answer the client with. Integration responses map onto these.' },
  { term: 'AWS query protocol', definition: 'SQS requests as forms: Action=SendMessage&MessageBody=… with Content-Type application/x-www-form-urlencoded.', source: SQS_QUERY_REQUESTS },
  { term: 'AWS JSON protocol', definition: 'SQS requests as JSON with Content-Type application/x-amz-json-1.0 and the operation in X-Amz-Target (AmazonSQS.SendMessage).', source: SQS_JSON_REQUESTS },
  { term: 'SigV4', definition: 'AWS Signature Version 4: how API Gateway signs the request to SQS with the execution role\'s credentials. A request changed after signing fails with SignatureDoesNotMatch.', source: SIGV4 },
  { term: 'Drift', definition: 'Sluice\'s word for a stage that serves an older deployment than the API\'s current configuration.' },
];
