import 'server-only';
import { createHash } from 'node:crypto';
import type { MessageAttributeValue } from './model';

/** Lower-case hex MD5 of the UTF-8 bytes of the (already form-decoded) body (aws-reference C.4). */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

/**
 * MD5OfMessageAttributes (aws-reference C.4): names sorted ascending; per attribute
 * len‖name‖len‖dataType‖transport(1 string/number, 2 binary)‖len‖value, lengths as uint32 big-endian.
 * Returns undefined when there are no attributes (the member is then omitted).
 */
export function md5OfMessageAttributes(attributes: Record<string, MessageAttributeValue>): string | undefined {
  const names = Object.keys(attributes).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  const field = (bytes: Buffer) => {
    const len = Buffer.allocUnsafe(4);
    len.writeUInt32BE(bytes.length, 0);
    parts.push(len, bytes);
  };
  for (const name of names) {
    const value = attributes[name]!;
    const isBinary = value.DataType.startsWith('Binary');
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(value.DataType, 'utf8'));
    parts.push(Buffer.from([isBinary ? 2 : 1]));
    field(isBinary ? (value.BinaryValue ?? Buffer.alloc(0)) : Buffer.from(value.StringValue ?? '', 'utf8'));
  }
  return createHash('md5').update(Buffer.concat(parts)).digest('hex');
}
