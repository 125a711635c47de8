import 'server-only';
import type { Database } from 'libsql';
import type { XmlNode } from '@/lib/sandbox/http';
import type { SandboxConfig } from '@/lib/sandbox/types';

export type IamOperationEnv = { db: Database; config: SandboxConfig; params: URLSearchParams };

/** One IAM API action: the resource ARN it is authorized against, and its implementation (null = no Result element). */
export type IamOperation = {
  resource: (params: URLSearchParams, accountId: string, db: Database) => string;
  run: (env: IamOperationEnv) => XmlNode[] | null;
};
