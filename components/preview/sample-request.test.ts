import { describe, expect, it } from 'vitest';
import { createPresetDesign } from '@/lib/design';
import { awsQueueUrl } from '@/lib/design/arns';
import { followQueueUrl, malformedHeaderLines, parseHeaderLines, sampleBody } from './sample-request';

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
