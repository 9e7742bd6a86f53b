/**
 * Data set `users`: every user, DEPROVISIONED ones included, with their factors (the contract's
 * "syncUsers includes each user's factors"). Okta has no org-wide factor listing, so factors cost one
 * call per user: they run with bounded concurrency, page by page, so memory holds one page at a time.
 * A user's factors are replaced as a whole: read whole, the HAS_FACTOR edges and Factor nodes not seen are
 * cleaned up (compiled from the model's ownership); read incrementally (users-changes.ts), they are pruned
 * per user, and deleted users go by key.
 */
import { FactorNode, HAS_FACTOR, OktaUserNode } from '../../model/graph.js';
import { normalizeDate, normalizeIdentifier } from '../../model/vocabulary.js';
import { deleteNodes, mergeRels, pruneChildren, updateNodes, upsertNodes, type NodeRow, type RelRow } from '../../model/writes.js';
import { mapAhead } from '../concurrency.js';
import type { Resource, RowsOf } from '../resource.js';
import { iso } from './change-feed.js';
import { transformFactors, type FactorRow, type MfaSummary } from './factors.js';
import type { OktaKeys } from './keys.js';
import type { OktaSession } from './session.js';
import { userId, withFactors, type UsersPage, type UserWithFactors } from './user-reads.js';
import { usersChanges } from './users-changes.js';
import { obj, str, type JsonObject } from './wire.js';

export { userId, type UserWithFactors } from './user-reads.js';

/** Statuses the contract counts as an active account. */
export const ACTIVE_STATUSES = new Set(['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY']);

export type UserRow = NodeRow<typeof OktaUserNode>;

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

// Flushed in this order within a batch: nodes, edges, updates, then removals (a pruned user's factors
// written in the same batch are stamped by this run and stay; a deleted user's factors go before it).
const writes = {
  users: upsertNodes(OktaUserNode),
  factors: upsertNodes(FactorNode),
  hasFactor: mergeRels(HAS_FACTOR, { from: OktaUserNode, to: FactorNode }),
  mfa: updateNodes(OktaUserNode, ['mfaRegistered', 'mfaMethods']),
  signIns: updateNodes(OktaUserNode, ['lastSignInAt']),
  staleFactors: pruneChildren(HAS_FACTOR, { from: OktaUserNode, to: FactorNode }),
  deletedUsers: deleteNodes(OktaUserNode),
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

/** Pure: a page of the users data set → rows per write. */
export function transformUsersPage(page: UsersPage, keys: OktaKeys): RowsOf<typeof writes> {
  switch (page.kind) {
    case 'users': {
      const rows = transformUsers(page.users, keys);
      return page.replaceFactors ? { ...rows, staleFactors: page.users.map((u) => ({ key: keys.user(userId(u.user)) })) } : rows;
    }
    case 'factors': {
      const factors: FactorRow[] = [];
      const hasFactor: Array<RelRow<typeof HAS_FACTOR>> = [];
      const mfa: Array<{ key: string; props: MfaSummary }> = [];
      for (const { id, factors: list } of page.users) {
        const key = keys.user(id);
        const read = transformFactors(id, list, keys);
        mfa.push({ key, props: read.mfa });
        for (const f of read.rows) {
          factors.push(f);
          hasFactor.push({ from: key, to: f.key, props: {} });
        }
      }
      return { factors, hasFactor, mfa, staleFactors: page.users.map((u) => ({ key: keys.user(u.id) })) };
    }
    case 'signIns':
      return { signIns: page.signIns.map((s) => ({ key: keys.user(s.id), props: { lastSignInAt: normalizeDate(s.at) } })) };
    case 'deleted': {
      const rows = page.ids.map((id) => ({ key: keys.user(id) }));
      return { staleFactors: rows, deletedUsers: rows };
    }
  }
}

/**
 * The plain list omits DEPROVISIONED users; `search` includes them, so they get a listing of their own.
 * A user deprovisioned between the two listings is read twice: MERGE keeps one node, the later status wins.
 * The factors of the next page of users are fetched while this page's finish (no pause between pages).
 */
const FACTOR_PAGES_AHEAD = 2;

const LISTINGS: ReadonlyArray<Record<string, string | number>> = [
  { limit: 200 },
  { limit: 200, search: 'status eq "DEPROVISIONED"' },
];

export const usersResource: Resource<OktaSession, UsersPage, typeof writes> = {
  name: 'users',
  writes,
  counted: ['users', 'mfa', 'deletedUsers'],
  async *pages(session, ctx) {
    // The change feed starts before the listing: what changes while it runs is read again next time.
    const start = await session.serverNow(ctx.signal);
    ctx.setCursor(iso(start));
    for (const query of LISTINGS) {
      const listing = session.client.pages('/api/v1/users', { query, signal: ctx.signal });
      for await (const users of mapAhead(listing, FACTOR_PAGES_AHEAD, (page) => withFactors(session, ctx, page))) {
        yield { kind: 'users', users, replaceFactors: false };
      }
    }
    session.noteUsersRead(start);
  },
  changes: usersChanges,
  transform: (page, session) => transformUsersPage(page, session.keys),
};
