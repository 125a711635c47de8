import { describe, expect, it } from 'vitest';
import { createPresetDesign, PRESET_IDS, type IntegrationDesign } from '@/lib/design';
import { importConfig } from '../import';
import { exportDesigns, type ExportFormat } from './index';

function roundTrip(designs: IntegrationDesign[], format: ExportFormat): IntegrationDesign[] {
  const file = exportDesigns(designs, format);
  const result = importConfig(file.text, { region: designs[0]!.region, accountId: designs[0]!.accountId });
  if (!result.ok) throw new Error(`${format}: ${result.error.message} at line ${result.error.line}`);
  expect(result.unsupported).toEqual([]);
  return result.designs.map((d) => d.design);
}

const byStatus = <T extends { statusCode: string }>(list: T[]) => [...list].sort((a, b) => a.statusCode.localeCompare(b.statusCode));

/**
 * What no format carries: the design's own name and the preset it came from. API Gateway keeps method and
 * integration responses in maps keyed by status code (GetMethod), so their order is not part of the API either.
 */
function comparable(d: IntegrationDesign) {
  const { name: _name, preset: _preset, ...rest } = d;
  void _name;
  void _preset;
  return { ...rest, integrationResponses: byStatus(d.integrationResponses), methodResponses: byStatus(d.methodResponses) };
}

/** The part of a design an OpenAPI document describes: the API, its method and integration (not queue, role or stage). */
function apiPart(d: IntegrationDesign) {
  return { resourcePath: d.resourcePath, method: d.method, integration: d.integration, integrationResponses: byStatus(d.integrationResponses), methodResponses: byStatus(d.methodResponses), protocol: d.protocol, cors: d.cors };
}

const presets = PRESET_IDS.map((id) => createPresetDesign(id));

describe('design → format → import → the same design', () => {
  it('designs that share a REST API come back sharing it, each with its own method', () => {
    const a = createPresetDesign('query-urlencoded', { resourcePath: '/orders', queueName: 'orders' });
    const b = createPresetDesign('fifo', { resourcePath: '/v1/payments', queueName: 'payments.fifo', roleName: 'apigateway-sqs-payments' });
    for (const format of ['cloudformation', 'sam', 'serverless'] as const) {
      const back = roundTrip([a, b], format);
      expect(back.map(comparable)).toEqual([comparable(a), comparable(b)]);
    }
    const file = exportDesigns([a, b], 'cloudformation').text;
    expect(file.match(/Type: AWS::ApiGateway::RestApi/g)).toHaveLength(1);
  });

  for (const format of ['cloudformation', 'sam', 'serverless'] as const) {
    it.each(presets.map((d) => [d.preset!, d]))(`${format}: %s`, (_id, design) => {
      expect(roundTrip([design], format).map(comparable)).toEqual([comparable(design)]);
    });
  }

  it.each(presets.map((d) => [d.preset!, d]))('openapi: %s', (_id, design) => {
    const [back] = roundTrip([design], 'openapi');
    expect(apiPart(back!)).toEqual(apiPart(design));
    expect(back!.restApi).toMatchObject({ mode: 'create', name: design.restApi.mode === 'create' ? design.restApi.name : '' });
    // A JSON-protocol integration names no queue: each request body carries its QueueUrl.
    expect(back!.queue.name).toBe(design.protocol === 'json' ? '' : design.queue.name);
  });
});
