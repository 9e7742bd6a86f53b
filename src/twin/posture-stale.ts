/**
 * IdentityPosture.staleAccounts: active accounts whose last sign-in is older than the threshold, or that
 * never signed in and were created before it or have no creation date. Never signed in and created
 * recently is not stale.
 *
 * The rule is materialised as one date per active account, `staleSince` (posture-facts.ts): an account is
 * stale exactly when staleSince < now - staleAfterDays, so the threshold stays a query-time choice and the
 * count is a range read on the (source, staleSince) index. Dates compare as strings: the connectors store
 * them as ISO-8601 UTC with milliseconds, which sort like the instants they name.
 */
import neo4j from 'neo4j-driver';
import type { Graph } from '../neo4j/driver.js';
import { ACCOUNT_PROJECTION, type AccountView, type Page, type StaleAccountsView } from './views.js';
import { SOURCES, type Source } from '../model/vocabulary.js';
import { checkPage } from './posture-pages.js';

const DAY_MS = 86_400_000;

export function staleCutoff(staleAfterDays: number, now: Date = new Date()): string {
  return new Date(now.getTime() - staleAfterDays * DAY_MS).toISOString();
}

/** Stale accounts per source (both sources always present), counted on the index. */
export async function staleCounts(graph: Graph, staleAfterDays: number, now: Date = new Date()): Promise<StaleAccountsView[]> {
  const cutoff = staleCutoff(staleAfterDays, now);
  const rows = await graph.read<{ source: Source; count: number }>(
    `UNWIND $sources AS source
     CALL (source) {
       MATCH (a:Account) WHERE a.source = source AND a.staleSince < $cutoff
       RETURN count(a) AS count
     }
     RETURN source, count`,
    { sources: [...SOURCES], cutoff },
  );
  return SOURCES.map((source) => ({ source, count: rows.find((r) => r.source === source)?.count ?? 0, cutoff }));
}

/**
 * Up to this many stale accounts per list: read them on the staleSince index and sort them. More: walk the
 * accounts of the source in name order (the (source, orderName, key) index) and keep the stale ones, which
 * stops after offset + first of them; at that density it reads a few times the page.
 */
const SORT_UP_TO = 5000;

/**
 * One page of stale accounts per source, by displayName then id, in one statement; answers in the order of
 * `lists`. The access path is chosen here, from the counts the request already has (the planner, given the
 * cutoff as a parameter, cannot know how many accounts it selects).
 */
export async function staleAccountsPages(graph: Graph, lists: readonly StaleAccountsView[], page: Page): Promise<AccountView[][]> {
  checkPage(page);
  const index = lists.every((l) => l.count <= SORT_UP_TO) ? 'source, staleSince' : 'source, orderName, key';
  const rows = await graph.read<{ i: number; accounts: AccountView[] }>(
    `UNWIND $lists AS list
     CALL (list) {
       MATCH (a:Account) USING INDEX a:Account(${index})
       WHERE a.source = list.source AND a.orderName IS NOT NULL AND a.key IS NOT NULL AND a.staleSince < list.cutoff
       WITH a ORDER BY a.source, a.orderName, a.key SKIP $offset LIMIT $first
       // Only the page's keys leave the sort: the projection reads the properties of one page, not of all.
       WITH collect(a.key) AS keys
       CALL (keys) {
         UNWIND range(0, size(keys) - 1) AS i
         MATCH (a:Account {key: keys[i]})
         WITH i, a ORDER BY i
         RETURN collect(${ACCOUNT_PROJECTION}) AS accounts
       }
       RETURN accounts
     }
     RETURN list.i AS i, accounts`,
    {
      offset: neo4j.int(page.offset),
      first: neo4j.int(page.first),
      lists: lists.map((l, i) => ({ i: neo4j.int(i), source: l.source, cutoff: l.cutoff })),
    },
  );
  const out: AccountView[][] = lists.map(() => []);
  for (const r of rows) out[r.i]?.push(...r.accounts);
  return out;
}
