/**
 * The users data set's incremental read: only what changed since the cursor.
 *
 * - Changed and new users: `filter=lastUpdated gt "<since>"` (a filter, unlike the plain list, includes
 *   DEPROVISIONED users), each with its factors read whole.
 * - Factor changes move no `lastUpdated` in Okta: users named by `user.mfa.factor.*` events get their factors
 *   read again, exactly (what Okta no longer lists is removed).
 * - Sign-ins move `lastLogin`, not `lastUpdated`: the latest successful `user.session.start` of each user
 *   sets `lastSignInAt` (users read whole above already carry it).
 * - Deletions only show in the System Log (`user.lifecycle.delete.*`): the user goes with its factors.
 *
 * The log is read first, before anything is yielded: when it cannot answer (refused, or the cursor is past
 * its retention) the runner reads the data set whole instead.
 */
import { chunk, mapAhead } from '../concurrency.js';
import type { FetchContext } from '../resource.js';
import { USER_EVENTS, changeWindow, iso, readLogChanges, refusedFilterReadsWhole } from './change-feed.js';
import type { OktaSession } from './session.js';
import { factorsOfUsers, userId, withFactors, type UsersPage } from './user-reads.js';

/** Users per page of ids (factor reads, sign-ins, deletions): a page is one batch of writes. */
const IDS_PER_PAGE = 200;
const FACTOR_PAGES_AHEAD = 2;

export async function* usersChanges(session: OktaSession, ctx: FetchContext): AsyncGenerator<UsersPage, void, undefined> {
  const window = await changeWindow(session, ctx);
  const log = await readLogChanges(session, ctx, window, USER_EVENTS);
  const gone = log.deletedUsers;

  const changed = new Set<string>();
  const query = { limit: 200, filter: `lastUpdated gt "${iso(window.since)}"` };
  const listing = refusedFilterReadsWhole(session.client.pages('/api/v1/users', { query, signal: ctx.signal }), 'users lastUpdated');
  for await (const users of mapAhead(listing, FACTOR_PAGES_AHEAD, (page) => withFactors(session, ctx, page))) {
    for (const u of users) changed.add(userId(u.user));
    yield { kind: 'users', users, replaceFactors: true };
  }

  const factorOnly = [...log.factorUsers].filter((id) => !changed.has(id) && !gone.has(id));
  for (const ids of chunk(factorOnly, IDS_PER_PAGE)) {
    yield { kind: 'factors', users: await factorsOfUsers(session, ctx, ids) };
  }

  const signIns = [...log.signIns].filter(([id]) => !changed.has(id) && !gone.has(id)).map(([id, at]) => ({ id, at }));
  for (const part of chunk(signIns, IDS_PER_PAGE)) yield { kind: 'signIns', signIns: part };

  for (const ids of chunk([...gone], IDS_PER_PAGE)) yield { kind: 'deleted', ids };

  ctx.setCursor(iso(window.until));
  session.noteUsersRead(window.until);
}
