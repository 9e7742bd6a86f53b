/**
 * Neo4j PROFILE of the sync's hottest write statements (issue 10), on a graph a sync already filled
 * (run bench/profile-sync.ts first, against the same Neo4j): each statement is profiled on one batch of
 * rows read back from the graph, as a first sync writes them (keys new / edges missing) and as a re-sync
 * does (everything exists). Prints the plan's operators with rows and db hits, and the statement's time.
 *
 *   NEO4J_URI=bolt://127.0.0.1:7684 npx tsx bench/profile-writes.ts
 */
import neo4j, { type ProfiledPlan } from 'neo4j-driver';
import { EntraGroupNode, EntraUserNode, FactorNode, HAS_FACTOR, MEMBER_OF, OktaUserNode } from '../src/model/graph.js';
import { mergeRels, upsertNodes, writeFacet, type Write } from '../src/model/writes.js';
import { DEFAULT_BATCH_SIZE } from '../src/neo4j/batch.js';
import { cleanupFor } from '../src/model/cleanup.js';

const uri = process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7684';
const driver = neo4j.driver(uri, undefined, { disableLosslessIntegers: true });
const BATCH = Number(process.env.PROFILE_BATCH ?? DEFAULT_BATCH_SIZE);
const STAMP = { integration: 'profile', source: 'ENTRA_ID', runId: 'profile-run', seenAt: new Date().toISOString(), dataSet: 'profile' };

function flatten(plan: ProfiledPlan, depth = 0, out: string[] = []): string[] {
  const details = typeof plan.arguments.Details === 'string' ? ` ${plan.arguments.Details.slice(0, 90)}` : '';
  out.push(`${'  '.repeat(depth)}${plan.operatorType} rows=${plan.rows} dbHits=${plan.dbHits}${details}`);
  for (const child of plan.children) flatten(child, depth + 1, out);
  return out;
}

function totalHits(plan: ProfiledPlan): number {
  return plan.dbHits + plan.children.reduce((s, c) => s + totalHits(c), 0);
}

async function profile(label: string, write: Write<unknown>, rows: unknown[], showPlan: boolean): Promise<void> {
  const session = driver.session();
  try {
    const t0 = performance.now();
    const res = await session.executeWrite((tx) => tx.run(`PROFILE ${write.cypher}`, { ...STAMP, ...write.params, rows }));
    const ms = performance.now() - t0;
    const plan = res.summary.profile;
    if (!plan) throw new Error('no profile');
    console.log(`${label}: ${rows.length} rows, ${ms.toFixed(0)} ms, ${totalHits(plan)} db hits`);
    if (showPlan) for (const line of flatten(plan)) console.log(`    ${line}`);
  } finally {
    await session.close();
  }
}

async function read<T>(cypher: string): Promise<T[]> {
  const res = await driver.executeQuery(cypher, { n: neo4j.int(BATCH) }, { routing: neo4j.routing.READ });
  return res.records.map((r) => r.toObject() as T);
}

function strip(props: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of names) out[k] = props[k] ?? null;
  return out;
}

async function profileCleanups(): Promise<void> {
  // Cleanup: the part of each statement that finds what to remove, with the last run's id (nothing to remove,
  // as after a sync that saw everything): what a finished data set pays however little it deletes.
  for (const [source, integration, dataSet] of [['ENTRA_ID', 'entra', 'users'], ['ENTRA_ID', 'entra', 'groups'], ['OKTA', 'okta', 'users'], ['OKTA', 'okta', 'groups']] as const) {
    const [last] = await read<{ id: string }>(`MATCH (r:SyncRun {integration: '${integration}'}) RETURN r.id AS id ORDER BY r.startedAt DESC LIMIT 1`);
    for (const statement of cleanupFor(source, dataSet)) {
      const match = statement.cypher.split('\nCALL')[0] ?? statement.cypher;
      const session = driver.session();
      try {
        const t0 = performance.now();
        const res = await session.run(`PROFILE ${match} RETURN count(*) AS n`, { integration, dataSet, runId: last?.id ?? '', retentionDays: 30 });
        const plan = res.summary.profile;
        if (!plan) throw new Error('no profile');
        console.log(`cleanup ${integration} ${dataSet}: ${(performance.now() - t0).toFixed(0)} ms, ${totalHits(plan)} db hits: ${match.replace(/\s+/g, ' ').slice(0, 110)}`);
        for (const line of flatten(plan)) console.log(`    ${line}`);
      } finally {
        await session.close();
      }
    }
  }
}

async function main(): Promise<void> {
  if (process.env.PROFILE_CLEANUP !== '0') await profileCleanups();
  const users = await read<{ key: string; props: Record<string, unknown> }>('MATCH (n:EntraUser) RETURN n.key AS key, properties(n) AS props LIMIT $n');
  if (users.length === 0) throw new Error('the graph has no EntraUser: run bench/profile-sync.ts against this Neo4j first');
  const userRows = users.map((u) => ({ key: u.key, props: strip(u.props, Object.keys(EntraUserNode.props)) }));
  const mfaRows = users.map((u) => ({ key: u.key, props: strip(u.props, Object.keys(EntraUserNode.facets.mfa.props)) }));
  const upsertUsers = upsertNodes(EntraUserNode);

  // Re-sync: every key exists.
  await profile('EntraUser upsert, keys exist (re-sync)', upsertUsers, userRows, true);
  await profile('EntraUser.mfa facet', writeFacet(EntraUserNode, 'mfa'), mfaRows, true);
  // First sync: new keys (written under a profile key, removed afterwards).
  const fresh = userRows.map((r) => ({ ...r, key: `${r.key}:profile` }));
  await profile('EntraUser upsert, keys new (first sync)', upsertUsers, fresh, true);
  await driver.executeQuery("MATCH (n:Account) WHERE n.key ENDS WITH ':profile' AND n.integration = 'profile' DETACH DELETE n");

  const members = await read<{ from: string; to: string }>('MATCH (a:EntraUser)-[:MEMBER_OF]->(g:Group) RETURN a.key AS from, g.key AS to LIMIT $n');
  const memberRows = members.map((m) => ({ ...m, props: {} }));
  const memberOf = mergeRels(MEMBER_OF, { from: EntraUserNode, to: EntraGroupNode });
  await profile('MEMBER_OF(EntraUser→EntraGroup), edges exist', memberOf, memberRows, true);
  await driver.executeQuery('UNWIND $rows AS row MATCH (:Account {key: row.from})-[r:MEMBER_OF]->(:Group {key: row.to}) DELETE r', { rows: memberRows });
  await profile('MEMBER_OF(EntraUser→EntraGroup), edges new', memberOf, memberRows, false);

  const factors = await read<{ user: string; key: string; props: Record<string, unknown> }>(
    'MATCH (u:OktaUser)-[:HAS_FACTOR]->(f:Factor) RETURN u.key AS user, f.key AS key, properties(f) AS props LIMIT $n',
  );
  if (factors.length > 0) {
    await profile('Factor upsert, keys exist', upsertNodes(FactorNode), factors.map((f) => ({ key: f.key, props: strip(f.props, Object.keys(FactorNode.props)) })), true);
    await profile('HAS_FACTOR, edges exist', mergeRels(HAS_FACTOR, { from: OktaUserNode, to: FactorNode }), factors.map((f) => ({ from: f.user, to: f.key, props: {} })), true);
  }

}

try {
  await main();
} finally {
  await driver.close();
}
