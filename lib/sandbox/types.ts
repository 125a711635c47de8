import 'server-only';
import type { Database } from 'libsql';

/**
 * The sandbox's view of one HTTP request. The same shape is used for requests arriving over the network and for
 * requests the sandbox's own API Gateway data plane delivers to its SQS in-process (as AWS would send them).
 */
export type SandboxRequest = {
  method: string;
  /** Path without the query string, percent-encoded as received (e.g. `/000000000000/orders`). */
  path: string;
  /** Raw query string without `?` ('' when none). */
  rawQuery: string;
  /** Header names lower-cased; repeated headers joined with `,`. */
  headers: Record<string, string>;
  /**
   * Header names as the client spelled them, in order (Node's `rawHeaders` in pairs). API Gateway REST APIs keep the
   * client's casing in `$input.params()` and `method.request.header.*`, so the execute-api data plane uses these.
   */
  rawHeaders?: string[];
  body: Buffer;
  /** The Host header value (e.g. `127.0.0.1:4566` or `sqs.us-east-1.amazonaws.com`). */
  host: string;
  /** Scheme the request arrived with (`http` for the local listener, `https` for in-process AWS-style deliveries). */
  protocol: 'http' | 'https';
};

export type SandboxResponse = {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
};

/** Who sent a request, as established by SigV4 authentication. */
export type Principal =
  | {
      /** Long-term sandbox credentials: any access key is accepted and has full access (like LocalStack). */
      kind: 'root';
      accountId: string;
      arn: string;
      accessKeyId: string;
    }
  | {
      /** Temporary credentials issued by the sandbox's STS AssumeRole; requests are authorized against the role. */
      kind: 'assumed-role';
      accountId: string;
      /** `arn:aws:sts::{account}:assumed-role/{roleName}/{sessionName}` */
      arn: string;
      roleArn: string;
      roleName: string;
      sessionName: string;
      accessKeyId: string;
    };

export type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export type AwsErrorDetails = { code: string; message: string; status: number };

export type AuthResult = { ok: true; principal: Principal } | { ok: false; error: AwsErrorDetails };

/** Authentication and authorization, provided by lib/sandbox/auth and used by every service handler. */
export interface SandboxAuth {
  /**
   * Reads the SigV4 `Authorization` header (or presigned query). Long-term keys: any key, full access, signature not
   * checked. Sandbox-issued temporary keys: the signature is verified (SignatureDoesNotMatch when the request was
   * altered after signing) and the session must not be expired. No credentials at all: error MissingAuthenticationToken.
   */
  authenticate(req: SandboxRequest, service: string): AuthResult;
  /**
   * Evaluates the principal's identity policies for `action` (e.g. `sqs:SendMessage`) on `resourceArn`, with
   * `context` added to the request's condition keys (e.g. `kms:ResourceAliases`). Root is always allowed.
   */
  authorize(principal: Principal, action: string, resourceArn: string, context?: Record<string, string[]>): EvalDecision;
}

export type SandboxConfig = {
  accountId: string;
  defaultRegion: string;
  /** Base URL clients use to reach the sandbox, e.g. `http://127.0.0.1:4566`. Queue URLs are built from it. */
  endpointUrl: string;
};

export type SandboxContext = {
  db: Database;
  auth: SandboxAuth;
  config: SandboxConfig;
  /** Dispatches a request through the sandbox's router in-process, exactly as if it had arrived over HTTP. */
  dispatch(req: SandboxRequest): Promise<SandboxResponse>;
};

/**
 * One operation a sandbox service serves, as its route table lists it. The table is the one source for dispatch, the
 * test-only fault hook (operation names), IAM enforcement (the action evaluated for assumed-role callers) and the
 * README's coverage table, so those cannot disagree.
 */
export type OperationInfo = {
  /** AWS's operation name, e.g. `SendMessage`, `PutIntegration`, `CreateRole`. */
  name: string;
  /** The IAM action AWS evaluates for it, e.g. `sqs:SendMessage`, `apigateway:PUT`, `iam:CreateRole`. */
  iamAction: string;
  /** What the sandbox knowingly does differently from AWS, for the coverage table ('' when nothing). */
  notes?: string;
};

/**
 * A service of the sandbox (sqs, iam, sts, apigateway, execute-api). The router calls each registered service's
 * `matches` in order; the first that claims the request handles it.
 */
export type SandboxService = {
  name: string;
  /** Creates this service's tables if missing. Called once at start-up, inside a transaction. */
  migrate(db: Database): void;
  matches(req: SandboxRequest, routing: RoutingInfo): boolean;
  handle(req: SandboxRequest, ctx: SandboxContext): Promise<SandboxResponse>;
  /** The service's route table (see OperationInfo). */
  operations?: readonly OperationInfo[];
  /** Name of the operation a request it claims calls (from its route table), undefined when none matches. */
  operationOf?(req: SandboxRequest, routing: RoutingInfo): string | undefined;
};

/** What the router could learn about a request before handing it to a service. */
export type RoutingInfo = {
  /** Service from the SigV4 credential scope (`…/us-east-1/sqs/aws4_request` → `sqs`), if signed. */
  scopeService?: string;
  /** Region from the SigV4 credential scope, if signed. */
  scopeRegion?: string;
  /** `X-Amz-Target` header, if any. */
  target?: string;
};
