import { awsQueueUrl } from './arns';
import { designResourceNames, roleNameForQueue } from './names';
import type { IntegrationDesign, IntegrationResponseDesign, MethodResponseDesign, Protocol } from './schema';

/**
 * Presets reproduce the AWS Knowledge Center article "api-gateway-rest-api-sqs-errors" exactly where it gives
 * values, and otherwise choose what a careful engineer would: errors mapped to 4xx/5xx instead of 200.
 */
// The recommended preset comes first: it is what the Designs page offers first.
export const PRESET_IDS = ['query-urlencoded', 'query-documented', 'json-documented', 'fifo', 'message-attributes'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export const PRESETS: Record<PresetId, { title: string; summary: string; protocol: Protocol }> = {
  'query-documented': {
    title: 'AWS query protocol (as documented)',
    summary: 'Exactly as the AWS Knowledge Center article documents it: path override {account}/{queue}, form Content-Type, template Action=SendMessage&MessageBody=$input.body. It breaks on bodies with & + % characters: SQS splits the form at &, turns + into a space and rejects a bad % escape.',
    protocol: 'query',
  },
  'query-urlencoded': {
    title: 'AWS query protocol, URL-encoded (recommended)',
    summary: 'As documented, but the body is wrapped in $util.urlEncode so any payload arrives intact; answers {"messageId": …}.',
    protocol: 'query',
  },
  'json-documented': {
    title: 'AWS JSON protocol (as documented)',
    summary: 'Path override /, Content-Type and X-Amz-Target mapped from the method request; the client sends {"QueueUrl": …, "MessageBody": …}.',
    protocol: 'json',
  },
  fifo: {
    title: 'FIFO queue',
    summary: 'URL-encoded query protocol to a .fifo queue with MessageGroupId from a header or a body field and a deduplication id.',
    protocol: 'query',
  },
  'message-attributes': {
    title: 'With message attributes',
    summary: 'URL-encoded query protocol that also sends the caller IP and request id as SQS message attributes.',
    protocol: 'query',
  },
};

export type PresetOptions = {
  name?: string;
  region?: string;
  accountId?: string;
  queueName?: string;
  roleName?: string;
  apiName?: string;
  resourcePath?: string;
  stageName?: string;
  /** FIFO preset: where MessageGroupId comes from. */
  fifoGroupIdSource?: { from: 'header'; name: string } | { from: 'body'; jsonPath: string };
};

export const SANDBOX_ACCOUNT_ID = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

const FORM_CONTENT_TYPE = "'application/x-www-form-urlencoded'";

/** Integration responses shared by every preset: SQS 403 → 403, other 4xx → 400, 5xx → 502. */
function errorResponses(): { integration: IntegrationResponseDesign[]; method: MethodResponseDesign[] } {
  const statuses: [string, string][] = [
    ['403', '403'],
    // Every other 4xx; written without overlap with "403" because AWS does not define which of several matching
    // patterns wins.
    ['400', '40[0-24-9]|4[1-9]\\d'],
    ['502', '5\\d{2}'],
  ];
  return {
    integration: statuses.map(([statusCode, selectionPattern]) => ({ statusCode, selectionPattern, responseTemplates: {}, responseParameters: {} })),
    method: statuses.map(([statusCode]) => ({ statusCode, responseParameters: {}, responseModels: {} })),
  };
}

function successResponse(template: string | undefined): IntegrationResponseDesign {
  return { statusCode: '200', responseTemplates: template === undefined ? {} : { 'application/json': template }, responseParameters: {} };
}

export const QUERY_SUCCESS_TEMPLATE =
  "#set($result = $input.path('$.SendMessageResponse.SendMessageResult'))\n" +
  '{"messageId": "$result.MessageId", "md5OfMessageBody": "$result.MD5OfMessageBody"}';
export const FIFO_SUCCESS_TEMPLATE =
  "#set($result = $input.path('$.SendMessageResponse.SendMessageResult'))\n" +
  '{"messageId": "$result.MessageId", "md5OfMessageBody": "$result.MD5OfMessageBody", "sequenceNumber": "$result.SequenceNumber"}';
export const JSON_SUCCESS_TEMPLATE = `{"messageId": "$input.path('$.MessageId')", "md5OfMessageBody": "$input.path('$.MD5OfMessageBody')"}`;

export const QUERY_TEMPLATE_DOCUMENTED = 'Action=SendMessage&MessageBody=$input.body';
export const QUERY_TEMPLATE_URLENCODED = 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)';

/** The per-protocol parts of a design that switching protocol regenerates. */
export type ProtocolParts = Pick<IntegrationDesign, 'protocol'> & {
  pathOverride: string;
  integrationRequestParameters: Record<string, string>;
  methodRequestParameters: Record<string, boolean>;
  requestTemplates: Record<string, string>;
};

export function protocolParts(protocol: Protocol, accountId: string, queueName: string, urlEncoded = true): ProtocolParts {
  if (protocol === 'json') {
    return {
      protocol,
      pathOverride: '/',
      methodRequestParameters: { 'method.request.header.Content-Type': false, 'method.request.header.X-Amz-Target': false },
      integrationRequestParameters: {
        'integration.request.header.Content-Type': 'method.request.header.Content-Type',
        'integration.request.header.X-Amz-Target': 'method.request.header.X-Amz-Target',
      },
      requestTemplates: {},
    };
  }
  return {
    protocol,
    pathOverride: `${accountId}/${queueName}`,
    methodRequestParameters: {},
    integrationRequestParameters: { 'integration.request.header.Content-Type': FORM_CONTENT_TYPE },
    requestTemplates: { 'application/json': urlEncoded ? QUERY_TEMPLATE_URLENCODED : QUERY_TEMPLATE_DOCUMENTED },
  };
}

/** Builds a complete, valid design from a preset. */
export function createPresetDesign(id: PresetId, options: PresetOptions = {}): IntegrationDesign {
  const region = options.region ?? DEFAULT_REGION;
  const accountId = options.accountId ?? SANDBOX_ACCOUNT_ID;
  const isFifo = id === 'fifo';
  const names = designResourceNames(options.queueName?.replace(/\.fifo$/, '') ?? 'orders', { fifo: isFifo });
  const queueName = options.queueName ?? names.queueName;
  const preset = PRESETS[id];
  const parts = protocolParts(preset.protocol, accountId, queueName, id !== 'query-documented');
  const errors = errorResponses();

  const design: IntegrationDesign = {
    schemaVersion: 1,
    name: options.name ?? preset.title,
    preset: id,
    region,
    accountId,
    protocol: preset.protocol,
    queue: {
      mode: 'create',
      name: queueName,
      fifo: isFifo,
      contentBasedDeduplication: false,
      encryption: { type: 'sqs-managed' },
    },
    executionRole: { mode: 'create', roleName: options.roleName ?? roleNameForQueue(queueName) },
    restApi: { mode: 'create', name: options.apiName ?? names.apiName, endpointType: 'REGIONAL' },
    resourcePath: options.resourcePath ?? '/send',
    method: { httpMethod: 'POST', authorizationType: 'NONE', apiKeyRequired: false, requestParameters: { ...parts.methodRequestParameters } },
    integration: {
      type: 'AWS',
      integrationHttpMethod: 'POST',
      actionType: 'pathOverride',
      pathOverride: parts.pathOverride,
      action: 'SendMessage',
      subdomain: '',
      timeoutInMillis: 29_000,
      passthroughBehavior: preset.protocol === 'json' || id === 'query-documented' ? 'WHEN_NO_MATCH' : 'WHEN_NO_TEMPLATES',
      requestParameters: { ...parts.integrationRequestParameters },
      requestTemplates: { ...parts.requestTemplates },
    },
    integrationResponses: [],
    methodResponses: [{ statusCode: '200', responseParameters: {}, responseModels: {} }, ...errors.method],
    stageName: options.stageName ?? 'prod',
    stageVariables: {},
    cors: { enabled: false, allowOrigin: '*', allowHeaders: ['Content-Type', 'X-Amz-Target'] },
  };

  // The documented presets answer with SQS's own response body, exactly as the AWS Knowledge Center article shows it.
  const documented = id === 'query-documented' || id === 'json-documented';
  const successTemplate = documented ? undefined : preset.protocol === 'json' ? JSON_SUCCESS_TEMPLATE : isFifo ? FIFO_SUCCESS_TEMPLATE : QUERY_SUCCESS_TEMPLATE;
  design.integrationResponses = [successResponse(successTemplate), ...errors.integration];

  if (isFifo) {
    const source = options.fifoGroupIdSource ?? { from: 'header', name: 'X-Message-Group-Id' };
    let groupExpr: string;
    if (source.from === 'header') {
      design.method.requestParameters[`method.request.header.${source.name}`] = true;
      groupExpr = `$util.urlEncode($input.params('${source.name}'))`;
    } else {
      groupExpr = `$util.urlEncode($input.path('$.${source.jsonPath.replace(/^\$\.?/, '')}'))`;
    }
    design.integration.requestTemplates['application/json'] =
      `${QUERY_TEMPLATE_URLENCODED}&MessageGroupId=${groupExpr}&MessageDeduplicationId=$context.requestId`;
  }
  if (id === 'message-attributes') {
    design.integration.requestTemplates['application/json'] =
      `${QUERY_TEMPLATE_URLENCODED}` +
      '&MessageAttribute.1.Name=sourceIp&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$util.urlEncode($context.identity.sourceIp)' +
      '&MessageAttribute.2.Name=requestId&MessageAttribute.2.Value.DataType=String&MessageAttribute.2.Value.StringValue=$context.requestId';
  }
  return design;
}

/** A sample JSON-protocol body addressed to the design's queue (the AWS Knowledge Center article's curl). */
export function jsonProtocolSampleBody(d: Pick<IntegrationDesign, 'region' | 'accountId' | 'queue'>, messageBody = 'This is a test message'): string {
  return JSON.stringify({ QueueUrl: awsQueueUrl(d), MessageBody: messageBody }, null, 2);
}
