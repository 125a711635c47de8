import { describe, expect, it } from 'vitest';
import { createPresetDesign } from '@/lib/design';
import { previewDesign, type IntegrationRequestResult } from '@/lib/gateway';
import { awsQueueUrl } from '@/lib/design/arns';
import { followQueueUrl, malformedHeaderLines, parseHeaderLines, sampleBody, toGatewaySample } from './sample-request';

describe('preview sample request', () => {
  it.each(['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'])('a header and a query parameter named %s reach the mappings', (name) => {
    const design = createPresetDesign('query-urlencoded');
    design.integration.requestParameters = {
      ...design.integration.requestParameters,
      'integration.request.header.X-H': `method.request.header.${name}`,
      'integration.request.header.X-Q': `method.request.multivaluequerystring.${name}`,
    };
    const sample = toGatewaySample({ httpMethod: 'POST', path: design.resourcePath, query: `${name}=q1&${name}=q2`, headers: `Content-Type: application/json\n${name}: h`, body: '{}' });
    const result = previewDesign(design, sample);
    expect(result.kind).toBe('integration-request');
    const { headers } = (result as IntegrationRequestResult).request;
    expect(headers).toContainEqual(['X-H', 'h']);
    expect(headers).toContainEqual(['X-Q', 'q1,q2']);
  });
});

describe('sample request helpers', () => {
  it('names the header lines it cannot read instead of dropping them silently', () => {
    const text = 'Content-Type: application/json\nX-Trace abc\n\n: no name\nX-Ok:1';
    expect(parseHeaderLines(text)).toEqual([['Content-Type', 'application/json'], ['X-Ok', '1']]);
    expect(malformedHeaderLines(text)).toEqual(['X-Trace abc', ': no name']);
  });

  it('a queue rename takes the JSON sample QueueUrl along', () => {
    const d = createPresetDesign('json-documented');
    const renamed = { ...d, queue: { ...d.queue, name: 'payments' } };
    const sample = { httpMethod: 'POST', path: '/send', query: '', headers: '', body: sampleBody('json-protocol', d) };
    const next = followQueueUrl(sample, awsQueueUrl(d), awsQueueUrl(renamed));
    expect(JSON.parse(next.body)).toMatchObject({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/payments' });
    expect(followQueueUrl(sample, 'https://elsewhere', 'x')).toBe(sample);
  });
});
