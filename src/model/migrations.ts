/**
 * Constraints and indexes, created idempotently at startup. Constraints come first so every MERGE in
 * the loaders hits a unique index.
 */
import type { Graph } from '../neo4j/driver.js';

const KEYED_LABELS = [
  'Integration', 'Account', 'Group', 'Role', 'Application', 'ConditionalAccessPolicy', 'Factor',
  'SecurityEvent', 'Person', 'OktaPolicy',
] as const;

export const MIGRATIONS: string[] = [
  ...KEYED_LABELS.map(
    (l) => `CREATE CONSTRAINT ${l.toLowerCase()}_key IF NOT EXISTS FOR (n:${l}) REQUIRE n.key IS UNIQUE`,
  ),
  'CREATE CONSTRAINT syncrun_id IF NOT EXISTS FOR (n:SyncRun) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT integrationconfig_source IF NOT EXISTS FOR (n:IntegrationConfig) REQUIRE n.source IS UNIQUE',
  'CREATE CONSTRAINT accountlink_key IF NOT EXISTS FOR (n:AccountLink) REQUIRE n.key IS UNIQUE',
  'CREATE INDEX account_integration IF NOT EXISTS FOR (n:Account) ON (n.integration, n.runId)',
  'CREATE INDEX account_external IF NOT EXISTS FOR (n:Account) ON (n.source, n.externalId)',
  'CREATE INDEX account_login IF NOT EXISTS FOR (n:Account) ON (n.loginNorm)',
  'CREATE INDEX account_email IF NOT EXISTS FOR (n:Account) ON (n.emailNorm)',
  'CREATE INDEX account_immutable IF NOT EXISTS FOR (n:Account) ON (n.immutableId)',
  'CREATE INDEX group_integration IF NOT EXISTS FOR (n:Group) ON (n.integration, n.runId)',
  'CREATE INDEX role_integration IF NOT EXISTS FOR (n:Role) ON (n.integration)',
  'CREATE INDEX app_integration IF NOT EXISTS FOR (n:Application) ON (n.integration, n.runId)',
  'CREATE INDEX app_external IF NOT EXISTS FOR (n:Application) ON (n.source, n.externalId)',
  'CREATE INDEX event_time IF NOT EXISTS FOR (n:SecurityEvent) ON (n.occurredAt)',
  'CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.sortName)',
  'CREATE INDEX syncrun_integration IF NOT EXISTS FOR (n:SyncRun) ON (n.integration, n.startedAt)',
  'CREATE INDEX snapshot_time IF NOT EXISTS FOR (n:PostureSnapshot) ON (n.asOf)',
];

export async function migrate(graph: Graph): Promise<void> {
  for (const statement of MIGRATIONS) await graph.write(statement);
  await graph.write('CALL db.awaitIndexes(300)');
}
