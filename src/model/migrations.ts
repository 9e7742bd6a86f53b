/**
 * Constraints and indexes, compiled from the declarations and created idempotently at start-up (after the
 * indexes of earlier releases that are no longer declared are dropped).
 * Constraints come first so every MERGE on a key hits a unique index; then range indexes (`indexes`) and
 * TEXT indexes (`textIndexes`, named `<label>_<prop>_text`: substring search). Declarations that share a keyed
 * label (EntraUserNode and OktaUserNode on Account) share its constraint and indexes: each is created once.
 */
import type { Graph } from '../neo4j/driver.js';
import { keyedLabel } from './declare.js';
import { NODES } from './graph.js';

function schemaName(label: string, props: readonly string[]): string {
  return `${label}_${props.join('_')}`.toLowerCase();
}

function compile(): string[] {
  const constraints = new Map<string, string>();
  const indexes = new Map<string, string>();
  for (const n of NODES) {
    const label = keyedLabel(n);
    for (const prop of n.unique) {
      const name = schemaName(label, [prop]);
      constraints.set(name, `CREATE CONSTRAINT ${name} IF NOT EXISTS FOR (n:${label}) REQUIRE n.${prop} IS UNIQUE`);
    }
    for (const props of n.indexes) {
      const name = schemaName(label, props);
      indexes.set(name, `CREATE INDEX ${name} IF NOT EXISTS FOR (n:${label}) ON (${props.map((p) => `n.${p}`).join(', ')})`);
    }
    for (const prop of n.textIndexes) {
      const name = `${schemaName(label, [prop])}_text`;
      indexes.set(name, `CREATE TEXT INDEX ${name} IF NOT EXISTS FOR (n:${label}) ON (n.${prop})`);
    }
  }
  return [...constraints.values(), ...indexes.values()];
}

/**
 * Indexes earlier releases created and this one no longer declares, dropped at start-up. The composite
 * (integration, runId) indexes held the stamp every full sync rewrites on every node it sees, and the range
 * index grew with each rewrite, to about 8 KB per account after a benchmark's syncs (447 MiB of a 697 MiB store
 * at 30,000 people, 4.4 GiB of 6.8 GiB at 300,000; 252 MiB in all without it). Cleanup seeks the integration
 * and reads the stamp from the node instead.
 */
export const RETIRED_INDEXES: readonly string[] = ['account_integration_runid', 'group_integration_runid', 'application_integration_runid'];

export const MIGRATIONS: readonly string[] = [...RETIRED_INDEXES.map((name) => `DROP INDEX ${name} IF EXISTS`), ...compile()];

/**
 * Replicas starting together on an empty Neo4j race these statements: IF NOT EXISTS does not stop a
 * concurrent CREATE of the same index from failing ("an equivalent index already exists"), or a
 * constraint's index from colliding with one being built. Such a statement is tried again: by then the
 * other replica's index exists and IF NOT EXISTS makes it a no-op.
 */
const RACE = /already exists|EquivalentSchemaRule|IndexAlreadyExists|ConstraintAlreadyExists|ConstraintWithNameAlreadyExists/i;
const ATTEMPTS = 5;

async function tolerant(graph: Graph, statement: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await graph.write(statement);
      return;
    } catch (err) {
      const text = err instanceof Error ? `${err.message} ${'code' in err ? String(err.code) : ''}` : String(err);
      if (!RACE.test(text) || attempt >= ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

export async function migrate(graph: Graph): Promise<void> {
  for (const statement of MIGRATIONS) await tolerant(graph, statement);
  await graph.write('CALL db.awaitIndexes(300)');
}
