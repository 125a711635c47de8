import 'server-only';
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { trustPolicyAllows } from '@/lib/iam';
import type { AwsClients } from './clients';

/** The most results a picker shows; past it the picker says how many matched and asks for a narrower search. */
export const PICKER_LIMIT = 50;

export type PickerPage<T> = { items: T[]; total: number; limit: number };
export type QueuePick = { name: string; url: string; fifo: boolean };
export type RolePick = { name: string; arn: string; apiGatewayCanAssume: boolean };
export type RestApiPick = { id: string; name: string };

function page<T>(all: T[], limit: number): PickerPage<T> {
  return { items: all.slice(0, limit), total: all.length, limit };
}

/** Queues whose name starts with `search` (SQS filters by prefix only), following NextToken; FIFO from the `.fifo` suffix. */
export async function listQueuePicks(clients: AwsClients, search: string, limit = PICKER_LIMIT): Promise<PickerPage<QueuePick>> {
  const all: QueuePick[] = [];
  let token: string | undefined;
  do {
    const out = await clients.sqs.send(new ListQueuesCommand({ MaxResults: 1000, ...(search ? { QueueNamePrefix: search } : {}), ...(token ? { NextToken: token } : {}) }));
    for (const url of out.QueueUrls ?? []) {
      const name = url.slice(url.lastIndexOf('/') + 1);
      all.push({ name, url, fifo: name.endsWith('.fifo') });
    }
    token = out.NextToken;
  } while (token);
  all.sort((a, b) => a.name.localeCompare(b.name));
  return page(all, limit);
}

/** Roles whose name contains `search` (case-insensitive), following Marker, with whether API Gateway may assume each. */
export async function listRolePicks(clients: AwsClients, search: string, limit = PICKER_LIMIT): Promise<PickerPage<RolePick>> {
  const needle = search.toLowerCase();
  const all: RolePick[] = [];
  let marker: string | undefined;
  do {
    const out = await clients.iam.send(new ListRolesCommand({ MaxItems: 1000, ...(marker ? { Marker: marker } : {}) }));
    for (const r of out.Roles ?? []) {
      if (!r.RoleName || !r.Arn || !r.RoleName.toLowerCase().includes(needle)) continue;
      const trust = r.AssumeRolePolicyDocument ? decodeURIComponent(r.AssumeRolePolicyDocument) : '';
      all.push({ name: r.RoleName, arn: r.Arn, apiGatewayCanAssume: trust !== '' && trustPolicyAllows(trust, { service: 'apigateway.amazonaws.com' }) });
    }
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  all.sort((a, b) => a.name.localeCompare(b.name));
  return page(all, limit);
}

/** REST APIs whose name or ID contains `search` (case-insensitive), following `position`. */
export async function listRestApiPicks(clients: AwsClients, search: string, limit = PICKER_LIMIT): Promise<PickerPage<RestApiPick>> {
  const needle = search.toLowerCase();
  const all: RestApiPick[] = [];
  let position: string | undefined;
  do {
    const out = await clients.apigateway.send(new GetRestApisCommand({ limit: 500, ...(position ? { position } : {}) }));
    for (const a of out.items ?? []) {
      if (!a.id) continue;
      const name = a.name ?? '';
      if (name.toLowerCase().includes(needle) || a.id.toLowerCase().includes(needle)) all.push({ id: a.id, name });
    }
    position = out.position;
  } while (position);
  all.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return page(all, limit);
}
