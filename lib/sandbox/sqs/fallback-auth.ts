import 'server-only';
import type Database from 'libsql';
import type { SandboxAuth, SandboxConfig } from '@/lib/sandbox/types';
import { requestCredential } from '@/lib/sandbox/http';

/**
 * Authentication without IAM: any SigV4 credential is the account's root (full access, signature not checked), no
 * credential is MissingAuthenticationToken. Used until/unless lib/sandbox/auth is wired in, and by tests.
 */
export function fallbackAuth(_db: Database.Database, config: SandboxConfig): SandboxAuth {
  return {
    authenticate(req) {
      const credential = requestCredential(req);
      if (!credential) {
        return {
          ok: false,
          error: { code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token', status: 403 },
        };
      }
      return {
        ok: true,
        principal: {
          kind: 'root',
          accountId: config.accountId,
          arn: `arn:aws:iam::${config.accountId}:root`,
          accessKeyId: credential.accessKeyId,
        },
      };
    },
    authorize() {
      return 'allowed';
    },
  };
}
