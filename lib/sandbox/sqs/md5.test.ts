import { describe, expect, test } from 'vitest';
import { md5OfBody, md5OfMessageAttributes } from './md5';

describe('MD5 digests (aws-reference C.4)', () => {
  test.each([
    ['test', '098f6bcd4621d373cade4e832627b4f6'],
    ['{}', '99914b932bd37a50b983c5e7c90ae93b'],
    ['{"foo": "bar"}', '94232c5b8fc9272f6f73a1e36eb68fcf'],
    ['héllo', 'be50e8478cf24ff3595bc7307fb91b50'],
    ['This is a test message', 'fafb00f5732ab283681e124bf8747ed1'],
  ])('MD5OfMessageBody of %j', (body, md5) => {
    expect(md5OfBody(body)).toBe(md5);
  });

  const s = (v: string) => ({ DataType: 'String', StringValue: v });
  test.each([
    [{ Foo: s('Bar') }, 'ae7155c6026991b6d54b11589678bf9c'],
    [{ MyAttribute: s('foobar') }, 'adb59cd4678ea5a855436b949cd07ab6'],
    [{ Hello: s('There') }, 'a311262e065454b75da111d535b8dacd'],
    [{ Hello: s('There'), 'Help.Me': s('Me'), General: s('Kenobi') }, '4c360f3fdafd970e05fae2f149d997f5'],
    [
      { attr1: { DataType: 'Binary', BinaryValue: Buffer.from('traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01', 'latin1') } },
      '8cbe4db156db8a94db8b801b7addb984',
    ],
    [{ 'user-agent': s('BAR-Header') }, '83f22176dc19d5da2402460bed538a43'],
  ])('MD5OfMessageAttributes #%#', (attrs, md5) => {
    expect(md5OfMessageAttributes(attrs)).toBe(md5);
  });

  test('no attributes → no digest', () => {
    expect(md5OfMessageAttributes({})).toBeUndefined();
  });
});
