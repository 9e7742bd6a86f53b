/**
 * One identity-resolution pass: joins accounts into people and keeps person ids stable.
 *
 * Reads the accounts (all of them, or a closed scope: enrich-scope.ts), computes the components in memory
 * (a few hundred bytes per account: fine at 200k+), then writes only what changed, in UNWIND batches: person
 * nodes whose properties changed or are new, HAS_ACCOUNT edges whose person or matchedBy changed. People
 * left without accounts are deleted.
 *
 * A scope is closed when every account sharing a join key, a person or an analyst's link with one of its
 * accounts is in it: its components and the persons they came from are then exactly what a whole pass
 * computes for them, and nothing outside it changes.
 */
import type { Graph } from '../neo4j/driver.js';
import { writeInBatches } from '../neo4j/batch.js';
import { accountSource, type AccountIdentity } from './identity-keys.js';
import { resolveComponents, type Overrides } from './components.js';
import { assignPersonIds } from './person-ids.js';
import { personFacts, sameFacts, type PersonFacts } from './person-facts.js';

/**
 * Rows are small (a key, an id, a few strings): big batches mean fewer commits on a first full pass. Two at a
 * time: each batch's rows touch their own nodes (one row per person; edges grouped by person), so the two
 * transactions run on Neo4j's cores side by side.
 */
const WRITES = { batchSize: 10_000, parallel: 2 };

export interface ResolutionResult {
  /** People resolved: all of them, or the scope's. */
  people: number;
  accounts: number;
}

export interface ResolutionPass extends ResolutionResult {
  /** Ids of the people this pass deleted (left without accounts): only listed for a scoped pass. */
  removed: string[];
  /** Ids of the people it resolved: one per component of its accounts. */
  personIds: string[];
}

/** What a scoped pass resolves: a closed set of accounts, and people that may have lost accounts besides theirs. */
export interface ResolutionScope {
  accountKeys: readonly string[];
  personIds: readonly string[];
}

/**
 * One resolution pass, over every account or over a closed scope. Callers hold the graph's lock (serialized):
 * resolveIdentities, the account links and enrichAfterSync.
 */
export async function resolveNow(graph: Graph, scope: ResolutionScope | null = null): Promise<ResolutionPass> {
  const [{ accounts, alsoHeldBy }, overrides] = await Promise.all([readAccounts(graph, scope?.accountKeys ?? null), readOverrides(graph)]);
  const before = new Set<string>([...(scope?.personIds ?? []), ...alsoHeldBy]);
  for (const a of accounts) if (a.personId !== null) before.add(a.personId);
  const people = await readPeople(graph, scope ? [...before] : null);
  const components = resolveComponents(accounts, overrides);
  const createdAt = new Map([...people].map(([id, p]) => [id, p.createdAt]));
  const ids = assignPersonIds(
    components.map((c) => ({
      accountKeys: c.members.map((i) => (accounts[i] as AccountIdentity).key).sort(),
      previousIds: c.members.map((i) => (accounts[i] as AccountIdentity).personId),
      forcedOut: c.forcedOut,
    })),
    createdAt,
  );

  const now = new Date().toISOString();
  const personRows: Array<{ id: string; createdAt: string; props: PersonFacts }> = [];
  const edgeRows: Array<{ key: string; personId: string; matchedBy: string }> = [];
  components.forEach((c, ci) => {
    const { id, isNew } = ids[ci] as { id: string; isNew: boolean };
    const members = c.members.map((i) => accounts[i] as AccountIdentity);
    const facts = personFacts(members, c.confidence);
    const stored = people.get(id);
    if (isNew || !stored || !sameFacts(facts, stored)) personRows.push({ id, createdAt: now, props: facts });
    members.forEach((a, mi) => {
      const matchedBy = c.matchedBy[mi] as string;
      if (a.personId !== id || a.matchedBy !== matchedBy) edgeRows.push({ key: a.key, personId: id, matchedBy });
    });
  });

  // Person nodes first, so the edge statement can MATCH them.
  await writeInBatches(
    graph,
    `UNWIND $rows AS row
     MERGE (p:Person {id: row.id})
       ON CREATE SET p.key = row.id, p.createdAt = row.createdAt
     SET p += row.props`,
    personRows,
    {},
    WRITES,
  );
  // By person, so a person's edges are in one batch (two batches locking the same person would wait on each other).
  edgeRows.sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
  await writeInBatches(
    graph,
    `UNWIND $rows AS row
     MATCH (a:Account {key: row.key})
     MATCH (p:Person {id: row.personId})
     CALL (a, p) {
       MATCH (other:Person)-[old:HAS_ACCOUNT]->(a) WHERE other <> p
       DELETE old
     }
     MERGE (p)-[h:HAS_ACCOUNT]->(a)
     SET h.matchedBy = row.matchedBy`,
    edgeRows,
    {},
    WRITES,
  );
  // A person given to a component keeps accounts; only the others may be left without any.
  const kept = new Set(ids.map((i) => i.id));
  const removed = scope ? await removeEmptyPeople(graph, [...before].filter((id) => !kept.has(id))) : await removeAllEmptyPeople(graph);
  return { people: components.length, accounts: accounts.length, removed, personIds: ids.map((i) => i.id) };
}

/**
 * Deletes every person without accounts (a whole pass; a pass in batches runs it first, as no batch reads a
 * person without accounts). Their findings go with the next refresh (a whole one, or deleteOrphanFindings).
 */
export async function removeAllEmptyPeople(graph: Graph): Promise<string[]> {
  await graph.writeAutoCommit(
    `MATCH (p:Person) WHERE NOT EXISTS { (p)-[:HAS_ACCOUNT]->(:Account) }
     CALL (p) { DETACH DELETE p } IN TRANSACTIONS OF 5000 ROWS`,
  );
  return [];
}

/** Deletes those of these people left without accounts; returns their ids. */
async function removeEmptyPeople(graph: Graph, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await graph.write<{ id: string }>(
    `UNWIND $ids AS id
     MATCH (p:Person {id: id}) WHERE NOT EXISTS { (p)-[:HAS_ACCOUNT]->(:Account) }
     DETACH DELETE p
     RETURN id`,
    { ids: [...ids] },
  );
  return rows.map((r) => r.id);
}

/**
 * The accounts, and the people besides its first that hold one of them (an interrupted write): the pass moves
 * the account to one person, and those others may be left without accounts.
 */
async function readAccounts(graph: Graph, keys: readonly string[] | null): Promise<{ accounts: AccountIdentity[]; alsoHeldBy: string[] }> {
  // Columns, not a map per record: a third cheaper to encode and decode at 100k+ rows.
  // Streamed: at 100k+ accounts, holding the driver's records beside the rows doubled this pass's memory.
  const accounts: AccountIdentity[] = [];
  const alsoHeldBy: string[] = [];
  await graph.readEach<Omit<AccountIdentity, 'source'> & { source: string | null; others: string[] }>(
    `${keys ? 'UNWIND $keys AS key MATCH (a:Account {key: key})' : 'MATCH (a:Account)'}
     OPTIONAL CALL (a) {
       MATCH (p:Person)-[h:HAS_ACCOUNT]->(a)
       WITH p, h ORDER BY p.createdAt, p.id
       RETURN collect(p.id)[0] AS personId,
              // An account held by two people (an interrupted write) must be rewritten: a null matchedBy forces it.
              CASE WHEN count(h) = 1 THEN collect(h.matchedBy)[0] END AS matchedBy,
              collect(p.id)[1..] AS others
     }
     RETURN a.key AS key, a.source AS source, a.externalId AS externalId, a.loginNorm AS loginNorm,
            a.emailNorm AS emailNorm, a.immutableId AS immutableId, a.o365ImmutableId AS o365ImmutableId,
            a.displayName AS displayName, a.login AS login, a.email AS email, coalesce(a.active, false) AS active,
            a.userType AS userType, a.lastSignInAt AS lastSignInAt, personId, matchedBy, coalesce(others, []) AS others`,
    { keys: keys ? [...keys] : null },
    (r) => {
      // A literal, not a spread of the record: copying records was a large share of this read at 500k rows.
      accounts.push({
        key: r.key, source: accountSource(r.source, r.key), externalId: r.externalId, loginNorm: r.loginNorm, emailNorm: r.emailNorm,
        immutableId: r.immutableId, o365ImmutableId: r.o365ImmutableId, displayName: r.displayName, login: r.login, email: r.email,
        active: r.active, userType: r.userType, lastSignInAt: r.lastSignInAt, personId: r.personId, matchedBy: r.matchedBy,
      });
      if (r.others.length > 0) alsoHeldBy.push(...r.others);
    },
  );
  return { accounts, alsoHeldBy };
}

type StoredPerson = Partial<PersonFacts> & { createdAt: string | null };

async function readPeople(graph: Graph, ids: readonly string[] | null): Promise<Map<string, StoredPerson>> {
  const rows = await graph.read<{ id: string; p: StoredPerson }>(
    `${ids ? 'UNWIND $ids AS id MATCH (p:Person {id: id})' : 'MATCH (p:Person)'}
     RETURN p.id AS id, p { .createdAt, .displayName, .sortName, .emails, .confidence, .lastActivityAt, .searchText, .accountCount } AS p`,
    { ids: ids ? [...ids] : null },
  );
  return new Map(rows.map((r) => [r.id, r.p]));
}

export async function readOverrides(graph: Graph): Promise<Overrides> {
  const rows = await graph.read<{ kind: string; accountKeys: string[] }>(
    `MATCH (l:AccountLink) RETURN l.kind AS kind, coalesce(l.accountKeys, []) AS accountKeys ORDER BY l.createdAt, l.key`,
  );
  const links: string[][] = [];
  const unlinked = new Set<string>();
  for (const r of rows) {
    if (r.kind === 'link') links.push(r.accountKeys);
    else if (r.kind === 'unlink') for (const k of r.accountKeys) unlinked.add(k);
  }
  return { links, unlinked };
}
