/**
 * API keys: `Authorization: Bearer KEY`, compared in constant time against every configured key (so the
 * time taken does not reveal which key prefix matched). admin may do everything; analyst queries and
 * makes the contract's analyst corrections (linkAccounts, unlinkAccounts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { ApiKey, ApiRole } from '../config.js';

function digest(value: string): Buffer {
  // Hashing first gives equal-length buffers for timingSafeEqual whatever the input length.
  return createHash('sha256').update(value).digest();
}

/** Who is calling: the role and the key's name (logs and the audit trail carry the name, never the key). */
export interface Principal {
  role: ApiRole;
  keyName: string;
}

/** Without TWIN_API_KEYS (loopback only, Host-checked in server.ts) every caller is this admin. */
export const OPEN_ACCESS: Principal = { role: 'admin', keyName: 'open-access' };

/** Mutations the contract calls analyst corrections. */
export const ANALYST_MUTATIONS: ReadonlySet<string> = new Set(['linkAccounts', 'unlinkAccounts']);

export class Unauthenticated extends GraphQLError {
  constructor(readonly presented: boolean) {
    super(presented ? 'the API key is not valid' : 'missing API key: send Authorization: Bearer <key>', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}

export function authenticate(header: string | undefined, keys: ApiKey[] | undefined): Principal {
  // Open access is only possible on loopback (config refuses to start otherwise).
  if (keys === undefined) return OPEN_ACCESS;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const presented = match?.[1];
  let found: ApiKey | undefined;
  if (presented) {
    const p = digest(presented);
    for (const k of keys) {
      if (timingSafeEqual(p, digest(k.key)) && found === undefined) found = k;
    }
  }
  if (!found) throw new Unauthenticated(presented !== undefined);
  return { role: found.role, keyName: found.name };
}

export function forbidden(role: ApiRole, field: string): GraphQLError {
  return new GraphQLError(`the ${role} role may not run ${field}; it needs an admin key`, {
    extensions: { code: 'FORBIDDEN', http: { status: 403 } },
  });
}
