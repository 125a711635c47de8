import 'server-only';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { IAMClient } from '@aws-sdk/client-iam';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Connection } from './connections';
import { readThrown } from './errors';

export type AwsClients = { sqs: SQSClient; iam: IAMClient; sts: STSClient; apigateway: APIGatewayClient; region: string | undefined };

/** Long-term sandbox credentials: the sandbox accepts any key for control-plane calls (docs/product.md). */
const SANDBOX_CREDENTIALS = { accessKeyId: 'AKIASLUICESANDBOX000', secretAccessKey: 'sluice-sandbox-secret' };

/**
 * SDK clients for a connection. Only endpoint and credentials differ between the sandbox and AWS. `region`
 * overrides the connection's region (a design may target another region than the connection's default).
 */
export function createClients(connection: Connection, region?: string): AwsClients {
  const resolvedRegion = region ?? connection.region;
  const common = {
    ...(resolvedRegion ? { region: resolvedRegion } : {}),
    ...(connection.kind === 'sandbox' ? { credentials: SANDBOX_CREDENTIALS } : {}),
    ...(connection.kind !== 'sandbox' && connection.profile ? { profile: connection.profile } : {}),
    maxAttempts: connection.kind === 'sandbox' ? 1 : 3,
  };
  const endpoint = connection.kind === 'aws' ? undefined : connection.endpoint;
  return {
    region: resolvedRegion,
    // With a custom endpoint the SQS client would otherwise send to the QueueUrl's host (docs/toolchain.md).
    sqs: new SQSClient({ ...common, ...(endpoint ? { endpoint, useQueueUrlAsEndpoint: false } : {}) }),
    // IAM is global; its signing region is always us-east-1.
    iam: new IAMClient({ ...common, region: 'us-east-1', ...(endpoint ? { endpoint } : {}) }),
    sts: new STSClient({ ...common, ...(endpoint ? { endpoint } : {}) }),
    apigateway: new APIGatewayClient({ ...common, ...(endpoint ? { endpoint } : {}) }),
  };
}

export function destroyClients(clients: AwsClients): void {
  for (const c of [clients.sqs, clients.iam, clients.sts, clients.apigateway]) c.destroy();
}

export type ConnectionStatus =
  | { ok: true; accountId: string; arn: string; region: string }
  | { ok: false; reason: 'no_region' | 'no_credentials' | 'expired' | 'unreachable' | 'denied' | 'error'; message: string };

/** Asks STS who we are; explains why a connection cannot authenticate. */
export async function checkConnection(connection: Connection): Promise<ConnectionStatus> {
  const clients = createClients(connection);
  try {
    const region = await clients.sts.config.region();
    const out = await clients.sts.send(new GetCallerIdentityCommand({}));
    return { ok: true, accountId: out.Account ?? '', arn: out.Arn ?? '', region };
  } catch (err) {
    return describeConnectionError(err, connection);
  } finally {
    destroyClients(clients);
  }
}

export function describeConnectionError(err: unknown, connection: Connection): Extract<ConnectionStatus, { ok: false }> {
  const e = readThrown(err);
  const text = `${e.name ?? ''} ${e.message ?? ''}`;
  if (/Region is missing/i.test(text)) {
    return { ok: false, reason: 'no_region', message: `No region is configured for ${connection.name}: set AWS_REGION or a region in the profile or in connections.json.` };
  }
  if (/SSO session .*expired|token .*expired|ExpiredToken/i.test(text)) {
    return { ok: false, reason: 'expired', message: `The credentials of ${connection.name} have expired. For an SSO profile run \`aws sso login${connection.kind !== 'sandbox' && connection.profile ? ` --profile ${connection.profile}` : ''}\` on the server.` };
  }
  if (/Could not load credentials|CredentialsProviderError/i.test(text)) {
    return { ok: false, reason: 'no_credentials', message: `No credentials found for ${connection.name}: configure a profile (AWS_PROFILE), environment keys or an instance role on the server.` };
  }
  const code = e.code ?? e.cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || /ECONNREFUSED|getaddrinfo/i.test(text)) {
    const where = connection.kind === 'aws' ? 'AWS' : connection.endpoint;
    return { ok: false, reason: 'unreachable', message: `${where} is not reachable (${code ?? 'connection refused'}). ${connection.kind === 'sandbox' ? 'Is the sandbox running? `npm start` starts it.' : ''}`.trim() };
  }
  if (/AccessDenied|InvalidClientTokenId|SignatureDoesNotMatch/i.test(text)) {
    return { ok: false, reason: 'denied', message: `${connection.name} was refused: ${e.message ?? e.name}` };
  }
  return { ok: false, reason: 'error', message: `${connection.name}: ${e.message ?? String(err)}` };
}
