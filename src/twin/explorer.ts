/**
 * The explorer's reads: pages of people and security events, an account by its provider id, and the
 * edges analysts walk. Each function is one Cypher statement. The edge reads take many parent keys at
 * once and answer in the order of the keys (what a DataLoader batch needs), so a request costs a
 * constant number of round trips whatever its list sizes.
 */
import neo4j from 'neo4j-driver';
import type { Graph } from '../neo4j/driver.js';
import type { Severity, Source } from '../model/vocabulary.js';
import {
  ACCOUNT_PROJECTION, APPLICATION_PROJECTION, GROUP_PROJECTION, PERSON_PROJECTION, ROLE_PROJECTION, eventProjection,
  type AccountView, type ApplicationView, type GroupView, type Page, type PersonView, type RoleGrantView, type RoleView,
  type SecurityEventView,
} from './views.js';
import { ROLE_NAME } from './cypher.js';
import { checkPage } from './posture-pages.js';

/**
 * Longest group chain walked when resolving transitive membership (cycles are possible in Entra). It also
 * bounds a role grant's chain (RoleGrant.via): at most this many groups.
 */
export const MAX_NESTING = 10;

/** The sort key of the last row of the previous page (as the API's cursor carries it), or null for the first page. */
export type After = ReadonlyArray<string | number | null> | null;

export interface Paged<T> {
  /** Rows matching the filter, on every page. */
  total: number;
  /** At most `first` rows after `after`. */
  items: T[];
  /** Whether rows follow the last item. */
  hasMore: boolean;
}

/** One more row than asked tells whether another page follows. */
function pageOf<T>(total: number, rows: T[], first: number): Paged<T> {
  return { total, items: rows.slice(0, first), hasMore: rows.length > first };
}

/**
 * The people filter of `people(search:)`: the trimmed search, lower-cased, as a substring of a person's
 * searchText (person-facts.ts: lower-cased names, emails, UPNs and logins, one per line). Null when blank: no
 * filter. A needle spanning a line break would match across two identifiers, so it matches nothing.
 */
export function searchNeedle(search: string | null | undefined): { needle: string | null; none: boolean } {
  const needle = search?.trim().toLowerCase() || null;
  return { needle, none: needle !== null && /[\r\n]/.test(needle) };
}

/** The page ($offset, $first) of the ordered rows before it. */
const PAGE = 'SKIP $offset LIMIT $first';

/**
 * A page of `p`'s accounts, by source, login and key, collected `AS as` (Person.accounts, also read with a page
 * of people). No index gives accounts in this order, so the planner walks from `p`, with no subquery needed.
 */
function accountsOfPerson(as: string): string {
  return `MATCH (p)-[:HAS_ACCOUNT]->(a:Account) WITH a ORDER BY a.source, a.login, a.key ${PAGE} RETURN collect(${ACCOUNT_PROJECTION}) AS ${as}`;
}

/** The people after the cursor (sortName then id); `$afterName`/`$afterId` are '' on the first page. */
const PEOPLE_AFTER = `p.sortName >= $afterName AND (p.sortName > $afterName OR p.id > $afterId)`;

/**
 * Rows `p` of a page (in order) to the page: each person's view and sort key, and, when asked, the page of its
 * accounts that accountsOfPeople gives ($offset, $first), so an explorer query that walks people's accounts
 * saves that round trip.
 */
function pageOfPeople(withAccounts: boolean): string {
  const accounts = withAccounts
    ? `CALL (p) { ${accountsOfPerson('accounts')} }`
    : 'WITH p, null AS accounts';
  return `${accounts}
       WITH p, accounts ORDER BY p.sortName, p.id
       RETURN collect({ person: ${PERSON_PROJECTION}, sortName: p.sortName, accounts: accounts }) AS page`;
}

/**
 * The statement behind `people`. Without a search, the count comes from the count store and the page from the
 * sortName index, read in order. (The index hints keep these plans whatever the statistics say, e.g. right after
 * the graph was emptied.)
 *
 * With a search, the TEXT index on searchText (person_searchtext_text) gives the matches: the count is over its
 * hits. The page takes the cheaper of two reads, by how many match: few (total² ≤ limit × people), sort the
 * hits; many, walk the sortName index in order and keep the matches, which finds the page after about
 * limit × people / total persons instead of sorting tens of thousands of hits. (`LIMIT 1` after each branch's
 * condition keeps the planner from folding it into a filter over the other read: the branch not taken reads
 * nothing.)
 */
export function peopleStatement(search: boolean, withAccounts: boolean): string {
  if (!search) {
    return `CALL { MATCH (p:Person) RETURN count(p) AS total }
     CALL {
       MATCH (p:Person) USING INDEX p:Person(sortName) WHERE ${PEOPLE_AFTER}
       WITH p ORDER BY p.sortName, p.id LIMIT $limit
       ${pageOfPeople(withAccounts)}
     }
     RETURN total, page`;
  }
  return `CALL { MATCH (p:Person) WHERE p.searchText CONTAINS $needle RETURN count(p) AS total }
     CALL { MATCH (p:Person) RETURN count(p) AS people }
     CALL (total, people) {
       CALL (total, people) {
         WITH total, people WHERE total * total <= $limit * people WITH total, people LIMIT 1
         MATCH (p:Person) USING TEXT INDEX p:Person(searchText)
         WHERE p.searchText CONTAINS $needle AND ${PEOPLE_AFTER}
         WITH p ORDER BY p.sortName, p.id LIMIT $limit
         RETURN p
         UNION
         WITH total, people WHERE total * total > $limit * people WITH total, people LIMIT 1
         MATCH (p:Person) USING INDEX p:Person(sortName)
         WHERE ${PEOPLE_AFTER} AND p.searchText CONTAINS $needle
         WITH p ORDER BY p.sortName, p.id LIMIT $limit
         RETURN p
       }
       ${pageOfPeople(withAccounts)}
     }
     RETURN total, page`;
}

export interface PersonRow {
  person: PersonView;
  /** The person's sort key, for the cursor. */
  sortName: string;
  /** The page of its accounts the read was asked for (accountsOfPeople's), else null. */
  accounts: AccountView[] | null;
}

/**
 * People ordered by sortName then id; `search` matches names, emails, UPNs and logins, case-insensitively.
 * `accounts`: also read this page of each person's accounts.
 */
export async function peoplePage(
  graph: Graph,
  q: { search: string | null | undefined; first: number; after: After; accounts?: Page | null },
): Promise<Paged<PersonRow>> {
  const { needle, none } = searchNeedle(q.search);
  if (none) return pageOf(0, [], q.first);
  const accounts = q.accounts ? checkPage(q.accounts) : null;
  const rows = await graph.read<{ total: number; page: PersonRow[] }>(peopleStatement(needle !== null, accounts !== null), {
    needle,
    afterName: String(q.after?.[0] ?? ''),
    afterId: String(q.after?.[1] ?? ''),
    limit: neo4j.int(q.first + 1),
    offset: neo4j.int(accounts?.offset ?? 0),
    first: neo4j.int(accounts?.first ?? 0),
  });
  const { total = 0, page = [] } = rows[0] ?? {};
  return pageOf(total, page, q.first);
}

/** Security events of the given severities, newest first (then by key). */
export async function securityEventsPage(
  graph: Graph,
  q: { severities: readonly Severity[]; first: number; after: After },
): Promise<Paged<SecurityEventView>> {
  const rows = await graph.read<{ total: number; page: SecurityEventView[] }>(
    `CALL {
       MATCH (e:SecurityEvent) WHERE e.severity IN $severities RETURN count(e) AS total
     }
     CALL {
       MATCH (e:SecurityEvent)
       WHERE e.severity IN $severities
         AND ($afterAt IS NULL OR e.occurredAt < $afterAt OR (e.occurredAt = $afterAt AND e.key > $afterKey))
       WITH e ORDER BY e.occurredAt DESC, e.key LIMIT $limit
       OPTIONAL MATCH (e)-[:INVOLVES]->(a:Account)
       WITH e, head(collect(a.key)) AS accountKey ORDER BY e.occurredAt DESC, e.key
       RETURN collect(${eventProjection('accountKey')}) AS page
     }
     RETURN total, page`,
    { severities: [...q.severities], afterAt: q.after?.[0] ?? null, afterKey: q.after?.[1] ?? null, limit: neo4j.int(q.first + 1) },
  );
  const { total = 0, page = [] } = rows[0] ?? {};
  return pageOf(total, page, q.first);
}

/** An account by the identity provider's own object id. */
export async function accountByExternalId(graph: Graph, source: Source, externalId: string): Promise<AccountView | null> {
  const rows = await graph.read<{ a: AccountView }>(
    `MATCH (a:Account {source: $source, externalId: $externalId}) RETURN ${ACCOUNT_PROJECTION} AS a LIMIT 1`,
    { source, externalId },
  );
  return rows[0]?.a ?? null;
}

type Keys = readonly string[];

/** One node (or null) per key, in the order of the keys. */
async function onePerKey<T>(graph: Graph, cypher: string, keys: Keys): Promise<Array<T | null>> {
  const rows = await graph.read<{ key: string; row: T | null }>(cypher, { keys: [...keys] });
  const m = new Map(rows.map((r) => [r.key, r.row]));
  return keys.map((k) => m.get(k) ?? null);
}

/** The statement that reads a page of each key's list, `perKey` being one of EDGE_PAGES. */
export function edgePagesStatement(perKey: string): string {
  return `UNWIND $keys AS key CALL (key) { ${perKey} } RETURN key, rows`;
}

/**
 * One page (maybe empty) of each key's list, in the order of the keys. `perKey` is the body of a subquery
 * over `key` that orders its rows and ends with `SKIP $offset LIMIT $first` before collecting them as `rows`:
 * every key's list is cut in the Cypher, so no parent with 100,000 members sends them all.
 */
async function pagePerKey<T>(graph: Graph, perKey: string, keys: Keys, page: Page): Promise<T[][]> {
  checkPage(page);
  const rows = await graph.read<{ key: string; rows: T[] }>(edgePagesStatement(perKey), {
    keys: [...keys],
    offset: neo4j.int(page.offset),
    first: neo4j.int(page.first),
  });
  const m = new Map(rows.map((r) => [r.key, r.rows]));
  return keys.map((k) => m.get(k) ?? []);
}

export function accountsByKey(graph: Graph, keys: Keys): Promise<Array<AccountView | null>> {
  return onePerKey(graph, `UNWIND $keys AS key OPTIONAL MATCH (a:Account {key: key}) RETURN key, CASE WHEN a IS NULL THEN null ELSE ${ACCOUNT_PROJECTION} END AS row`, keys);
}

export function peopleById(graph: Graph, ids: Keys): Promise<Array<PersonView | null>> {
  return onePerKey(graph, `UNWIND $keys AS key OPTIONAL MATCH (p:Person {id: key}) RETURN key, CASE WHEN p IS NULL THEN null ELSE ${PERSON_PROJECTION} END AS row`, ids);
}

export function groupsByKey(graph: Graph, keys: Keys): Promise<Array<GroupView | null>> {
  return onePerKey(graph, `UNWIND $keys AS key OPTIONAL MATCH (g:Group {key: key}) RETURN key, CASE WHEN g IS NULL THEN null ELSE ${GROUP_PROJECTION} END AS row`, keys);
}

export function rolesByKey(graph: Graph, keys: Keys): Promise<Array<RoleView | null>> {
  return onePerKey(graph, `UNWIND $keys AS key OPTIONAL MATCH (r:Role {key: key}) RETURN key, CASE WHEN r IS NULL THEN null ELSE ${ROLE_PROJECTION} END AS row`, keys);
}

/** The person each account belongs to. */
export function personOfAccounts(graph: Graph, accountKeys: Keys): Promise<Array<PersonView | null>> {
  return onePerKey(
    graph,
    `UNWIND $keys AS key OPTIONAL MATCH (p:Person)-[:HAS_ACCOUNT]->(:Account {key: key})
     RETURN key, CASE WHEN p IS NULL THEN null ELSE ${PERSON_PROJECTION} END AS row`,
    accountKeys,
  );
}

/*
 * Every edge read starts from its parent, found by its key, and walks from there inside a subquery: left to
 * itself, the planner may instead read every Group (or every SecurityEvent, by the occurredAt index) in the
 * wanted order and test each against the parent, to save a sort, which on a big graph reads it all.
 *
 * The transitive reads walk MEMBER_OF at most MAX_NESTING deep and never enumerate paths: the subquery returns
 * DISTINCT nodes, which Neo4j runs as a pruning breadth-first expand (every group reached once, however many
 * chains lead to it; cycles end there). Each key's rows are then cut to the page; a grant's group chain is one
 * shortest path (ANY SHORTEST, breadth-first too), looked up only for the rows of the page.
 */

/** The distinct nodes `(a)` reaches through 0 to MAX_NESTING MEMBER_OF hops (itself included), as `holder`. */
const REACHED_FROM_ACCOUNT = `CALL (a) { MATCH (a)-[:MEMBER_OF*0..${MAX_NESTING}]->(holder) RETURN DISTINCT holder }`;

/**
 * The grant of `r` with `assignment` to `a` through the shortest chain of groups (`via`: their keys, from
 * the group `a` is in to the group holding the role; empty when held directly), and its scope.
 */
const SHORTEST_GRANT = `CALL (a, r, assignment) {
       MATCH p = ANY SHORTEST (a)-[:MEMBER_OF]->{0,${MAX_NESTING}}(holder)-[h:HAS_ROLE WHERE h.assignment = assignment]->(r)
       RETURN h.scope AS scope, [n IN nodes(p)[1..-1] | n.key] AS via
     }`;

/** Each paged edge's subquery over one parent `key` (edgePagesStatement), its rows in order, cut to the page. */
export const EDGE_PAGES = {
  /** A person's accounts, by source, login and key. */
  accountsOfPeople: `MATCH (p:Person {id: key}) ${accountsOfPerson('rows')}`,
  /** The groups an account is a direct member of, by displayName and key. */
  directGroupsOfAccounts: `MATCH (a:Account {key: key})
     CALL (a) { MATCH (a)-[:MEMBER_OF]->(g:Group) RETURN g }
     WITH g ORDER BY g.displayName, g.key ${PAGE} RETURN collect(${GROUP_PROJECTION}) AS rows`,
  /** A role's holders, one grant per account and assignment kind (by displayName, key, kind), through the shortest group chain. */
  holdersOfRoles: `MATCH (r:Role {key: key})
     CALL (r) { MATCH (r)<-[h:HAS_ROLE]-(holder) RETURN holder, h.assignment AS assignment }
     CALL (holder) { MATCH (a:Account)-[:MEMBER_OF*0..${MAX_NESTING}]->(holder) RETURN DISTINCT a }
     WITH DISTINCT r, a, assignment
     ORDER BY a.displayName, a.key, assignment ${PAGE}
     ${SHORTEST_GRANT}
     RETURN collect({roleId: r.key, accountId: a.key, assignment: toUpper(assignment), scope: scope, viaGroupIds: via}) AS rows`,
  /** The security events involving an account, newest first (then by key). */
  eventsOfAccounts: `MATCH (a:Account {key: key})
     CALL (a) { MATCH (e:SecurityEvent)-[:INVOLVES]->(a) RETURN e }
     WITH a, e ORDER BY e.occurredAt DESC, e.key ${PAGE} RETURN collect(${eventProjection('a.key')}) AS rows`,
  /** A group's direct member accounts, by displayName and key. */
  membersOfGroups: `MATCH (g:Group {key: key})
     CALL (g) { MATCH (a:Account)-[:MEMBER_OF]->(g) RETURN a }
     WITH a ORDER BY a.displayName, a.key ${PAGE} RETURN collect(${ACCOUNT_PROJECTION}) AS rows`,
  /** A group's direct member groups (nested groups), by displayName and key. */
  memberGroupsOfGroups: `MATCH (parent:Group {key: key})
     CALL (parent) { MATCH (g:Group)-[:MEMBER_OF]->(parent) RETURN g }
     WITH g ORDER BY g.displayName, g.key ${PAGE} RETURN collect(${GROUP_PROJECTION}) AS rows`,
} as const;

/** The pages of what accounts reach through their groups that a request asks for (null: not asked). */
export interface ReachPages {
  groups: Page | null;
  roles: Page | null;
  applications: Page | null;
}

/** One account's asked pages (a part not asked is empty). */
export interface Reached {
  groups: GroupView[];
  roles: RoleGrantView[];
  applications: ApplicationView[];
}

/**
 * Each part's subquery over `a` and `reached` (the distinct nodes `a` reaches, itself included), cut to its page
 * ($<part>Offset, $<part>First): the groups by displayName and key; one grant per role and assignment kind, by
 * role name, key and kind, through the shortest group chain; the applications by displayName and key.
 */
const REACH_PARTS: Record<keyof ReachPages, string> = {
  groups: `UNWIND reached AS g WITH g WHERE g:Group
     WITH g ORDER BY g.displayName, g.key SKIP $groupsOffset LIMIT $groupsFirst
     RETURN collect(${GROUP_PROJECTION}) AS groups`,
  roles: `UNWIND reached AS holder
     MATCH (holder)-[h:HAS_ROLE]->(r:Role)
     WITH DISTINCT r, h.assignment AS assignment
     ORDER BY ${ROLE_NAME}, r.key, assignment SKIP $rolesOffset LIMIT $rolesFirst
     ${SHORTEST_GRANT}
     RETURN collect({roleId: r.key, accountId: a.key, assignment: toUpper(assignment), scope: scope, viaGroupIds: via}) AS roles`,
  applications: `UNWIND reached AS holder
     MATCH (holder)-[:ASSIGNED_TO]->(app:Application)
     WITH DISTINCT app ORDER BY app.displayName, app.key SKIP $applicationsOffset LIMIT $applicationsFirst
     RETURN collect(${APPLICATION_PROJECTION}) AS applications`,
};

/** The statement of reachedFromAccounts for the asked parts. */
export function reachStatement(pages: ReachPages): string {
  const parts = (Object.keys(REACH_PARTS) as Array<keyof ReachPages>).map((part) =>
    pages[part] ? `CALL (a, reached) { ${REACH_PARTS[part]} }` : `WITH *, [] AS ${part}`,
  );
  return `UNWIND $keys AS key
     MATCH (a:Account {key: key})
     CALL (a) { ${REACHED_FROM_ACCOUNT} RETURN collect(holder) AS reached }
     ${parts.join('\n     ')}
     RETURN key, groups, roles, applications`;
}

/**
 * An account's transitive groups, role grants and applications, the parts asked, in one statement: each
 * account's MEMBER_OF closure is walked once for all three (three statements walked it three times, a third of
 * a nested explorer request's time in Neo4j).
 */
export async function reachedFromAccounts(graph: Graph, accountKeys: Keys, pages: ReachPages): Promise<Reached[]> {
  const params: Record<string, unknown> = { keys: [...accountKeys] };
  for (const part of ['groups', 'roles', 'applications'] as const) {
    const page = pages[part];
    if (!page) continue;
    checkPage(page);
    params[`${part}Offset`] = neo4j.int(page.offset);
    params[`${part}First`] = neo4j.int(page.first);
  }
  const rows = await graph.read<Reached & { key: string }>(reachStatement(pages), params);
  const m = new Map(rows.map((r) => [r.key, r]));
  return accountKeys.map((k) => {
    const r = m.get(k);
    return { groups: r?.groups ?? [], roles: r?.roles ?? [], applications: r?.applications ?? [] };
  });
}

export const accountsOfPeople = (graph: Graph, personIds: Keys, page: Page): Promise<AccountView[][]> =>
  pagePerKey(graph, EDGE_PAGES.accountsOfPeople, personIds, page);
export const directGroupsOfAccounts = (graph: Graph, accountKeys: Keys, page: Page): Promise<GroupView[][]> =>
  pagePerKey(graph, EDGE_PAGES.directGroupsOfAccounts, accountKeys, page);
/** The groups accounts are in, directly or through nested groups, by displayName and key (one part of their reach). */
export const transitiveGroupsOfAccounts = async (graph: Graph, accountKeys: Keys, page: Page): Promise<GroupView[][]> =>
  (await reachedFromAccounts(graph, accountKeys, { groups: page, roles: null, applications: null })).map((r) => r.groups);
/** Accounts' roles, one grant per role and assignment kind (by role name, key, kind), through the shortest group chain. */
export const roleGrantsOfAccounts = async (graph: Graph, accountKeys: Keys, page: Page): Promise<RoleGrantView[][]> =>
  (await reachedFromAccounts(graph, accountKeys, { groups: null, roles: page, applications: null })).map((r) => r.roles);
export const holdersOfRoles = (graph: Graph, roleKeys: Keys, page: Page): Promise<RoleGrantView[][]> =>
  pagePerKey(graph, EDGE_PAGES.holdersOfRoles, roleKeys, page);
/** The applications accounts are assigned to, directly or through a group, by displayName and key. */
export const applicationsOfAccounts = async (graph: Graph, accountKeys: Keys, page: Page): Promise<ApplicationView[][]> =>
  (await reachedFromAccounts(graph, accountKeys, { groups: null, roles: null, applications: page })).map((r) => r.applications);
export const eventsOfAccounts = (graph: Graph, accountKeys: Keys, page: Page): Promise<SecurityEventView[][]> =>
  pagePerKey(graph, EDGE_PAGES.eventsOfAccounts, accountKeys, page);
export const membersOfGroups = (graph: Graph, groupKeys: Keys, page: Page): Promise<AccountView[][]> =>
  pagePerKey(graph, EDGE_PAGES.membersOfGroups, groupKeys, page);
export const memberGroupsOfGroups = (graph: Graph, groupKeys: Keys, page: Page): Promise<GroupView[][]> =>
  pagePerKey(graph, EDGE_PAGES.memberGroupsOfGroups, groupKeys, page);
