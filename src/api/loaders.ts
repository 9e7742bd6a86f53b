/**
 * Per-request DataLoaders: every edge an explorer query walks is fetched for all parents at once, so a
 * request costs a constant number of Cypher round trips whatever its list sizes.
 */
import DataLoader from 'dataloader';
import type { Graph } from '../neo4j/driver.js';
import {
  ACCOUNT_PROJECTION, APPLICATION_PROJECTION, PERSON_PROJECTION,
  type AccountView, type ApplicationView, type PersonView, type SecurityEventView,
} from '../twin/views.js';
import type { Source } from '../model/vocabulary.js';

export interface GroupView {
  id: string;
  source: Source;
  externalId: string;
  displayName: string;
  groupType: string | null;
  memberCount: number | null;
}

export interface RoleView {
  id: string;
  source: Source;
  name: string;
  roleKey: string;
  tier0: boolean;
  privileged: boolean;
}

export interface RoleGrantView {
  roleId: string;
  accountId: string;
  assignment: 'ACTIVE' | 'ELIGIBLE';
  scope: string | null;
  /** Group keys from the account's group to the group holding the role; empty when direct. */
  via: string[];
}

const GROUP_PROJECTION = `g { id: g.key, .source, .externalId, displayName: coalesce(g.displayName, ''), .groupType, .memberCount }`;
const ROLE_PROJECTION = `r { id: r.key, .source, name: coalesce(r.name, r.roleKey), .roleKey, tier0: coalesce(r.tier0, false), privileged: coalesce(r.privileged, true) }`;
/** Projection of a SecurityEvent (alias `e`); `accountExpr` is the Cypher for the involved account's key. */
export function eventProjection(accountExpr: string): string {
  return `e { id: e.key, .source, .severity, .occurredAt, kind: coalesce(e.kind, ''), .ipAddress, .location, .device, accountId: ${accountExpr} }`;
}

/** Longest group chain walked when resolving transitive membership (cycles are possible in Entra). */
const MAX_NESTING = 10;

type KeyedRows<T> = Array<{ key: string; rows: T[] }>;

function byKey<T>(keys: readonly string[], result: KeyedRows<T>): T[][] {
  const m = new Map(result.map((r) => [r.key, r.rows]));
  return keys.map((k) => m.get(k) ?? []);
}

function one<T>(keys: readonly string[], result: Array<{ key: string; row: T | null }>): Array<T | null> {
  const m = new Map(result.map((r) => [r.key, r.row]));
  return keys.map((k) => m.get(k) ?? null);
}

export function createLoaders(graph: Graph) {
  const list = <T>(cypher: string) =>
    new DataLoader<string, T[]>(async (keys) => byKey(keys, await graph.read<{ key: string; rows: T[] }>(cypher, { keys: [...keys] })));
  const single = <T>(cypher: string) =>
    new DataLoader<string, T | null>(async (keys) => one(keys, await graph.read<{ key: string; row: T | null }>(cypher, { keys: [...keys] })));

  return {
    account: single<AccountView>(`UNWIND $keys AS key OPTIONAL MATCH (a:Account {key: key}) RETURN key, CASE WHEN a IS NULL THEN null ELSE ${ACCOUNT_PROJECTION} END AS row`),
    person: single<PersonView>(`UNWIND $keys AS key OPTIONAL MATCH (p:Person {id: key}) RETURN key, CASE WHEN p IS NULL THEN null ELSE ${PERSON_PROJECTION} END AS row`),
    group: single<GroupView>(`UNWIND $keys AS key OPTIONAL MATCH (g:Group {key: key}) RETURN key, CASE WHEN g IS NULL THEN null ELSE ${GROUP_PROJECTION} END AS row`),
    role: single<RoleView>(`UNWIND $keys AS key OPTIONAL MATCH (r:Role {key: key}) RETURN key, CASE WHEN r IS NULL THEN null ELSE ${ROLE_PROJECTION} END AS row`),
    personOfAccount: single<PersonView>(
      `UNWIND $keys AS key OPTIONAL MATCH (p:Person)-[:HAS_ACCOUNT]->(:Account {key: key})
       RETURN key, CASE WHEN p IS NULL THEN null ELSE ${PERSON_PROJECTION} END AS row`,
    ),
    accountsOfPerson: list<AccountView>(
      `UNWIND $keys AS key MATCH (:Person {id: key})-[:HAS_ACCOUNT]->(a:Account)
       WITH key, a ORDER BY a.source, a.login, a.key
       RETURN key, collect(${ACCOUNT_PROJECTION}) AS rows`,
    ),
    directGroups: list<GroupView>(
      `UNWIND $keys AS key MATCH (:Account {key: key})-[:MEMBER_OF]->(g:Group)
       WITH key, g ORDER BY g.displayName, g.key RETURN key, collect(${GROUP_PROJECTION}) AS rows`,
    ),
    transitiveGroups: list<GroupView>(
      `UNWIND $keys AS key MATCH (:Account {key: key})-[:MEMBER_OF*1..${MAX_NESTING}]->(g:Group)
       WITH DISTINCT key, g ORDER BY g.displayName, g.key RETURN key, collect(${GROUP_PROJECTION}) AS rows`,
    ),
    roleGrantsOfAccount: list<RoleGrantView>(
      `UNWIND $keys AS key MATCH path = (a:Account {key: key})-[:MEMBER_OF*0..${MAX_NESTING}]->(holder)-[h:HAS_ROLE]->(r:Role)
       WITH key, a, r, h, [n IN nodes(path)[1..-1] | n.key] AS via
       ORDER BY r.name, size(via)
       WITH key, r, h.assignment AS assignment, collect({scope: h.scope, via: via})[0] AS best
       RETURN key, collect({roleId: r.key, accountId: key, assignment: toUpper(assignment), scope: best.scope, via: best.via}) AS rows`,
    ),
    roleHolders: list<RoleGrantView>(
      `UNWIND $keys AS key MATCH path = (a:Account)-[:MEMBER_OF*0..${MAX_NESTING}]->(holder)-[h:HAS_ROLE]->(r:Role {key: key})
       WITH key, a, h, [n IN nodes(path)[1..-1] | n.key] AS via ORDER BY a.displayName, a.key, size(via)
       WITH key, a, h.assignment AS assignment, collect({scope: h.scope, via: via})[0] AS best
       RETURN key, collect({roleId: key, accountId: a.key, assignment: toUpper(assignment), scope: best.scope, via: best.via}) AS rows`,
    ),
    applicationsOfAccount: list<ApplicationView>(
      `UNWIND $keys AS key MATCH (a:Account {key: key})-[:MEMBER_OF*0..${MAX_NESTING}]->()-[:ASSIGNED_TO]->(app:Application)
       WITH DISTINCT key, app ORDER BY app.displayName, app.key RETURN key, collect(${APPLICATION_PROJECTION}) AS rows`,
    ),
    eventsOfAccount: list<SecurityEventView>(
      `UNWIND $keys AS key MATCH (e:SecurityEvent)-[:INVOLVES]->(:Account {key: key})
       WITH key, e ORDER BY e.occurredAt DESC, e.key
       RETURN key, collect(${eventProjection('key')})[0..100] AS rows`,
    ),
    accountOfEvent: single<AccountView>(
      `UNWIND $keys AS key OPTIONAL MATCH (:SecurityEvent {key: key})-[:INVOLVES]->(a:Account)
       RETURN key, CASE WHEN a IS NULL THEN null ELSE ${ACCOUNT_PROJECTION} END AS row`,
    ),
    groupMembers: list<AccountView>(
      `UNWIND $keys AS key MATCH (a:Account)-[:MEMBER_OF]->(:Group {key: key})
       WITH key, a ORDER BY a.displayName, a.key RETURN key, collect(${ACCOUNT_PROJECTION}) AS rows`,
    ),
    groupMemberGroups: list<GroupView>(
      `UNWIND $keys AS key MATCH (g:Group)-[:MEMBER_OF]->(:Group {key: key})
       WITH key, g ORDER BY g.displayName, g.key RETURN key, collect(${GROUP_PROJECTION}) AS rows`,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
