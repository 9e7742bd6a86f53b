/**
 * One identity-resolution pass: joins accounts into people and keeps person ids stable.
 *
 * Reads every account in one statement, computes the components in memory (a few hundred bytes per
 * account: fine at 200k+), then writes only what changed, in UNWIND batches: person nodes whose
 * properties changed or are new, HAS_ACCOUNT edges whose person or matchedBy changed. People left
 * without accounts are deleted.
 */
import type { Graph } from '../neo4j/driver.js';
import { writeInBatches } from '../neo4j/batch.js';
import type { Source } from '../model/vocabulary.js';
import type { AccountIdentity } from './identity-keys.js';
import { resolveComponents, type Overrides } from './components.js';
import { assignPersonIds } from './person-ids.js';
import { personFacts, sameFacts, type PersonFacts } from './person-facts.js';

/** Rows are small (a key, an id, a few strings): big batches mean fewer commits on a first full pass. */
const WRITE_BATCH = 10_000;

export interface ResolutionResult {
  people: number;
  accounts: number;
}

/** One resolution pass. Callers hold the graph's lock (serialized): resolveIdentities, and the account links. */
export async function resolveNow(graph: Graph): Promise<ResolutionResult> {
  const [accounts, people, overrides] = await Promise.all([readAccounts(graph), readPeople(graph), readOverrides(graph)]);
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
    const before = people.get(id);
    if (isNew || !before || !sameFacts(facts, before)) personRows.push({ id, createdAt: now, props: facts });
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
    WRITE_BATCH,
  );
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
    WRITE_BATCH,
  );
  await graph.writeAutoCommit(
    `MATCH (p:Person) WHERE NOT EXISTS { (p)-[:HAS_ACCOUNT]->(:Account) }
     CALL (p) { DETACH DELETE p } IN TRANSACTIONS OF 5000 ROWS`,
  );
  return { people: components.length, accounts: accounts.length };
}

async function readAccounts(graph: Graph): Promise<AccountIdentity[]> {
  // Columns, not a map per record: a third cheaper to encode and decode at 100k+ rows.
  const rows = await graph.read<Omit<AccountIdentity, 'source'> & { source: string | null }>(
    `MATCH (a:Account)
     OPTIONAL CALL (a) {
       MATCH (p:Person)-[h:HAS_ACCOUNT]->(a)
       WITH p, h ORDER BY p.createdAt, p.id
       RETURN collect(p.id)[0] AS personId,
              // An account held by two people (an interrupted write) must be rewritten: a null matchedBy forces it.
              CASE WHEN count(h) = 1 THEN collect(h.matchedBy)[0] END AS matchedBy
     }
     RETURN a.key AS key, a.source AS source, a.externalId AS externalId, a.loginNorm AS loginNorm,
            a.emailNorm AS emailNorm, a.immutableId AS immutableId, a.o365ImmutableId AS o365ImmutableId,
            a.displayName AS displayName, a.login AS login, a.email AS email, coalesce(a.active, false) AS active,
            a.userType AS userType, a.lastSignInAt AS lastSignInAt, personId, matchedBy`,
  );
  return rows.map((r) => ({ ...r, source: sourceOf(r.source, r.key) }));
}

function sourceOf(value: string | null, key: string): Source {
  if (value === 'ENTRA_ID' || value === 'OKTA') return value;
  return key.startsWith('okta:') ? 'OKTA' : 'ENTRA_ID';
}

type StoredPerson = Partial<PersonFacts> & { createdAt: string | null };

async function readPeople(graph: Graph): Promise<Map<string, StoredPerson>> {
  const rows = await graph.read<{ id: string; p: StoredPerson }>(
    `MATCH (p:Person)
     RETURN p.id AS id, p { .createdAt, .displayName, .sortName, .emails, .confidence, .lastActivityAt, .searchText, .accountCount } AS p`,
  );
  return new Map(rows.map((r) => [r.id, r.p]));
}

async function readOverrides(graph: Graph): Promise<Overrides> {
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
