import 'server-only';
import { dict } from '../dict';
import { badRequest, notFound } from '../errors';
import { tagResourceSchema, type ApiKey, type UsagePlan } from '../model';
import { getObject, getStage, mutateRestApi, putObject, putStage } from '../store';
import { noContent, ok, param, parseBody, type Call } from './call';
import type { Route } from './table';

type Tags = Record<string, string>;

/**
 * Reads or rewrites the tags of the resource an ARN names: `arn:aws:apigateway:{region}::/restapis/{id}`,
 * `…/restapis/{id}/stages/{stage}`, `…/apikeys/{id}`, `…/usageplans/{id}`.
 */
function withTags(call: Call, update: ((tags: Tags) => Tags) | undefined): Tags {
  const arn = param(call, 'resource_arn');
  const m = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+)::\/(restapis|apikeys|usageplans)\/([^/]+)(?:\/stages\/([^/]+))?$/.exec(arn);
  if (!m) throw badRequest(`Invalid ARN specified in the request: ${arn}`);
  const [, region, kind, id, stageName] = m as unknown as [string, string, string, string, string | undefined];
  const { db } = call.ctx;
  if (kind === 'restapis' && stageName === undefined) {
    const out = mutateRestApi(db, id, (stored) => {
      if (update) stored.api = { ...stored.api, tags: dict(Object.entries(update(stored.api.tags ?? {}))) };
      return stored.api.tags ?? {};
    });
    if (!out) throw notFound('REST API');
    return out.result;
  }
  if (kind === 'restapis') {
    const out = mutateRestApi(db, id, () => {
      const stage = getStage(db, id, stageName!);
      if (!stage) throw notFound('Stage');
      if (!update) return stage.tags ?? {};
      const tags = dict(Object.entries(update(stage.tags ?? {})));
      putStage(db, id, { ...stage, tags });
      return tags;
    });
    if (!out) throw notFound('REST API');
    return out.result;
  }
  const objectKind = kind === 'apikeys' ? 'apikey' : 'usageplan';
  const found = getObject<ApiKey | UsagePlan>(db, objectKind, region, id);
  if (!found) throw notFound(kind === 'apikeys' ? 'API Key' : 'Usage Plan');
  if (!update) return found.tags ?? {};
  const tags = dict(Object.entries(update(found.tags ?? {})));
  putObject(db, objectKind, region, id, { ...found, tags });
  return tags;
}

const URI = '/tags/{resource_arn}';

export const tagRoutes: Route[] = [
  { name: 'GetTags', method: 'GET', uri: URI, handler: (call) => ok(200, { tags: withTags(call, undefined) }) },
  {
    name: 'TagResource',
    method: 'PUT',
    uri: URI,
    handler: (call) => {
      const { tags } = parseBody(call.req, tagResourceSchema);
      withTags(call, (current) => ({ ...current, ...tags }));
      return noContent();
    },
  },
  {
    name: 'UntagResource',
    method: 'DELETE',
    uri: URI,
    handler: (call) => {
      const keys = new Set(call.query.getAll('tagKeys'));
      withTags(call, (current) => Object.fromEntries(Object.entries(current).filter(([k]) => !keys.has(k))));
      return noContent();
    },
  },
];
