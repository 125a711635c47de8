/**
 * The AWS limits a design and a test request run into, checked where the user types them. API Gateway REST API
 * quotas (docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html):
 * payload size 10 MB, mapping template size 300 KB; SQS: a message (body and attributes) of at most 1 MiB
 * (aws-reference.md C, the `MaximumMessageSize` maximum since August 2025; it was 256 KiB).
 */
export const API_GATEWAY_PAYLOAD_BYTES = 10 * 1024 * 1024;
export const MAPPING_TEMPLATE_BYTES = 300 * 1024;
export const SQS_MESSAGE_BYTES = 1024 * 1024;

/** UTF-8 length of `s` without allocating it (lone surrogates count as the 3 bytes of U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** `1.5 MB`, `300 KB`, `812 bytes`: sizes as the limits above are written. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} bytes`;
}

/** The field error for a mapping template over API Gateway's 300 KB quota, or undefined. */
export function templateSizeError(template: string, contentType: string): string | undefined {
  const size = utf8Length(template);
  if (size <= MAPPING_TEMPLATE_BYTES) return undefined;
  return `The ${contentType} mapping template is ${size.toLocaleString('en-US')} bytes; API Gateway allows at most 300 KB (${MAPPING_TEMPLATE_BYTES.toLocaleString('en-US')} bytes) per mapping template. Move data out of the template (for example into stage variables) or shorten it.`;
}

/**
 * What a request body of this size runs into: API Gateway's 10 MB payload limit (an error: API Gateway answers
 * 413 without calling SQS) and SQS's 1 MiB message limit (a warning: the template may shrink the message).
 */
export function bodySizeProblems(body: string): { error?: string; warning?: string } {
  const size = utf8Length(body);
  if (size > API_GATEWAY_PAYLOAD_BYTES) {
    return { error: `The body is ${formatSize(size)}; API Gateway's payload limit is 10 MB (10,485,760 bytes), and it answers a larger request with 413 Request Too Long.` };
  }
  if (size > SQS_MESSAGE_BYTES) {
    return { warning: `The body is ${formatSize(size)}; SQS accepts messages of at most 1 MiB (1,048,576 bytes, body and attributes), so SendMessage will fail unless the mapping template makes the message smaller.` };
  }
  return {};
}
