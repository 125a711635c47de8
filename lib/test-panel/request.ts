/**
 * The test panel's request model and the pure helpers shared by the browser and the server: secret masking, the
 * MessageId/MD5 of a send response in any of its shapes, "Copy as curl" and the `aws apigateway test-invoke-method`
 * command. No I/O, no SDK.
 */
import { z } from 'zod';
import { bodySizeProblems } from '@/lib/design/limits';

const API_GATEWAY_BODY_CHARS = 10 * 1024 * 1024;

export const SEND_KINDS = ['test-invoke', 'invoke-url', 'batch'] as const;
export type SendKind = (typeof SEND_KINDS)[number];

export type HeaderPairs = [name: string, value: string][];

export const sendRequestSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']),
  /** The path below the stage, e.g. `/send`. */
  path: z
    .string()
    .max(2048)
    .regex(/^\/[^\s?#\\]*$/, 'Path must start with "/" and contain no spaces, "?", "#" or "\\".')
    .refine((p) => stageRequestUrl('http://stage.invalid/stage', { path: p, query: '' }).ok, 'Path must stay inside the stage: no "." or ".." segments, also not percent-encoded (%2e%2e).'),
  /** The query string without `?`. */
  query: z.string().max(4096),
  headers: z.array(z.tuple([z.string().min(1).max(256).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'Not a valid header name.'), z.string().max(8192)])).max(50),
  // API Gateway's 10 MB payload limit, with its own message (lib/design/limits.ts); the length cap first keeps zod
  // from measuring absurd strings.
  body: z
    .string()
    .max(API_GATEWAY_BODY_CHARS, "The body is larger than API Gateway's 10 MB payload limit.")
    .refine((b) => bodySizeProblems(b).error === undefined, { error: (i) => bodySizeProblems(String(i.input)).error ?? 'The body is too large.' }),
});
export type SendRequest = z.infer<typeof sendRequestSchema>;

/** How many messages one batch may send, and how many at a time (the batch action enforces them). */
export const BATCH_LIMITS = { count: 1000, concurrency: 25 } as const;

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'x-amz-security-token', 'cookie', 'set-cookie', 'proxy-authorization']);
export const MASK = '****';

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/** Header pairs with every credential-bearing value replaced by `****`. */
export function maskHeaders(headers: HeaderPairs): HeaderPairs {
  return headers.map(([k, v]) => [k, isSecretHeader(k) ? MASK : v]);
}

/**
 * Masks credentials inside execution-log text: `Authorization=…`, `X-Amz-Security-Token=…`, `x-api-key=…` and cookies
 * in Java-style header maps (`{k=v, k2=v2}`), also when the line was cut with ` [TRUNCATED]`.
 */
export function maskLog(text: string): string {
  return text.replace(/\b(Authorization|X-Amz-Security-Token|x-api-key|Cookie|Set-Cookie|Proxy-Authorization)=([^,}\n]*)/gi, (_m, name: string) => `${name}=${MASK}`);
}

/** What a successful SendMessage answered, whichever shape the method response has. */
export type SendResult = { messageId?: string; md5OfMessageBody?: string; sequenceNumber?: string };

function pick(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * MessageId and MD5OfMessageBody from a response body: the query protocol rendered as JSON
 * (`SendMessageResponse.SendMessageResult`, as the AWS Knowledge Center article shows), the JSON protocol (`{"MD5OfMessageBody", "MessageId"}`), the
 * presets' mapped `{"messageId", "md5OfMessageBody"}` and the query protocol's XML.
 */
export function parseSendResult(body: string): SendResult {
  const text = body.trim();
  if (text.startsWith('<')) {
    const el = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
    return strip({ messageId: el('MessageId'), md5OfMessageBody: el('MD5OfMessageBody'), sequenceNumber: el('SequenceNumber') });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  const result = pick(json, 'SendMessageResponse', 'SendMessageResult') ?? json;
  return strip({
    messageId: str(pick(result, 'MessageId')) ?? str(pick(result, 'messageId')),
    md5OfMessageBody: str(pick(result, 'MD5OfMessageBody')) ?? str(pick(result, 'md5OfMessageBody')),
    sequenceNumber: str(pick(result, 'SequenceNumber')) ?? str(pick(result, 'sequenceNumber')),
  });
}

function strip(r: { [K in keyof SendResult]: string | undefined }): SendResult {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined && v !== '')) as SendResult;
}

/** Single-quotes a word for POSIX shells: `it's` → `'it'\''s'`. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export type CurlOptions = {
  /** The stage URL without the trailing slash, e.g. `http://127.0.0.1:4566/_aws/execute-api/abc/prod`. */
  stageUrl: string;
  /** The method uses AWS_IAM: curl signs with `--aws-sigv4` from the caller's environment variables. */
  iamAuth?: { region: string };
  /** The method requires an API key: curl reads it from `$API_KEY` (the key is never written into the command). */
  apiKeyRequired?: boolean;
};

export function requestUrl(stageUrl: string, req: Pick<SendRequest, 'path' | 'query'>): string {
  return `${stageUrl.replace(/\/$/, '')}${req.path}${req.query ? `?${req.query.replace(/^\?/, '')}` : ''}`;
}

/**
 * The invoke URL of a request, refused when its path leaves the stage. The check runs on the URL as a URL parser
 * (and so the server) resolves it: `%2e%2e` and `\` count as `..` and `/` there, so a check on the typed text alone
 * can be bypassed. A typed dot segment, or one that still decodes to a dot segment or a slash, is refused too (a
 * server behind the stage may decode it once more).
 */
export function stageRequestUrl(stageUrl: string, req: { path: string; query: string }): { ok: true; url: URL } | { ok: false; message: string } {
  let url: URL;
  let stagePath: string;
  try {
    stagePath = new URL(stageUrl).pathname.replace(/\/$/, '');
    url = new URL(requestUrl(stageUrl, req));
  } catch {
    return { ok: false, message: 'Not a valid URL.' };
  }
  const below = url.pathname.slice(stagePath.length);
  const inside = url.pathname.startsWith(stagePath) && (below === '' || below.startsWith('/'));
  const decodes = (segment: string) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  };
  const hidden = [...req.path.split('/'), ...below.split('/')].some((segment) => /^\.{1,2}$|[/\\]/.test(decodes(segment)));
  // A URL parser reads `\` as `/`, so `\..\` climbs like `/../` does.
  const ok = inside && !hidden && !req.path.includes('\\');
  return ok ? { ok: true, url } : { ok: false, message: `The path ${req.path} would leave the stage ${stagePath || '/'}; remove ".." and "." segments (also written %2e%2e) and backslashes.` };
}

/**
 * The exact invoke-URL request as a curl command (the AWS Knowledge Center article's form: `--request`, `--header`, `--data-raw`). Secret
 * headers are left out; AWS_IAM and API keys come from the shell environment instead.
 */
export function buildCurl(req: SendRequest, options: CurlOptions): string {
  const lines = [`curl --request ${req.method} ${shellQuote(requestUrl(options.stageUrl, req))}`];
  for (const [name, value] of req.headers) {
    if (isSecretHeader(name)) continue;
    lines.push(`--header ${shellQuote(`${name}: ${value}`)}`);
  }
  if (options.apiKeyRequired) lines.push(`--header "x-api-key: $API_KEY"`);
  if (options.iamAuth) {
    lines.push(`--aws-sigv4 ${shellQuote(`aws:amz:${options.iamAuth.region}:execute-api`)}`);
    lines.push(`--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`);
    lines.push(`--header "x-amz-security-token: $AWS_SESSION_TOKEN"`);
  }
  if (req.body !== '' && req.method !== 'GET' && req.method !== 'HEAD') lines.push(`--data-raw ${shellQuote(req.body)}`);
  return lines.join(' \\\n  ');
}

export type TestInvokeCliOptions = { restApiId: string; resourceId: string; region: string; endpointUrl?: string };

/** The same request as `aws apigateway test-invoke-method` (Debian's CLI needs `--endpoint-url` for the sandbox). */
export function buildTestInvokeCli(req: SendRequest, options: TestInvokeCliOptions): string {
  const headers: Record<string, string> = {};
  for (const [name, value] of req.headers) {
    if (isSecretHeader(name)) continue;
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const lines = [
    'aws apigateway test-invoke-method',
    `--rest-api-id ${shellQuote(options.restApiId)}`,
    `--resource-id ${shellQuote(options.resourceId)}`,
    `--http-method ${req.method}`,
    `--path-with-query-string ${shellQuote(`${req.path}${req.query ? `?${req.query}` : ''}`)}`,
  ];
  if (Object.keys(headers).length > 0) lines.push(`--headers ${shellQuote(JSON.stringify(headers))}`);
  if (req.body !== '') lines.push(`--body ${shellQuote(req.body)}`);
  lines.push(`--region ${options.region}`);
  if (options.endpointUrl) lines.push(`--endpoint-url ${shellQuote(options.endpointUrl)}`);
  return lines.join(' \\\n  ');
}

/** Pretty-prints a JSON or XML body for display; other text is returned unchanged. */
export function prettyBody(body: string): { text: string; language: 'json' | 'xml' | 'text' } {
  const t = body.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return { text: JSON.stringify(JSON.parse(t), null, 2), language: 'json' };
    } catch {
      return { text: body, language: 'text' };
    }
  }
  if (t.startsWith('<')) return { text: prettyXml(t), language: 'xml' };
  return { text: body, language: 'text' };
}

function prettyXml(xml: string): string {
  const tokens = xml.replace(/>\s*</g, '><').split(/(?=<)|(?<=>)/).filter((x) => x !== '');
  let depth = 0;
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const tok = tokens[i]!;
    if (tok.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      out.push(`${'  '.repeat(depth)}${tok}`);
    } else if (tok.startsWith('<') && !tok.startsWith('<?') && !tok.endsWith('/>')) {
      const text = tokens[i + 1];
      const close = tokens[i + 2];
      if (text !== undefined && !text.startsWith('<') && close?.startsWith('</')) {
        out.push(`${'  '.repeat(depth)}${tok}${text}${close}`);
        i += 2;
      } else {
        out.push(`${'  '.repeat(depth)}${tok}`);
        depth += 1;
      }
    } else out.push(`${'  '.repeat(depth)}${tok}`);
  }
  return out.join('\n');
}
