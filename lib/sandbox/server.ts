import 'server-only';
import http from 'node:http';
import path from 'node:path';
import type Database from 'libsql';
import type {
  SandboxAuth,
  SandboxConfig,
  SandboxContext,
  SandboxRequest,
  SandboxResponse,
  SandboxService,
} from '@/lib/sandbox/types';
import { inTransaction, openSandboxDatabase, type SynchronousMode } from '@/lib/sandbox/db';
import { routeRequest } from '@/lib/sandbox/router';
import { xmlErrorResponse } from '@/lib/sandbox/http';
import { refuseAtEdge, type EdgePolicy } from '@/lib/sandbox/http/edge';
import { sqsService } from '@/lib/sandbox/sqs/service';
import { iamService } from '@/lib/sandbox/iam/service';
import { stsService } from '@/lib/sandbox/sts/service';
import { createSandboxAuth } from '@/lib/sandbox/auth';
import { apigatewayService, executeApiService } from '@/lib/sandbox/apigateway';
import { isInvokeRequest } from '@/lib/sandbox/apigateway/routing';
import { emptyRecord } from '@/lib/records';

export const SANDBOX_ACCOUNT_ID = '000000000000';
export const SANDBOX_REGION = 'us-east-1';
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * The services the sandbox serves, in routing order: the first whose `matches` claims a request handles it. The
 * execute-api data plane comes first because it claims by host/path (`/_aws/execute-api/…`, `{apiId}.execute-api.…`)
 * whatever the signature says; the others claim by SigV4 scope (`sqs`, `iam`, `sts`, `apigateway`).
 */
export const defaultServices: readonly SandboxService[] = [executeApiService, sqsService, iamService, stsService, apigatewayService];

/** SigV4 authentication and IAM authorization backed by the sandbox's IAM roles and STS sessions. */
export function defaultAuth(db: Database.Database, config: SandboxConfig): SandboxAuth {
  return createSandboxAuth(db, config);
}

/** Services may release per-database resources (pending writes, long polls) before the database closes. */
export type ClosableService = SandboxService & { close?(db: Database.Database): void | Promise<void> };

export type StartSandboxOptions = {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Directory of `sandbox.db`; defaults to `.sluice/sandbox`. */
  dataDir?: string;
  services?: readonly SandboxService[];
  /** Replaces the IAM/STS-backed authentication (tests). */
  auth?: (db: Database.Database, config: SandboxConfig) => SandboxAuth;
  accountId?: string;
  region?: string;
  /** SQLite `synchronous` (see openSandboxDatabase); NORMAL by default. */
  synchronous?: SynchronousMode;
};

export type RunningSandbox = {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Settles when the HTTP endpoint has stopped: undefined after close(), the error when it failed on its own. */
  closed: Promise<Error | undefined>;
  ctx: SandboxContext;
};

/** Starts the sandbox's HTTP endpoint. Resolves once it is listening and every service's tables exist. */
export async function startSandbox(opts: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const services = opts.services ?? defaultServices;
  const db = openSandboxDatabase(opts.dataDir ?? path.join('.sluice', 'sandbox'), opts.synchronous);
  inTransaction(db, () => {
    for (const service of services) service.migrate(db);
  });

  const config: SandboxConfig = {
    accountId: opts.accountId ?? SANDBOX_ACCOUNT_ID,
    defaultRegion: opts.region ?? SANDBOX_REGION,
    endpointUrl: '',
  };
  // `config` is completed (endpointUrl) once the port is known; services and auth read it per request.
  const ctx: SandboxContext = {
    db,
    config,
    auth: (opts.auth ?? defaultAuth)(db, config),
    dispatch: (req) => safeRoute(services, req, ctx),
  };

  const edge: EdgePolicy = { listenHost: host, isInvokeRequest };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Far above any AWS request the sandbox serves (SQS 1 MiB messages, API Gateway 10 MB payloads); keeps a runaway
      // client from filling memory.
      if (size > MAX_BODY_BYTES) {
        writeResponse(res, xmlErrorResponse({ code: 'RequestEntityTooLarge', message: 'Request body too large.', status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return;
      void respond(res, () => {
        const sreq = toSandboxRequest(req, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
        return refuseAtEdge(sreq, edge) ?? ctx.dispatch(sreq);
      });
    });
    req.on('error', () => res.destroy());
  });
  server.keepAliveTimeout = 65_000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 4566, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    db.close();
    throw err;
  }
  let failure: Error | undefined;
  const closedPromise = new Promise<Error | undefined>((resolve) => server.once('close', () => resolve(failure)));
  server.on('error', (err) => {
    failure = err;
    console.error('sandbox: the HTTP endpoint failed', err);
    server.close();
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 4566);
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  config.endpointUrl = `http://${urlHost}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url: config.endpointUrl,
    port,
    ctx,
    closed: closedPromise,
    close() {
      closed ??= (async () => {
        for (const service of services) await (service as ClosableService).close?.(db);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        db.close();
      })();
      return closed;
    },
  };
}

const internalFailure = (): SandboxResponse =>
  xmlErrorResponse({
    code: 'InternalFailure',
    message: 'The request processing has failed because of an unknown error, exception or failure.',
    status: 500,
    type: 'Receiver',
  });

async function safeRoute(services: readonly SandboxService[], req: SandboxRequest, ctx: SandboxContext) {
  try {
    return await routeRequest(services, req, ctx);
  } catch (err) {
    console.error('sandbox: unhandled error', err);
    return internalFailure();
  }
}

/**
 * Produces and writes one response without ever rejecting: a throw while building the request, in a handler, or
 * while writing (a body or header Node cannot send) becomes a 500 InternalFailure if nothing was sent yet, else the
 * connection is cut. An unhandled rejection would end the whole process, and with it every client's sandbox.
 */
async function respond(res: http.ServerResponse, produce: () => SandboxResponse | Promise<SandboxResponse>): Promise<void> {
  let out: SandboxResponse;
  try {
    out = await produce();
  } catch (err) {
    console.error('sandbox: unhandled error', err);
    out = internalFailure();
  }
  try {
    writeResponse(res, out);
  } catch (err) {
    console.error('sandbox: could not write the response', err);
    try {
      if (!res.headersSent) writeResponse(res, internalFailure());
      else res.destroy();
    } catch {
      res.destroy();
    }
  }
}

function toSandboxRequest(req: http.IncomingMessage, body: Buffer): SandboxRequest {
  const headers = emptyRecord<string>();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return {
    method: req.method ?? 'GET',
    path: q === -1 ? url : url.slice(0, q),
    rawQuery: q === -1 ? '' : url.slice(q + 1),
    headers,
    rawHeaders: raw,
    body,
    host: headers['host'] ?? '',
    protocol: 'http',
  };
}

function writeResponse(res: http.ServerResponse, out: SandboxResponse): void {
  if (res.headersSent || res.destroyed) return;
  // A string body goes out in the same write as the head (Node joins them); a Buffer would be a second chunk.
  if (typeof out.body !== 'string' && !Buffer.isBuffer(out.body)) throw new TypeError(`response body is ${typeof out.body}, not a string or Buffer`);
  const length = typeof out.body === 'string' ? Buffer.byteLength(out.body, 'utf8') : out.body.length;
  res.writeHead(out.status, { ...out.headers, 'content-length': String(length) });
  res.end(out.body, 'utf8');
}
