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
  type AccountView, type ApplicationView, type GroupView, type PersonView, type RoleGrantView, type RoleView,
  type SecurityEventView,
} from './views.js';
import { ROLE_NAME } from './cypher.js';

/** Longest group chain walked when resolving transitive membership (cycles are possible in Entra). */
const MAX_NESTING = 10;

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

/** The people after the cursor (sortName then id); `$afterName`/`$afterId` are '' on the first page. */
const PEOPLE_AFTER = `p.sortName >= $afterName AND (p.sortName > $afterName OR p.id > $afterId)`;

/**
 * Rows `p` of a page (in order) to the page: each person's view and sort key, and, when asked, its accounts in
 * the order accountsOfPeople gives them, so an explorer query that walks people's accounts saves that round trip.
 */
function pageOfPeople(withAccounts: boolean): string {
  const accounts = withAccounts
    ? `CALL (p) {
         MATCH (p)-[:HAS_ACCOUNT]->(a:Account) WITH a ORDER BY a.source, a.login, a.key
         RETURN collect(${ACCOUNT_PROJECTION}) AS accounts
       }`
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
  /** Its accounts, when the read was asked for them (accountsOfPeople's order), else null. */
  accounts: AccountView[] | null;
}

/** People ordered by sortName then id; `search` matches names, emails, UPNs and logins, case-insensitively. */
export async function peoplePage(
  graph: Graph,
  q: { search: string | null | undefined; first: number; after: After; withAccounts?: boolean },
): Promise<Paged<PersonRow>> {
  const { needle, none } = searchNeedle(q.search);
  if (none) return pageOf(0, [], q.first);
  const rows = await graph.read<{ total: number; page: PersonRow[] }>(peopleStatement(needle !== null, q.withAccounts ?? false), {
    needle,
    afterName: String(q.after?.[0] ?? ''),
    afterId: String(q.after?.[1] ?? ''),
    limit: neo4j.int(q.first + 1),
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

/** A list (maybe empty) per key, in the order of the keys. */
async function listPerKey<T>(graph: Graph, cypher: string, keys: Keys): Promise<T[][]> {
  const rows = await graph.read<{ key: string; rows: T[] }>(cypher, { keys: [...keys] });
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

/** Each person's accounts, by source, login and key. */
export function accountsOfPeople(graph: Graph, personIds: Keys): Promise<AccountView[][]> {
  return listPerKey(
    graph,
    `UNWIND $keys AS key MATCH (:Person {id: key})-[:HAS_ACCOUNT]->(a:Account)
     WITH key, a ORDER BY a.source, a.login, a.key
     RETURN key, collect(${ACCOUNT_PROJECTION}) AS rows`,
    personIds,
  );
}

/** The groups each account is a direct member of, by displayName and key. */
export function directGroupsOfAccounts(graph: Graph, accountKeys: Keys): Promise<GroupView[][]> {
  return listPerKey(
    graph,
    `UNWIND $keys AS key MATCH (:Account {key: key})-[:MEMBER_OF]->(g:Group)
     WITH key, g ORDER BY g.displayName, g.key RETURN key, collect(${GROUP_PROJECTION}) AS rows`,
    accountKeys,
  );
}

/** The groups each account is in, directly or through nested groups, by displayName and key. */
export function transitiveGroupsOfAccounts(graph: Graph, accountKeys: Keys): Promise<GroupView[][]> {
  return listPerKey(
    graph,
    `UNWIND $keys AS key MATCH (:Account {key: key})-[:MEMBER_OF*1..${MAX_NESTING}]->(g:Group)
     WITH DISTINCT key, g ORDER BY g.displayName, g.key RETURN key, collect(${GROUP_PROJECTION}) AS rows`,
    accountKeys,
  );
}

/** Each account's roles, one grant per role and assignment kind, through the shortest group chain. */
export function roleGrantsOfAccounts(graph: Graph, accountKeys: Keys): Promise<RoleGrantView[][]> {
  return listPerKey(
    graph,
    `UNWIND $keys AS key MATCH path = (a:Account {key: key})-[:MEMBER_OF*0..${MAX_NESTING}]->(holder)-[h:HAS_ROLE]->(r:Role)
     WITH key, a, r, h, [n IN nodes(path)[1..-1] | n.key] AS via
     ORDER BY ${ROLE_NAME}, size(via)
     WITH key, r, h.assignment AS assignment, collect({scope: h.scope, via: via})[0] AS best
     RETURN key, collect({roleId: r.key, accountId: key, assignment: toUpper(assignment), scope: best.scope, viaGroupIds: best.via}) AS rows`,
    accountKeys,
  );
}

/** Each role's holders, one grant per account and assignment kind, through the shortest group chain. */
export function holdersOfRoles(graph: Graph, roleKeys: Keys): Promise<RoleGrantView[][]> {
  return listPerKey(
    graph,
    `UNWIND $keys AS key MATCH path = (a:Account)-[:MEMBER_OF*0..${MAX_NESTING}]->(holder)-[h:HAS_ROLE]->(r:Role {key: key})
     WITH key, a, h, [n IN nodes(path)[1..-1] | n.key] AS via ORDER BY a.displayName, a.key, size(via)
     WITH key, a, h.assignment AS assignment, collect({scope: h.scope, via: via})[0] AS best
     RETURN key, collect({roleId: key, accountId: a.key, assignment: toUpper(assignment), scope: best.scope, viaGroupIds: best.via}) AS rows`,
    roleKeys,
  );
}

/** The applications each account is assigned to, directly or through a group. */
export function applicationsOfAccounts(graph: Graph, accountKeys: Keys): Promise<ApplicationView[][]> {
  return listPerKey(
    graph,
    `UNWIND $keys AS key MATCH (a:Account {key: key})-[:MEMBER_OF*0..${MAX_NESTING}]->()-[:ASSIGNED_TO]->(app:Application)
     WITH DISTINCT key, app ORDER BY app.displayName, app.key RETURN key, collect(${APPLICATION_PROJECTION}) AS rows`,
    accountKeys,
  );
}

/** The latest 100 security events involving each account, newest first. */
export function eventsOfAccounts(graph: Graph, accountKeys: Keys): Promise<SecurityEventView[][]> {
  return listPerKey(
    graph,
    `UNWIND $keys AS key MATCH (e:SecurityEvent)-[:INVOLVES]->(:Account {key: key})
     WITH key, e ORDER BY e.occurredAt DESC, e.key
     RETURN key, collect(${eventProjection('key')})[0..100] AS rows`,
    accountKeys,
  );
}

/** Each group's direct member accounts. */
export function membersOfGroups(graph: Graph, groupKeys: Keys): Promise<AccountView[][]> {
  return listPerKey(
    graph,
    `UNWIND $keys AS key MATCH (a:Account)-[:MEMBER_OF]->(:Group {key: key})
     WITH key, a ORDER BY a.displayName, a.key RETURN key, collect(${ACCOUNT_PROJECTION}) AS rows`,
    groupKeys,
  );
}

/** Each group's direct member groups (nested groups). */
export function memberGroupsOfGroups(graph: Graph, groupKeys: Keys): Promise<GroupView[][]> {
  return listPerKey(
    graph,
    `UNWIND $keys AS key MATCH (g:Group)-[:MEMBER_OF]->(:Group {key: key})
     WITH key, g ORDER BY g.displayName, g.key RETURN key, collect(${GROUP_PROJECTION}) AS rows`,
    groupKeys,
  );
}
