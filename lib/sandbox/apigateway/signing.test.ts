import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { signSigV4 } from './signing';

const credentials = {
  accessKeyId: 'ASIAEXAMPLE000000001',
  secretAccessKey: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
  expiresAt: Date.UTC(2026, 10, 21, 10),
};

const requests: HttpRequest[] = [
  {
    method: 'POST',
    protocol: 'https:',
    hostname: 'sqs.us-east-1.amazonaws.com',
    path: '/000000000000/orders',
    query: {},
    headers: { host: 'sqs.us-east-1.amazonaws.com', 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'AmazonAPIGateway_abc' },
    body: 'Action=SendMessage&MessageBody=%7B%22a%22%3A%20%22%C3%A9%22%7D',
  },
  {
    method: 'GET',
    protocol: 'https:',
    hostname: 'sqs.eu-west-1.amazonaws.com',
    path: '/000000000000/my%20queue/../orders/./',
    query: { Action: 'SendMessage', MessageBody: 'a b&c', Multi: ['2', '1'] },
    headers: { host: 'sqs.eu-west-1.amazonaws.com', 'X-Amz-Target': ' AmazonSQS.SendMessage ', 'x-amz-date': '20000101T000000Z', authorization: 'stale' },
    body: '',
  },
  {
    method: 'POST',
    protocol: 'https:',
    hostname: 'sqs.us-east-1.amazonaws.com',
    path: '/',
    query: {},
    headers: { host: 'sqs.us-east-1.amazonaws.com', 'content-type': 'application/x-amz-json-1.0', 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
    body: '{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/000000000000/orders","MessageBody":"\u{1F600}"}',
  },
];

describe('signSigV4', () => {
  it.each(requests.map((r, i) => [i, r] as const))('signs request %i exactly as SignatureV4 does', async (_, request) => {
    const now = new Date(Date.UTC(2026, 10, 21, 9, 30, 15, 123));
    const region = request.hostname.split('.')[1]!;
    const sdk = new SignatureV4({ credentials, region, service: 'sqs', sha256: Sha256, applyChecksum: false });
    const expected = await sdk.sign(structuredClone(request), { signingDate: now });
    const actual = signSigV4(structuredClone(request), credentials, region, 'sqs', now);
    expect(actual.headers).toEqual(expected.headers);
  });
});
