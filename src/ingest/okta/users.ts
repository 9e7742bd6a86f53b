/**
 * Data set `users`: every user, DEPROVISIONED ones included, with their factors (the contract's
 * "syncUsers includes each user's factors"). Okta has no org-wide factor listing, so factors cost one
 * call per user: they run with bounded concurrency, page by page, so memory holds one page at a time.
 */
import { TwinError } from '../../errors.js';
import type { DataSet, DataSetContext } from '../data-set.js';
import { normalizeDate, normalizeIdentifier } from '../../model/vocabulary.js';
import { mapLimit } from '../concurrency.js';
import { deleteUnseenNodes, deleteUnseenRels, nodeStamp, relStamp } from '../stamps.js';
import { transformFactors, type FactorRow, type MfaSummary } from './factors.js';
import type { OktaKeys } from './keys.js';
import type { OktaClient } from './okta-client.js';
import { isObject, obj, str, type JsonObject } from './wire.js';

/** Statuses the contract counts as an active account. */
export const ACTIVE_STATUSES = new Set(['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY']);

export interface UserProps {
  externalId: string;
  displayName: string;
  login: string | null;
  loginNorm: string | null;
  email: string | null;
  emailNorm: string | null;
  secondEmailNorm: string | null;
  active: boolean;
  status: string | null;
  userType: 'Member';
  createdAt: string | null;
  lastSignInAt: string | null;
  activatedAt: string | null;
  statusChangedAt: string | null;
  mfaRegistered: boolean;
  mfaMethods: string[];
}

export interface UserRow {
  key: string;
  props: UserProps;
  factors: FactorRow[];
}

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

export function transformUser(user: JsonObject, keys: OktaKeys, mfa: MfaSummary, factors: FactorRow[] = []): UserRow {
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
    factors,
  };
}

// A user's factors are replaced as a whole: HAS_FACTOR edges and Factor nodes not seen are cleaned up.
const LOAD_USERS = `UNWIND $rows AS row
MERGE (u:Account:OktaUser {key: row.key})
SET u += row.props, ${nodeStamp('u')}, u.mfaRunId = $runId
WITH u, row
CALL {
  WITH u, row
  UNWIND row.factors AS f
  MERGE (x:Factor {key: f.key})
  SET x += f.props, ${nodeStamp('x')}
  MERGE (u)-[r:HAS_FACTOR]->(x)
  SET ${relStamp('r', 'users')}
}`;

/**
 * The plain list omits DEPROVISIONED users; `search` includes them, so they get a listing of their own.
 * A user deprovisioned between the two listings is read twice: MERGE keeps one node, the later status wins.
 */
const LISTINGS: ReadonlyArray<Record<string, string | number>> = [
  { limit: 200 },
  { limit: 200, search: 'status eq "DEPROVISIONED"' },
];

export function usersDataSet(deps: { client: OktaClient; keys: OktaKeys; factorConcurrency: number }): DataSet {
  const { client, keys } = deps;
  return {
    name: 'users',
    cleanup: [deleteUnseenRels('HAS_FACTOR', 'users'), deleteUnseenNodes('Factor'), deleteUnseenNodes('OktaUser')],
    async run(ctx: DataSetContext): Promise<void> {
      const writer = ctx.writer<UserRow>(LOAD_USERS, { params: { source: ctx.source }, batchSize: 1000 });
      for (const query of LISTINGS) {
        for await (const page of client.pages('/api/v1/users', { query, signal: ctx.signal })) {
          const rows = await mapLimit(page, deps.factorConcurrency, async (user) => {
            const id = userId(user);
            const factors = await client.getOptional<unknown>(`/api/v1/users/${encodeURIComponent(id)}/factors`, { signal: ctx.signal });
            if (factors === null) {
              ctx.warn('E0000007', `user ${id} was deleted during the sync; skipped`);
              return null;
            }
            if (!Array.isArray(factors)) throw new TwinError('UPSTREAM_BAD_RESPONSE', `Okta's factors of user ${id} are not a list`);
            const { rows: factorRows, mfa } = transformFactors(id, factors.filter(isObject), keys);
            return transformUser(user, keys, mfa, factorRows);
          });
          for (const row of rows) if (row) await writer.add(row);
        }
      }
      await writer.flush();
    },
  };
}
