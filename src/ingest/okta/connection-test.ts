/**
 * `testOktaConnection`: authenticate, then read one small page per data set, so the admin sees which
 * scopes or admin roles are missing before the first sync — with Okta's error code and what to do.
 */
import { TwinError, errorMessage } from '../../errors.js';
import type { ConnectionCheckResult, ConnectionTestResult } from '../types.js';
import type { OktaOrg } from './org-session.js';
import { CHECK_SCOPE, OKTA_CHECKS, oktaAdvice, type OktaCheckName } from './access.js';
import { arr, at, str } from './wire.js';

function codeOf(err: unknown): string | null {
  if (err instanceof TwinError) return err.providerCode ?? err.code;
  return null;
}

function scopeOf(err: unknown): string | undefined {
  const scope = err instanceof TwinError ? err.details?.scope : undefined;
  return typeof scope === 'string' ? scope : undefined;
}

function detailOf(check: OktaCheckName, err: unknown, org: OktaOrg): string {
  const code = codeOf(err);
  const advice = oktaAdvice(check, code, org.kind, scopeOf(err));
  return `${code ?? 'ERROR'}: ${errorMessage(err)}. ${advice}`;
}

/** The calls that prove a check: the data set's first listing, as small as Okta allows. */
async function probe(check: OktaCheckName, org: OktaOrg, firstUserId: string | null): Promise<string | null> {
  const { client } = org;
  switch (check) {
    case 'users': {
      const users = await client.get('/api/v1/users', { query: { limit: 1 } });
      return str(at(arr(users)[0], 'id'));
    }
    case 'factors':
      if (firstUserId) await client.get(`/api/v1/users/${encodeURIComponent(firstUserId)}/factors`);
      return null;
    case 'groups':
      await client.get('/api/v1/groups', { query: { limit: 1 } });
      return null;
    case 'roles':
      await client.get('/api/v1/iam/assignees/users', { query: { limit: 1 } });
      try {
        await client.get('/api/v1/groups', { query: { limit: 1, expand: 'stats' } });
      } catch (err) {
        // Admin groups are found through the groups listing: name that scope, not okta.roles.read.
        if (err instanceof TwinError && !err.details?.scope) {
          throw new TwinError(err.code, `${err.message} (roles reads admin groups through /api/v1/groups)`, {
            ...(err.providerCode ? { providerCode: err.providerCode } : {}),
            details: { ...err.details, scope: 'okta.groups.read' },
          });
        }
        throw err;
      }
      return null;
    case 'apps':
      await client.get('/api/v1/apps', { query: { limit: 1 } });
      return null;
    case 'logs': {
      const until = new Date();
      const since = new Date(until.getTime() - 3600_000);
      await client.get('/api/v1/logs', { query: { since: since.toISOString(), until: until.toISOString(), limit: 1 } });
      return null;
    }
    case 'policies':
      await client.get('/api/v1/policies', { query: { type: 'OKTA_SIGN_ON' } });
      return null;
  }
}

export async function testOktaOrg(org: OktaOrg): Promise<ConnectionTestResult> {
  try {
    await org.auth.authenticate();
  } catch (err) {
    const code = codeOf(err);
    const advice = oktaAdvice('users', code, org.kind, 'the okta.*.read scopes');
    const detail = `${code ?? 'ERROR'}: ${errorMessage(err)}. ${advice}`;
    return {
      ok: false,
      message: `Could not sign in to ${org.orgUrl}: ${detail}`,
      checks: OKTA_CHECKS.map((name) => ({ name, ok: false, permission: CHECK_SCOPE[name], detail })),
    };
  }

  const checks: ConnectionCheckResult[] = [];
  let firstUserId: string | null = null;
  let usersError: unknown;
  for (const name of OKTA_CHECKS) {
    try {
      // Factors are read per user: without a readable user there is nothing to try them on.
      if (name === 'factors' && usersError !== undefined) throw usersError;
      const id = await probe(name, org, firstUserId);
      if (name === 'users') firstUserId = id;
      const detail = name === 'factors' && !firstUserId ? 'no users yet to read factors of' : null;
      checks.push({ name, ok: true, permission: CHECK_SCOPE[name], detail });
    } catch (err) {
      if (name === 'users') usersError = err;
      checks.push({ name, ok: false, permission: CHECK_SCOPE[name], detail: detailOf(name, err, org) });
    }
  }

  const failed = checks.filter((c) => !c.ok);
  if (failed.length === checks.length && failed.every((c) => c.detail?.startsWith('E0000011'))) {
    return { ok: false, message: `Okta rejected the credential: ${failed[0]?.detail ?? 'E0000011'}`, checks };
  }
  const missing = org.auth.missingScopes.length > 0 ? ` Scopes not granted to the service app: ${org.auth.missingScopes.join(', ')}.` : '';
  if (failed.length === 0) return { ok: true, message: `Connected to ${org.orgUrl}: all ${checks.length} data sets are readable.`, checks };
  return {
    ok: false,
    message: `Connected to ${org.orgUrl}, but ${failed.length} of ${checks.length} checks failed: ${failed.map((c) => `${c.name} (${c.detail?.split(':')[0] ?? 'error'})`).join(', ')}.${missing}`,
    checks,
  };
}
