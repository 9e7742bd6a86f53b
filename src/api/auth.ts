/**
 * API keys: `Authorization: Bearer KEY`, compared in constant time against every configured key (so the
 * time taken does not reveal which key prefix matched). admin may do everything, analyst only queries.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { ApiKey, ApiRole } from '../config.js';

function digest(value: string): Buffer {
  // Hashing first gives equal-length buffers for timingSafeEqual whatever the input length.
  return createHash('sha256').update(value).digest();
}

export function authenticate(header: string | undefined, keys: ApiKey[] | undefined): ApiRole {
  // Open access is only possible on loopback (config refuses to start otherwise).
  if (keys === undefined) return 'admin';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const presented = match?.[1];
  let role: ApiRole | undefined;
  if (presented) {
    const p = digest(presented);
    for (const k of keys) {
      if (timingSafeEqual(p, digest(k.key)) && role === undefined) role = k.role;
    }
  }
  if (!role) {
    throw new GraphQLError(presented ? 'the API key is not valid' : 'missing API key: send Authorization: Bearer <key>', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return role;
}

export function forbidden(role: ApiRole): GraphQLError {
  return new GraphQLError(`the ${role} role may only run queries; mutations need an admin key`, {
    extensions: { code: 'FORBIDDEN', http: { status: 403 } },
  });
}
