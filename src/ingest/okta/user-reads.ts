/**
 * What the users data set reads, as pages for its transform, and the per-user factor calls both its whole
 * read and its incremental read make. Okta has no org-wide factor listing: one call per user, with bounded
 * concurrency (the HttpClient's per-endpoint limit; Okta's /api/v1/users rate limit paces them).
 */
import { TwinError } from '../../errors.js';
import { mapLimit } from '../concurrency.js';
import type { FetchContext } from '../resource.js';
import { OKTA_CONCURRENCY } from './org-session.js';
import type { OktaSession } from './session.js';
import { isObject, str, type JsonObject } from './wire.js';

/** A user as read: the user object and its factors. */
export interface UserWithFactors {
  user: JsonObject;
  factors: JsonObject[];
}

/**
 * A page of the users data set:
 * - `users`: users with their factors; `replaceFactors` when read incrementally (the user's factors Okta no
 *   longer lists are removed here, not by the whole read's cleanup);
 * - `factors`: users whose factors changed without their `lastUpdated` moving: factors and MFA summary only;
 * - `signIns`: Okta's `lastLogin` of users who signed in and did not otherwise change;
 * - `deleted`: users Okta deleted.
 */
export type UsersPage =
  | { kind: 'users'; users: UserWithFactors[]; replaceFactors: boolean }
  | { kind: 'factors'; users: Array<{ id: string; factors: JsonObject[] }> }
  | { kind: 'signIns'; signIns: Array<{ id: string; at: string }> }
  | { kind: 'deleted'; ids: string[] };

export function userId(user: JsonObject): string {
  const id = str(user.id);
  if (!id) throw new TwinError('UPSTREAM_BAD_RESPONSE', 'Okta returned a user without an id');
  return id;
}

/** A user's factors; null when the user was deleted meanwhile (a warning says so). */
export async function factorsOf(session: OktaSession, ctx: FetchContext, id: string): Promise<JsonObject[] | null> {
  const factors = await session.client.getOptional<unknown>(`/api/v1/users/${encodeURIComponent(id)}/factors`, { signal: ctx.signal });
  if (factors === null) {
    ctx.warn('E0000007', `user ${id} was deleted during the sync; skipped`);
    return null;
  }
  if (!Array.isArray(factors)) throw new TwinError('UPSTREAM_BAD_RESPONSE', `Okta's factors of user ${id} are not a list`);
  return factors.filter(isObject);
}

/** A page of users with their factors; users deleted meanwhile are left out. */
export async function withFactors(session: OktaSession, ctx: FetchContext, page: readonly JsonObject[]): Promise<UserWithFactors[]> {
  const read = await mapLimit(page, OKTA_CONCURRENCY, async (user): Promise<UserWithFactors | null> => {
    const factors = await factorsOf(session, ctx, userId(user));
    return factors === null ? null : { user, factors };
  });
  return read.filter((u): u is UserWithFactors => u !== null);
}

/** The factors of users known by id; users deleted meanwhile are left out. */
export async function factorsOfUsers(session: OktaSession, ctx: FetchContext, ids: readonly string[]): Promise<Array<{ id: string; factors: JsonObject[] }>> {
  const read = await mapLimit(ids, OKTA_CONCURRENCY, async (id) => {
    const factors = await factorsOf(session, ctx, id);
    return factors === null ? null : { id, factors };
  });
  return read.filter((u): u is { id: string; factors: JsonObject[] } => u !== null);
}
