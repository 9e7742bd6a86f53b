/**
 * Data set `users`: every user, DEPROVISIONED ones included, with their factors (the contract's
 * "syncUsers includes each user's factors"). Okta has no org-wide factor listing, so factors cost one
 * call per user: they run with bounded concurrency, page by page, so memory holds one page at a time.
 * A user's factors are replaced as a whole: HAS_FACTOR edges and FactorNode nodes not seen are cleaned up
 * (compiled from the model's ownership).
 */
import { TwinError } from '../../errors.js';
import { FactorNode, HAS_FACTOR, OktaUserNode } from '../../model/graph.js';
import { normalizeDate, normalizeIdentifier } from '../../model/vocabulary.js';
import { mergeRels, upsertNodes, type NodeRow, type RelRow } from '../../model/writes.js';
import { mapAhead, mapLimit } from '../concurrency.js';
import type { Resource, RowsOf } from '../resource.js';
import { transformFactors, type FactorRow, type MfaSummary } from './factors.js';
import type { OktaKeys } from './keys.js';
import { OKTA_CONCURRENCY } from './org-session.js';
import type { OktaSession } from './session.js';
import { isObject, obj, str, type JsonObject } from './wire.js';

/** Statuses the contract counts as an active account. */
export const ACTIVE_STATUSES = new Set(['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY']);

export type UserRow = NodeRow<typeof OktaUserNode>;

export function userId(user: JsonObject): string {
  const id = str(user.id);
  if (!id) throw new TwinError('UPSTREAM_BAD_RESPONSE', 'Okta returned a user without an id');
  return id;
}

function displayNameOf(profile: JsonObject, login: string | null, id: string): string {
  const explicit = str(profile.displayName)?.trim();
  if (explicit) return explicit;
  const full = [str(profile.firstName), str(profile.lastName)].filter(Boolean).join(' ').trim();
  return full || login || id;
}

export function transformOktaUser(user: JsonObject, keys: OktaKeys, mfa: MfaSummary): UserRow {
  const id = userId(user);
  const profile = obj(user.profile);
  const login = str(profile.login);
  const email = str(profile.email);
  const status = str(user.status);
  return {
    key: keys.user(id),
    props: {
      externalId: id,
      displayName: displayNameOf(profile, login, id),
      login,
      loginNorm: normalizeIdentifier(login),
      email,
      emailNorm: normalizeIdentifier(email),
      secondEmailNorm: normalizeIdentifier(str(profile.secondEmail)),
      active: status !== null && ACTIVE_STATUSES.has(status),
      status,
      userType: 'Member',
      createdAt: normalizeDate(str(user.created)),
      lastSignInAt: normalizeDate(str(user.lastLogin)),
      activatedAt: normalizeDate(str(user.activated)),
      statusChangedAt: normalizeDate(str(user.statusChanged)),
      mfaRegistered: mfa.mfaRegistered,
      mfaMethods: mfa.mfaMethods,
    },
  };
}

/** A user as read: the user object and its factors. */
export interface UserWithFactors {
  user: JsonObject;
  factors: JsonObject[];
}

const writes = {
  users: upsertNodes(OktaUserNode),
  factors: upsertNodes(FactorNode),
  hasFactor: mergeRels(HAS_FACTOR, { from: OktaUserNode, to: FactorNode }),
};

/** Pure: users with their factors → OktaUserNode rows with the MFA summary, FactorNode rows and HAS_FACTOR rows. */
export function transformUsers(page: readonly UserWithFactors[], keys: OktaKeys): RowsOf<typeof writes> {
  const users: UserRow[] = [];
  const factors: FactorRow[] = [];
  const hasFactor: Array<RelRow<typeof HAS_FACTOR>> = [];
  for (const { user, factors: list } of page) {
    const { rows, mfa } = transformFactors(userId(user), list, keys);
    const row = transformOktaUser(user, keys, mfa);
    users.push(row);
    for (const f of rows) {
      factors.push(f);
      hasFactor.push({ from: row.key, to: f.key, props: {} });
    }
  }
  return { users, factors, hasFactor };
}

/**
 * The plain list omits DEPROVISIONED users; `search` includes them, so they get a listing of their own.
 * A user deprovisioned between the two listings is read twice: MERGE keeps one node, the later status wins.
 */
/**
 * Factor calls in flight: the HttpClient's per-endpoint limit (OKTA_CONCURRENCY) bounds them; two pages of
 * users are worked on at once so that limit stays busy across page ends. Okta's rate limit for
 * /api/v1/users paces them (X-Rate-Limit-Remaining, rate-limit.ts).
 */
const FACTOR_CONCURRENCY = OKTA_CONCURRENCY;
const FACTOR_PAGES_AHEAD = 2;

const LISTINGS: ReadonlyArray<Record<string, string | number>> = [
  { limit: 200 },
  { limit: 200, search: 'status eq "DEPROVISIONED"' },
];

export const usersResource: Resource<OktaSession, UserWithFactors[], typeof writes> = {
  name: 'users',
  writes,
  counted: ['users'],
  async *pages(session, ctx) {
    const { client } = session;
    const withFactors = (page: JsonObject[]): Promise<UserWithFactors[]> =>
      mapLimit(page, FACTOR_CONCURRENCY, async (user): Promise<UserWithFactors | null> => {
        const id = userId(user);
        const factors = await client.getOptional<unknown>(`/api/v1/users/${encodeURIComponent(id)}/factors`, { signal: ctx.signal });
        if (factors === null) {
          ctx.warn('E0000007', `user ${id} was deleted during the sync; skipped`);
          return null;
        }
        if (!Array.isArray(factors)) throw new TwinError('UPSTREAM_BAD_RESPONSE', `Okta's factors of user ${id} are not a list`);
        return { user, factors: factors.filter(isObject) };
      }).then((read) => read.filter((u): u is UserWithFactors => u !== null));
    for (const query of LISTINGS) {
      // The factors of the next page of users are fetched while this page's finish: no pause between pages.
      yield* mapAhead(client.pages('/api/v1/users', { query, signal: ctx.signal }), FACTOR_PAGES_AHEAD, withFactors);
    }
  },
  transform: (page, session) => transformUsers(page, session.keys),
};
