import { templateSizeError } from './limits';
import { z } from 'zod';
import {
  MEDIA_TYPE_PATTERN,
  parseIntegrationRequestKey,
  parseMethodRequestKey,
  parseMethodResponseHeaderKey,
  parseRequestMappingSource,
  parseResponseMappingSource,
} from './request-parameters';
import { DESIGN_NAME_MAX } from './names';
import { corsIssues } from './cors';

/**
 * The IntegrationDesign: everything needed to create an API Gateway REST API method that sends to Amazon SQS through
 * an AWS service integration (no Lambda). Field names follow the AWS APIs (PutIntegration, PutMethod, CreateQueue…)
 * so the model can be held against the AWS documentation.
 */

export const QUEUE_NAME_MAX = 80;
export const TIMEOUT_MIN_MS = 50;
export const TIMEOUT_MAX_MS = 29_000;

const regionSchema = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, 'Region must be an AWS Region code such as us-east-1 or eu-west-2.');

const accountIdSchema = z.string().regex(/^\d{12}$/, 'Account ID must be exactly 12 digits, e.g. 123456789012 (000000000000 in the sandbox).');

const statusCodeSchema = z.string().regex(/^[1-5]\d\d$/, 'Status code must be a three-digit HTTP status from 100 to 599, e.g. 200.');

export const encryptionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  /** SSE-SQS (SqsManagedSseEnabled): no KMS permissions needed. */
  z.object({ type: z.literal('sqs-managed') }),
  /** SSE-KMS: a key id, alias (`alias/name`) or key/alias ARN. `alias/aws/sqs` is the AWS managed key. */
  z.object({
    type: z.literal('kms'),
    kmsKeyId: z
      .string()
      .min(1, 'KMS key is required for SSE-KMS: enter a key ID, an alias such as alias/my-key, or a key ARN.')
      .regex(
        /^(alias\/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+))$/,
        'KMS key must be a key ID (1234abcd-12ab-34cd-56ef-1234567890ab), an alias (alias/my-key) or a key ARN (arn:aws:kms:us-east-1:123456789012:key/…).',
      ),
    kmsDataKeyReusePeriodSeconds: z.number().int().min(60).max(86_400).optional(),
  }),
]);
export type QueueEncryption = z.infer<typeof encryptionSchema>;

export const queueSchema = z.object({
  /** `create`: Sluice creates the queue; `existing`: an existing queue, read (never modified) at plan time. */
  mode: z.enum(['create', 'existing']),
  name: z.string(),
  fifo: z.boolean(),
  contentBasedDeduplication: z.boolean(),
  encryption: encryptionSchema,
  visibilityTimeout: z.number().int().min(0, 'Visibility timeout must be 0–43200 seconds.').max(43_200, 'Visibility timeout must be 0–43200 seconds.').optional(),
  messageRetentionPeriod: z.number().int().min(60, 'Retention must be 60–1209600 seconds (1 minute to 14 days).').max(1_209_600, 'Retention must be 60–1209600 seconds (1 minute to 14 days).').optional(),
  maximumMessageSize: z.number().int().min(1024, 'Maximum message size must be 1024–1048576 bytes.').max(1_048_576, 'Maximum message size must be 1024–1048576 bytes.').optional(),
  delaySeconds: z.number().int().min(0, 'Delay must be 0–900 seconds.').max(900, 'Delay must be 0–900 seconds.').optional(),
});
export type QueueDesign = z.infer<typeof queueSchema>;

export const restApiSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('create'),
    name: z.string().min(1, 'REST API name is required.').max(1024),
    description: z.string().max(1024).optional(),
    endpointType: z.enum(['REGIONAL', 'EDGE', 'PRIVATE']),
  }),
  z.object({
    mode: z.literal('existing'),
    id: z.string().regex(/^[a-z0-9]{10}$/, 'REST API ID is the 10-character ID shown in the API Gateway console, e.g. a1b2c3d4e5.'),
    name: z.string().optional(),
  }),
]);

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;

export const methodSchema = z.object({
  httpMethod: z.enum(HTTP_METHODS),
  authorizationType: z.enum(['NONE', 'AWS_IAM']),
  apiKeyRequired: z.boolean(),
  /** PutMethod `requestParameters`: `method.request.{header|querystring|path}.NAME` → required? */
  requestParameters: z.record(z.string(), z.boolean()),
});

export const INTEGRATION_HTTP_METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export const integrationSchema = z.object({
  type: z.literal('AWS'),
  /** The HTTP method API Gateway uses to call SQS. Must be POST (GET → SignatureDoesNotMatch, AWS Knowledge Center). */
  integrationHttpMethod: z.enum(INTEGRATION_HTTP_METHODS),
  /** `pathOverride` → uri `…:sqs:path/{pathOverride}`; `action` → uri `…:sqs:action/{action}`. */
  actionType: z.enum(['pathOverride', 'action']),
  pathOverride: z.string(),
  action: z.string(),
  /** Optional AWS subdomain (console "AWS Subdomain"); blank for SQS. */
  subdomain: z.string().regex(/^([a-z0-9-]+)?$/, 'Subdomain may contain only lower-case letters, digits and hyphens (leave it blank for SQS).'),
  timeoutInMillis: z
    .number()
    .int('Timeout must be a whole number of milliseconds.')
    .min(TIMEOUT_MIN_MS, `Integration timeout must be between ${TIMEOUT_MIN_MS} and ${TIMEOUT_MAX_MS} ms.`)
    .max(TIMEOUT_MAX_MS, `Integration timeout must be between ${TIMEOUT_MIN_MS} and ${TIMEOUT_MAX_MS} ms.`),
  passthroughBehavior: z.enum(['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER']),
  contentHandling: z.enum(['CONVERT_TO_TEXT', 'CONVERT_TO_BINARY']).optional(),
  /** `integration.request.{header|querystring|path}.NAME` → mapping expression. */
  requestParameters: z.record(z.string(), z.string()),
  /** Content type → mapping template. */
  requestTemplates: z.record(z.string(), z.string()),
});
export type IntegrationSettings = z.infer<typeof integrationSchema>;

export const integrationResponseSchema = z.object({
  statusCode: statusCodeSchema,
  /** Java regex matched against the SQS HTTP status; absent = the default response. */
  selectionPattern: z.string().optional(),
  responseTemplates: z.record(z.string(), z.string()),
  responseParameters: z.record(z.string(), z.string()),
  contentHandling: z.enum(['CONVERT_TO_TEXT', 'CONVERT_TO_BINARY']).optional(),
});
export type IntegrationResponseDesign = z.infer<typeof integrationResponseSchema>;

export const methodResponseSchema = z.object({
  statusCode: statusCodeSchema,
  /** `method.response.header.NAME` → required? */
  responseParameters: z.record(z.string(), z.boolean()),
  responseModels: z.record(z.string(), z.string()),
});
export type MethodResponseDesign = z.infer<typeof methodResponseSchema>;

export const executionRoleSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('create'),
    roleName: z
      .string()
      .min(1, 'Role name is required.')
      .max(64, 'Role name must be at most 64 characters.')
      .regex(/^[\w+=,.@-]+$/, 'Role name may contain letters, digits and + = , . @ _ - only.'),
    /** Inline policy document (JSON). Absent: Sluice derives the least-privilege policy from the queue. */
    policyDocument: z.string().optional(),
  }),
  z.object({
    mode: z.literal('existing'),
    roleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'Role ARN must look like arn:aws:iam::123456789012:role/my-apigw-sqs-role.'),
  }),
]);
export type ExecutionRoleDesign = z.infer<typeof executionRoleSchema>;

export const corsSchema = z.object({
  enabled: z.boolean(),
  allowOrigin: z.string(),
  allowHeaders: z.array(z.string()),
});

export const protocolSchema = z.enum(['query', 'json']);
export type Protocol = z.infer<typeof protocolSchema>;

export const integrationDesignSchema = z.object({
  schemaVersion: z.literal(1),
  name: z.string().min(1, 'Give the design a name.').max(DESIGN_NAME_MAX, `Design name must be at most ${DESIGN_NAME_MAX} characters.`),
  description: z.string().max(2000).optional(),
  /** Which preset the design was created from (informational; switching protocol regenerates from it). */
  preset: z.string().optional(),
  region: regionSchema,
  accountId: accountIdSchema,
  protocol: protocolSchema,
  queue: queueSchema,
  executionRole: executionRoleSchema,
  restApi: restApiSchema,
  /** Resource path, e.g. `/send` or `/v1/orders`. */
  resourcePath: z.string(),
  method: methodSchema,
  integration: integrationSchema,
  integrationResponses: z.array(integrationResponseSchema),
  methodResponses: z.array(methodResponseSchema),
  stageName: z
    .string()
    .min(1, 'Stage name is required, e.g. prod.')
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/, 'Stage name may contain letters, digits, hyphens and underscores only.'),
  /** Stage variables of the deployed stage (usable as ${stageVariables.x} and $stageVariables.x). */
  stageVariables: z.record(z.string(), z.string()),
  cors: corsSchema,
});
export type IntegrationDesign = z.infer<typeof integrationDesignSchema>;

/** Cross-field rules: what API Gateway, SQS and IAM would reject. Each issue names the field and how to fix it. */
export const validatedDesignSchema = integrationDesignSchema.superRefine((d, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  // Queue name (SQS CreateQueue rules, aws-reference C.5).
  const q = d.queue;
  const base = q.fifo ? q.name.replace(/\.fifo$/, '') : q.name;
  if (q.name.length === 0) issue(['queue', 'name'], 'Queue name is required: 1–80 characters of letters, digits, hyphens and underscores.');
  else if (q.name.length > QUEUE_NAME_MAX) issue(['queue', 'name'], `Queue name is ${q.name.length} characters; the limit is 80, including the .fifo suffix.`);
  else if (q.fifo && !q.name.endsWith('.fifo')) issue(['queue', 'name'], `A FIFO queue name must end with ".fifo", e.g. "${q.name}.fifo".`);
  else if (!q.fifo && q.name.endsWith('.fifo')) issue(['queue', 'name'], 'Only FIFO queues may end with ".fifo": turn on FIFO or remove the suffix.');
  else if (!/^[A-Za-z0-9_-]+$/.test(base)) {
    const bad = [...new Set(base.replace(/[A-Za-z0-9_-]/g, ''))].join(' ');
    issue(['queue', 'name'], `Queue name may contain only letters, digits, hyphens and underscores; remove: ${bad}`);
  }
  if (!q.fifo && q.contentBasedDeduplication) issue(['queue', 'contentBasedDeduplication'], 'Content-based deduplication exists only for FIFO queues: turn on FIFO or turn this off.');

  // Resource path.
  if (!d.resourcePath.startsWith('/')) issue(['resourcePath'], `Resource path must start with "/", e.g. "/${d.resourcePath}".`);
  else if (d.resourcePath !== '/') {
    const parts = d.resourcePath.slice(1).split('/');
    parts.forEach((part) => {
      if (part === '') issue(['resourcePath'], 'Resource path has an empty segment ("//" or a trailing "/"); remove it.');
      else if (!/^([A-Za-z0-9._-]+|\{[A-Za-z0-9._-]+\+?\})$/.test(part)) {
        issue(['resourcePath'], `Path segment "${part}" is not valid: use letters, digits, . _ - or a {parameter}.`);
      }
    });
  }

  // Integration URI parts.
  const i = d.integration;
  if (i.actionType === 'pathOverride') {
    if (i.pathOverride.length === 0) issue(['integration', 'pathOverride'], 'Path override is required: "{account-id}/{queue-name}" for the AWS query protocol or "/" for the AWS JSON protocol.');
    else if (/\s/.test(i.pathOverride)) issue(['integration', 'pathOverride'], 'Path override must not contain spaces.');
  } else if (!/^[A-Za-z][A-Za-z0-9]*$/.test(i.action)) {
    issue(['integration', 'action'], 'Action name must be an SQS action such as SendMessage.');
  }

  // Method request parameters.
  for (const key of Object.keys(d.method.requestParameters)) {
    const parsed = parseMethodRequestKey(key);
    if (!parsed.ok) issue(['method', 'requestParameters', key], parsed.message);
    else if (parsed.value.location === 'path' && !d.resourcePath.includes(`{${parsed.value.name}}`) && !d.resourcePath.includes(`{${parsed.value.name}+}`)) {
      issue(['method', 'requestParameters', key], `Path parameter "${parsed.value.name}" is not in the resource path ${d.resourcePath}; add {${parsed.value.name}} to the path or remove the parameter.`);
    }
  }

  // Integration request parameters: keys and sources as API Gateway validates them in PutIntegration.
  for (const [key, value] of Object.entries(i.requestParameters)) {
    const target = parseIntegrationRequestKey(key);
    if (!target.ok) {
      issue(['integration', 'requestParameters', key], target.message);
      continue;
    }
    const source = parseRequestMappingSource(value);
    if (!source.ok) {
      issue(['integration', 'requestParameters', key], source.message);
      continue;
    }
    const src = source.value;
    if (src.kind === 'method.request') {
      const loc = src.location === 'multivalueheader' ? 'header' : src.location === 'multivaluequerystring' ? 'querystring' : src.location;
      const declared = `method.request.${loc}.${src.name}`;
      const isDeclared = Object.keys(d.method.requestParameters).some((k) => (loc === 'header' ? k.toLowerCase() === declared.toLowerCase() : k === declared));
      if (!isDeclared) {
        issue(
          ['integration', 'requestParameters', key],
          `${value} is not declared on the method request. Add ${declared} to the method request's ${loc === 'header' ? 'HTTP request headers' : loc === 'querystring' ? 'URL query string parameters' : 'path'} first.`,
        );
      }
    }
  }

  for (const [contentType, template] of Object.entries(i.requestTemplates)) {
    if (!MEDIA_TYPE_PATTERN.test(contentType)) issue(['integration', 'requestTemplates', contentType], `"${contentType}" is not a content type; use a media type such as application/json.`);
    const tooLarge = templateSizeError(template, contentType);
    if (tooLarge) issue(['integration', 'requestTemplates', contentType], tooLarge);
  }

  // Responses.
  const methodStatuses = new Set(d.methodResponses.map((r) => r.statusCode));
  const seenStatus = new Set<string>();
  d.methodResponses.forEach((r, idx) => {
    if (seenStatus.has(r.statusCode)) issue(['methodResponses', idx, 'statusCode'], `Method response ${r.statusCode} is defined twice; keep one.`);
    seenStatus.add(r.statusCode);
    for (const key of Object.keys(r.responseParameters)) {
      const p = parseMethodResponseHeaderKey(key);
      if (!p.ok) issue(['methodResponses', idx, 'responseParameters', key], p.message);
    }
  });
  let defaults = 0;
  d.integrationResponses.forEach((r, idx) => {
    if (!methodStatuses.has(r.statusCode)) issue(['integrationResponses', idx, 'statusCode'], `Integration response maps to status ${r.statusCode}, but there is no method response ${r.statusCode}; add the method response first.`);
    if (r.selectionPattern === undefined || r.selectionPattern === '') defaults += 1;
    else {
      try {
        new RegExp(r.selectionPattern);
      } catch {
        issue(['integrationResponses', idx, 'selectionPattern'], `"${r.selectionPattern}" is not a valid regular expression.`);
      }
    }
    for (const [contentType, template] of Object.entries(r.responseTemplates)) {
      const tooLarge = templateSizeError(template, contentType);
      if (tooLarge) issue(['integrationResponses', idx, 'responseTemplates', contentType], tooLarge);
    }
    const mr = d.methodResponses.find((m) => m.statusCode === r.statusCode);
    for (const [key, value] of Object.entries(r.responseParameters)) {
      const k = parseMethodResponseHeaderKey(key);
      if (!k.ok) {
        issue(['integrationResponses', idx, 'responseParameters', key], k.message);
        continue;
      }
      if (mr && !(key in mr.responseParameters)) issue(['integrationResponses', idx, 'responseParameters', key], `${key} is not declared on method response ${r.statusCode}; declare the header there first.`);
      const s = parseResponseMappingSource(value);
      if (!s.ok) issue(['integrationResponses', idx, 'responseParameters', key], s.message);
    }
  });
  if (defaults > 1) issue(['integrationResponses'], 'Only one integration response may be the default (no selection pattern); give the others a pattern such as 4\\d{2}.');

  // Execution role policy must at least be JSON; the doctor judges what it allows.
  if (d.executionRole.mode === 'create' && d.executionRole.policyDocument !== undefined) {
    try {
      JSON.parse(d.executionRole.policyDocument);
    } catch (err) {
      issue(['executionRole', 'policyDocument'], `Policy document is not valid JSON: ${(err as Error).message}.`);
    }
  }
  for (const c of corsIssues(d)) issue(c.path, c.message);
});

export type FieldError = { path: string; message: string };
export type ValidationResult = { ok: true; design: IntegrationDesign } | { ok: false; errors: FieldError[] };

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, idx) => (typeof p === 'number' ? `[${p}]` : typeof p === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? (idx === 0 ? p : `.${p}`) : `[${JSON.stringify(String(p))}]`))
    .join('');
}

/** Validates untrusted input (a design file, a form) and returns the design or every field error. */
export function validateDesign(input: unknown): ValidationResult {
  const result = validatedDesignSchema.safeParse(input);
  if (result.success) return { ok: true, design: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((i) => ({
      path: formatPath(i.path) || '(design)',
      message: i.code === 'invalid_type' && i.input === undefined ? `${formatPath(i.path)} is required.` : i.message,
    })),
  };
}
