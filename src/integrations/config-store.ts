/**
 * Stored integration settings. Credentials are sealed before they reach Neo4j and are only opened
 * inside a connector; no query or log ever sees them.
 */
import type { Graph } from '../neo4j/driver.js';
import type { SecretBox } from '../secrets/cipher.js';
import { INTEGRATION_ID, type Source } from '../model/vocabulary.js';
import type { StoredIntegration } from '../ingest/connector.js';

export type { StoredIntegration };


export class IntegrationConfigStore {
  constructor(
    private readonly graph: Graph,
    private readonly box: SecretBox,
  ) {}

  async save(
    source: Source,
    input: { tenant: string; clientId: string | null; settings: Record<string, string>; credentials: Record<string, string> },
  ): Promise<void> {
    const sealed = this.box.seal(JSON.stringify(input.credentials), `${source}:credentials`);
    await this.graph.write(
      // Another tenant or app registration: the saved change cursors describe someone else's directory,
      // so the next sync of every data set reads whole.
      `MERGE (c:IntegrationConfig {source: $source})
       WITH c, c.tenant IS NULL OR c.tenant <> $tenant OR coalesce(c.clientId, '') <> coalesce($clientId, '') AS moved
       SET c.tenant = $tenant, c.clientId = $clientId, c.settings = $settings,
           c.credentials = $sealed, c.configuredAt = $now
       WITH moved
       OPTIONAL MATCH (k:SyncCursor {integration: $integration}) WHERE moved
       DETACH DELETE k`,
      {
        source,
        integration: INTEGRATION_ID[source],
        tenant: input.tenant,
        clientId: input.clientId,
        settings: JSON.stringify(input.settings),
        sealed,
        now: new Date().toISOString(),
      },
    );
  }

  async get(source: Source): Promise<StoredIntegration | null> {
    const rows = await this.graph.read<{
      c: { tenant: string | null; clientId: string | null; settings: string | null; configuredAt: string | null; credentialSet: boolean } | null;
    }>(
      `OPTIONAL MATCH (c:IntegrationConfig {source: $source})
       RETURN CASE WHEN c IS NULL THEN null ELSE c { .tenant, .clientId, .settings, .configuredAt, credentialSet: c.credentials IS NOT NULL } END AS c`,
      { source },
    );
    const c = rows[0]?.c;
    if (!c) return null;
    return {
      source,
      tenant: String(c.tenant),
      clientId: c.clientId ?? null,
      settings: JSON.parse(String(c.settings ?? '{}')) as Record<string, string>,
      credentialSet: c.credentialSet === true,
      configuredAt: String(c.configuredAt),
    };
  }

  /** Opens the sealed credentials: for connectors only. */
  async credentials(source: Source): Promise<Record<string, string> | null> {
    const rows = await this.graph.read<{ sealed: string | null }>(
      'OPTIONAL MATCH (c:IntegrationConfig {source: $source}) RETURN c.credentials AS sealed',
      { source },
    );
    const sealed = rows[0]?.sealed;
    if (!sealed) return null;
    return JSON.parse(this.box.open(sealed, `${source}:credentials`)) as Record<string, string>;
  }

  /**
   * Re-seals credentials stored under a previous encryption key with the current one (key rotation:
   * TWIN_ENCRYPTION_KEY_PREVIOUS). Returns the integrations re-sealed; never logs or returns a value.
   */
  async reseal(): Promise<Source[]> {
    const rows = await this.graph.read<{ source: Source; sealed: string }>(
      'MATCH (c:IntegrationConfig) WHERE c.credentials IS NOT NULL RETURN c.source AS source, c.credentials AS sealed',
    );
    const done: Source[] = [];
    for (const { source, sealed } of rows) {
      if (!this.box.isStale(sealed)) continue;
      const context = `${source}:credentials`;
      let fresh: string;
      try {
        fresh = this.box.seal(this.box.open(sealed, context), context);
      } catch {
        // Neither the current nor a previous key opens it: leave it; using it says what to do.
        continue;
      }
      // Only if nobody re-configured it meanwhile (another replica, an admin): compare-and-set on the old value.
      await this.graph.write(
        'MATCH (c:IntegrationConfig {source: $source}) WHERE c.credentials = $sealed SET c.credentials = $fresh',
        { source, sealed, fresh },
      );
      done.push(source);
    }
    return done;
  }
}
