import { describe, expect, it } from 'vitest';
import { createPresetDesign } from '@/lib/design';
import { followPathOverride, hasPristineProtocolParts, switchProtocol } from './protocol-switch';

describe('switching protocol', () => {
  it('treats every preset as pristine', () => {
    for (const id of ['query-documented', 'query-urlencoded', 'json-documented', 'fifo', 'message-attributes'] as const) {
      expect(hasPristineProtocolParts(createPresetDesign(id))).toBe(true);
    }
  });

  it('detects edits to the template, headers or path override', () => {
    const d = createPresetDesign('query-documented');
    expect(hasPristineProtocolParts({ ...d, integration: { ...d.integration, requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=x' } } })).toBe(false);
    expect(hasPristineProtocolParts({ ...d, integration: { ...d.integration, pathOverride: '000000000000/other' } })).toBe(false);
  });

  it('regenerates the JSON protocol parts or keeps the edits', () => {
    const d = createPresetDesign('query-documented');
    const json = switchProtocol(d, 'json', true);
    expect(json.integration.pathOverride).toBe('/');
    expect(json.integration.requestParameters['integration.request.header.X-Amz-Target']).toBe('method.request.header.X-Amz-Target');
    expect(json.integration.requestTemplates).toEqual({});
    expect(hasPristineProtocolParts(json)).toBe(true);
    const kept = switchProtocol(d, 'json', false);
    expect(kept.protocol).toBe('json');
    expect(kept.integration.pathOverride).toBe('000000000000/orders');
  });

  it('lets a derived path override follow the queue name', () => {
    const d = createPresetDesign('query-documented');
    const renamed = followPathOverride(d, { ...d, queue: { ...d.queue, name: 'payments' } });
    expect(renamed.integration.pathOverride).toBe('000000000000/payments');
    const custom = { ...d, integration: { ...d.integration, pathOverride: 'x/y' } };
    expect(followPathOverride(custom, { ...custom, queue: { ...custom.queue, name: 'p' } }).integration.pathOverride).toBe('x/y');
  });
});
