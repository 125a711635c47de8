import 'server-only';
import {
  DEFAULT_GATEWAY_TEMPLATE,
  effectiveGatewayResponse,
  GATEWAY_RESPONSE_TYPE_NAMES,
  isGatewayResponseHeaderKey,
  isGatewayResponseType,
  type GatewayResponseType,
} from '@/lib/gateway/gateway-responses';
import type { z } from 'zod';
import { dict, own, present, withEntry, withoutEntry } from '../dict';
import { ApiGatewayError, badRequest } from '../errors';
import { MEDIA_TYPE_PATTERN } from '@/lib/design';
import { patchBodySchema, putGatewayResponseSchema, type StoredGatewayResponse } from '../model';
import { applyPatch } from '../patch';
import { accepted, mutate, ok, param, parseBody, requireApi, type Call } from './call';
import type { Route } from './table';

function checkResponseType(type: string): GatewayResponseType {
  if (!isGatewayResponseType(type)) {
    throw badRequest(
      `1 validation error detected: Value '${type}' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: [${GATEWAY_RESPONSE_TYPE_NAMES.join(', ')}]`,
    );
  }
  return type;
}

const responseType = (call: Call): GatewayResponseType => checkResponseType(param(call, 'response_type'));

function validate(response: StoredGatewayResponse): void {
  if (response.statusCode !== undefined && !/^[1-5]\d\d$/.test(response.statusCode)) throw badRequest('Invalid status code specified');
  for (const key of Object.keys(response.responseParameters)) {
    if (!isGatewayResponseHeaderKey(key)) throw badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${key}]`);
  }
  for (const contentType of Object.keys(response.responseTemplates)) {
    if (!MEDIA_TYPE_PATTERN.test(contentType)) throw badRequest(`Invalid content type specified: ${contentType}`);
  }
}

/**
 * The customization PutGatewayResponse stores for `type` (also what ImportRestApi makes of an
 * `x-amazon-apigateway-gateway-responses` entry); BadRequestException for an unknown type or a bad member.
 */
export function gatewayResponseOf(type: string, input: z.infer<typeof putGatewayResponseSchema>): StoredGatewayResponse {
  const stored: StoredGatewayResponse = {
    responseType: checkResponseType(type),
    ...(input.statusCode !== undefined ? { statusCode: input.statusCode } : {}),
    responseParameters: present(input.responseParameters) ?? dict(),
    // Without templates of its own, a customized response keeps the default body.
    responseTemplates: Object.keys(present(input.responseTemplates) ?? {}).length > 0 ? present(input.responseTemplates)! : dict([['application/json', DEFAULT_GATEWAY_TEMPLATE]]),
  };
  validate(stored);
  return stored;
}

function putGatewayResponse(call: Call) {
  const type = responseType(call);
  const stored = gatewayResponseOf(type, parseBody(call.req, putGatewayResponseSchema));
  mutate(call, ({ config }) => {
    config.gatewayResponses = withEntry(config.gatewayResponses, type, stored);
  });
  return ok(201, { ...stored, defaultResponse: false });
}

function updateGatewayResponse(call: Call) {
  const type = responseType(call);
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const next = mutate(call, ({ config }) => {
    const { defaultResponse: _d, ...current } = effectiveGatewayResponse(type, config.gatewayResponses);
    const updated = applyPatch<StoredGatewayResponse>(current, patchOperations ?? [], [
      { path: '/statusCode', ops: ['replace', 'remove'] },
      { path: '/responseParameters/*', ops: ['add', 'replace', 'remove'] },
      { path: '/responseTemplates/*', ops: ['add', 'replace', 'remove'] },
    ]);
    validate(updated);
    config.gatewayResponses = withEntry(config.gatewayResponses, type, updated);
    return updated;
  });
  return ok(200, { ...next, defaultResponse: false });
}

function deleteGatewayResponse(call: Call) {
  const type = responseType(call);
  mutate(call, ({ config }) => {
    if (!own(config.gatewayResponses, type)) throw new ApiGatewayError('NotFoundException', 'Gateway response type not defined on api');
    config.gatewayResponses = withoutEntry(config.gatewayResponses, type);
  });
  return accepted();
}

const URI = '/restapis/{restapi_id}/gatewayresponses/{response_type}';

export const gatewayResponseRoutes: Route[] = [
  {
    name: 'GetGatewayResponses',
    method: 'GET',
    uri: '/restapis/{restapi_id}/gatewayresponses',
    handler: (call) => {
      const custom = requireApi(call).config.gatewayResponses;
      return ok(200, { item: GATEWAY_RESPONSE_TYPE_NAMES.map((t) => effectiveGatewayResponse(t, custom)) });
    },
  },
  { name: 'PutGatewayResponse', method: 'PUT', uri: URI, handler: putGatewayResponse },
  {
    name: 'GetGatewayResponse',
    method: 'GET',
    uri: URI,
    handler: (call) => {
      const type = responseType(call);
      return ok(200, effectiveGatewayResponse(type, requireApi(call).config.gatewayResponses));
    },
  },
  { name: 'UpdateGatewayResponse', method: 'PATCH', uri: URI, handler: updateGatewayResponse },
  { name: 'DeleteGatewayResponse', method: 'DELETE', uri: URI, handler: deleteGatewayResponse },
];
