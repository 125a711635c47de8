const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** API Gateway's `$context.requestTime`: CLF `dd/MMM/yyyy:HH:mm:ss +0000` in UTC (A.4). */
export function formatRequestTime(d: Date): string {
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

// Sample ids are drawn for every rendered request (sandbox invoke URLs included), so they are cut from a pooled buffer
// instead of one getRandomValues call each.
const POOL_BYTES = 2048;
let pool = new Uint8Array(0);
let poolOffset = 0;

function randomBytes(n: number): Uint8Array {
  if (poolOffset + n > pool.length) {
    pool = new Uint8Array(POOL_BYTES);
    const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
    if (c?.getRandomValues) c.getRandomValues(pool);
    else for (let i = 0; i < POOL_BYTES; i++) pool[i] = Math.floor(Math.random() * 256);
    poolOffset = 0;
  }
  poolOffset += n;
  return pool.slice(poolOffset - n, poolOffset);
}

function uuid(): string {
  const b = randomBytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomId(n: number, alphabet = ALNUM): string {
  const bytes = randomBytes(n);
  let id = '';
  for (const x of bytes) id += alphabet[x % alphabet.length];
  return id;
}

function extendedRequestId(): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `${randomId(15, abc)}=`;
}

export type SampleContextOptions = {
  apiId?: string;
  accountId?: string;
  stage?: string;
  resourcePath?: string;
  path?: string;
  httpMethod?: string;
  sourceIp?: string;
  userAgent?: string;
  now?: Date;
  requestId?: string;
};

/**
 * A realistic `$context` for previews and the sandbox, with the keys and key order API Gateway was observed to
 * provide for a non-proxy AWS integration (A.4), including empty `requestOverride` / `responseOverride` maps that a
 * template may fill. `path` defaults to `/{stage}{resourcePath}`.
 */
export function createSampleContext(options: SampleContextOptions = {}): Record<string, unknown> {
  const apiId = options.apiId ?? randomId(10);
  const stage = options.stage ?? 'dev';
  const resourcePath = options.resourcePath ?? '/';
  const now = options.now ?? new Date();
  const region = 'us-east-1';
  return {
    resourceId: randomId(6),
    resourcePath,
    httpMethod: options.httpMethod ?? 'POST',
    extendedRequestId: extendedRequestId(),
    requestTime: formatRequestTime(now),
    path: options.path ?? `/${stage}${resourcePath === '/' ? '' : resourcePath}`,
    accountId: options.accountId ?? '123456789012',
    protocol: 'HTTP/1.1',
    requestOverride: { path: {}, header: {}, querystring: {} },
    stage,
    domainPrefix: apiId,
    requestTimeEpoch: now.getTime(),
    requestId: options.requestId ?? uuid(),
    identity: {
      cognitoIdentityPoolId: '',
      accountId: '',
      cognitoIdentityId: '',
      caller: '',
      sourceIp: options.sourceIp ?? '203.0.113.10',
      principalOrgId: '',
      accessKey: '',
      cognitoAuthenticationType: '',
      cognitoAuthenticationProvider: '',
      userArn: '',
      userAgent: options.userAgent ?? 'curl/8.5.0',
      user: '',
    },
    domainName: `${apiId}.execute-api.${region}.amazonaws.com`,
    deploymentId: randomId(6),
    responseOverride: { header: {} },
    apiId,
  };
}
