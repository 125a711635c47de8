import { z } from 'zod';
import { sqsQueryCode } from '@/lib/sqs/errors';
import type { ErrorExplanation, ErrorProtocol, RuleId } from './types';

type HeadersInput = Record<string, string> | [string, string][];

function header(headers: HeadersInput, name: string): string | undefined {
  const lower = name.toLowerCase();
  const entries = Array.isArray(headers) ? headers : Object.entries(headers);
  return entries.find(([k]) => k.toLowerCase() === lower)?.[1];
}

function xmlUnescape(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function xmlElement(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? xmlUnescape(m[1]!.trim()) : undefined;
}

const optionalString = z.string().optional().catch(undefined);
/** The JSON error bodies of aws-reference C.2 (`__type`), C.1 as JSON (`Error.Code`) and API Gateway's `{"message"}`. */
const jsonErrorBody = z.object({
  __type: optionalString,
  message: optionalString,
  Message: optionalString,
  Error: z.object({ Code: z.string(), Message: optionalString }).optional().catch(undefined),
});

type WireError = { code: string; message: string; protocol: ErrorProtocol };

/** The error code and message of an SQS or API Gateway error response, in any of the shapes of aws-reference C.1–C.3. */
function parseWireError(status: number, headers: HeadersInput, body: string): WireError | undefined {
  const text = body.trim();
  const queryError = header(headers, 'x-amzn-query-error');
  if (text.startsWith('<')) {
    const code = xmlElement(text, 'Code');
    if (code !== undefined) return { code, message: xmlElement(text, 'Message') ?? '', protocol: 'query' };
    // A bare root element (`<UnknownOperationException/>`) is the error itself.
    const root = /^(?:<\?xml[^>]*\?>\s*)?<([A-Za-z][\w.]*)[\s/>]/.exec(text);
    if (root && /(Exception|Error)$/.test(root[1]!)) return { code: root[1]!, message: '', protocol: 'query' };
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = jsonErrorBody.safeParse(json);
  if (parsed.success) {
    const o = parsed.data;
    if (o.__type !== undefined) {
      const shape = o.__type.slice(o.__type.lastIndexOf('#') + 1);
      return { code: shape, message: o.message ?? o.Message ?? '', protocol: 'json' };
    }
    if (o.Error) return { code: o.Error.Code, message: o.Error.Message ?? '', protocol: 'query' };
    if (queryError) return { code: queryError.split(';')[0]!, message: o.message ?? '', protocol: 'json' };
    const message = o.message ?? o.Message;
    if (message !== undefined) return { code: message, message, protocol: 'api-gateway' };
  }
  if (queryError) return { code: queryError.split(';')[0]!, message: '', protocol: 'json' };
  if (status >= 400) return { code: String(status), message: text, protocol: 'unknown' };
  return undefined;
}

type Known = { ruleIds: RuleId[]; explanation: string };

function explainSqs(code: string, message: string, protocol: ErrorProtocol): Known | undefined {
  const c = sqsQueryCode(code);
  switch (c) {
    case 'UnknownOperationException':
      return protocol === 'json'
        ? {
            ruleIds: ['json-protocol-headers', 'x-amz-target-format'],
            explanation: 'The AWS Knowledge Center article on API Gateway and SQS errors: with the AWS JSON protocol SQS could not tell the operation — Content-Type must be application/x-amz-json-1.0 and X-Amz-Target AmazonSQS.SendMessage, and both headers must reach SQS.',
          }
        : {
            ruleIds: ['query-content-type', 'query-template-action', 'json-protocol-headers'],
            explanation:
              'The AWS Knowledge Center article on API Gateway and SQS errors: with the AWS query protocol SQS found no action — the integration request Content-Type is not application/x-www-form-urlencoded (API Gateway forwarded the client\'s), or the mapping template does not add Action=SendMessage.',
          };
    case 'InvalidAction':
      return { ruleIds: ['query-template-action'], explanation: `SQS does not know the action the body names${message ? ` (${message})` : ''}; the template must send Action=SendMessage.` };
    case 'AccessDenied':
      return {
        ruleIds: protocol === 'json' ? ['access-denied-policy'] : ['access-denied-policy', 'query-body-not-urlencoded'],
        explanation:
          'The AWS Knowledge Center article on API Gateway and SQS errors: the execution role lacks sqs:SendMessage on the queue' +
          (protocol === 'json' ? '.' : ' — or, with the AWS query protocol, unencoded special characters in the body broke the form request (wrap $input.body in $util.urlEncode()).') +
          (/explicit deny/.test(message) ? ' The message says a Deny statement matched.' : ''),
      };
    case 'KMS.AccessDeniedException':
      return { ruleIds: ['kms-access-denied'], explanation: 'The AWS Knowledge Center article on API Gateway and SQS errors: the queue is encrypted with a customer-managed KMS key and the execution role may not use it (kms:GenerateDataKey, kms:Decrypt).' };
    case 'MalformedQueryString':
      return { ruleIds: ['query-body-not-urlencoded'], explanation: 'The AWS Knowledge Center article on API Gateway and SQS errors: special characters in the body reached SQS unencoded; wrap $input.body in $util.urlEncode().' };
    case 'SignatureDoesNotMatch':
      return { ruleIds: ['integration-http-method-get'], explanation: 'The AWS Knowledge Center article on API Gateway and SQS errors: the integration HTTP method is GET instead of POST. AWS does not document why.' };
    case 'InvalidAddress':
      return { ruleIds: ['json-queue-url', 'query-path-override'], explanation: 'The AWS Knowledge Center article on API Gateway and SQS errors: the queue URL in the JSON body (or the integration path) is not a valid address for this endpoint; use the queue URL shown in the SQS console.' };
    case 'SerializationException':
      return { ruleIds: ['json-body-invalid'], explanation: 'The AWS Knowledge Center article on API Gateway and SQS errors: the body sent to SQS is not valid JSON (a missing or extra comma or brace) or a member has the wrong type.' };
    case 'MissingParameter':
      if (/MessageGroupId/.test(message)) return { ruleIds: ['fifo-message-group-id'], explanation: 'The AWS Knowledge Center article on API Gateway and SQS errors (FIFO): messages to a FIFO queue must carry a MessageGroupId.' };
      return { ruleIds: ['missing-message-body'], explanation: `The AWS Knowledge Center article on API Gateway and SQS errors: a required SendMessage parameter is missing${message ? ` (${message})` : ''} — e.g. MessageBody.` };
    case 'InvalidParameterValue':
      if (/ContentBasedDeduplication|MessageDeduplicationId/.test(message)) {
        return { ruleIds: ['fifo-deduplication-id'], explanation: 'The AWS Knowledge Center article on API Gateway and SQS errors (FIFO): send a MessageDeduplicationId or turn on content-based deduplication.' };
      }
      return undefined;
    case 'AWS.SimpleQueueService.NonExistentQueue':
      return { ruleIds: ['query-path-override', 'json-queue-url'], explanation: 'The queue in the path override (query protocol) or the QueueUrl (JSON protocol) does not exist in this account and region.' };
    default:
      return undefined;
  }
}

function explainGateway(status: number, message: string, extra: string): Known {
  if (status === 415 || /Unsupported Media Type/i.test(message)) {
    return { ruleIds: ['passthrough-unsupported-media'], explanation: 'API Gateway rejected the request before SQS: no mapping template matches its Content-Type and passthrough is NEVER or WHEN_NO_TEMPLATES.' };
  }
  if (/does not have permission to assume the provided role/.test(extra)) {
    return { ruleIds: ['execution-role-trust'], explanation: 'The execution role\'s trust policy does not let apigateway.amazonaws.com assume it (or a just-created role has not propagated yet — retry in a few seconds).' };
  }
  if (/Unable to transform request/.test(extra)) return { ruleIds: ['template-error'], explanation: 'The request mapping template failed to render.' };
  if (/No match for output mapping/.test(extra)) return { ruleIds: ['no-integration-response'], explanation: 'No integration response matched the SQS status and there is no default one.' };
  if (status === 500 && /Internal server error/i.test(message)) {
    return {
      ruleIds: ['template-error', 'execution-role-trust', 'no-integration-response'],
      explanation: 'API Gateway hit a configuration error before or after calling SQS: a mapping template that fails, an execution role it cannot assume, or no matching integration response. The execution log names which.',
    };
  }
  if (status === 403 && /^Forbidden$/i.test(message.trim())) {
    return {
      ruleIds: [],
      explanation:
        'API Gateway refused the request before it reached SQS: the method requires an API key and the request sent none, or a key that is not in a usage plan of this stage. Send the key in the x-api-key header (the Test panel has a field for it).',
    };
  }
  if (status === 403 && /Missing Authentication Token/i.test(message)) {
    return { ruleIds: [], explanation: 'API Gateway found no method for this path and HTTP method (wrong stage, resource path or method, or the API is not deployed), or the method requires IAM authorization and the request was not signed.' };
  }
  if (status === 504 || /timed out/i.test(message)) return { ruleIds: ['timeout-range'], explanation: 'SQS did not answer within the integration timeout.' };
  if (/Missing required request parameters/.test(message)) return { ruleIds: [], explanation: 'The request lacks a header or query parameter the method declares as required.' };
  return { ruleIds: [], explanation: `API Gateway answered ${status}: ${message}` };
}

/**
 * Explains an error response seen by a test send — SQS errors of either protocol (XML `<ErrorResponse>`, a bare
 * `<UnknownOperationException/>`, JSON `__type`, `x-amzn-query-error`, the query+Accept-JSON `{"Error":{…}}`) and
 * API Gateway's own errors — and names the doctor rules that catch its cause. `log` (the execution log), when
 * given, disambiguates API Gateway's 500s; `designProtocol`, when given, is the protocol the design's client speaks,
 * which decides the explanation whatever shape SQS answered in. Never throws.
 */
export function explainError(status: number, headers: HeadersInput, body: string, log = '', designProtocol?: 'query' | 'json'): ErrorExplanation {
  const wire = parseWireError(status, headers, body);
  if (!wire) return { code: String(status), message: body, protocol: 'unknown', ruleIds: [], explanation: `HTTP ${status} with no recognisable error.` };
  if (wire.protocol === 'api-gateway') {
    const known = explainGateway(status, wire.message, `${body}\n${log}`);
    return { ...wire, ...known };
  }
  // SQS answers a JSON-protocol request it cannot read in the query protocol's XML; the design says which the client meant.
  const protocol = designProtocol ?? wire.protocol;
  const known = explainSqs(wire.code, wire.message, protocol) ?? { ruleIds: [], explanation: `SQS answered ${wire.code}${wire.message ? `: ${wire.message}` : ''}.` };
  // A 200 carrying an SQS error body means the only integration response is the default one (aws-reference B.3).
  const ruleIds: RuleId[] = status >= 200 && status < 300 ? [...known.ruleIds, 'errors-returned-as-200'] : known.ruleIds;
  const explanation = status >= 200 && status < 300 ? `${known.explanation} API Gateway still answered ${status}: only a default integration response is configured.` : known.explanation;
  return { ...wire, ruleIds, explanation };
}
