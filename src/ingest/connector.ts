/**
 * What the API needs from a connector: validate what the admin typed, test the stored credentials,
 * and open a sync session. Both connectors implement it; the API and the runner never see provider details.
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Graph } from '../neo4j/driver.js';
import type { ConnectorSession } from './data-set.js';
import type { ConnectionTestResult } from './types.js';
import type { Source } from '../model/vocabulary.js';

/** What the configure mutations stored for an integration (credentials are sealed apart). */
export interface StoredIntegration {
  source: Source;
  tenant: string;
  clientId: string | null;
  /** Non-secret settings (e.g. Okta keyId, credential kind). */
  settings: Record<string, string>;
  credentialSet: boolean;
  configuredAt: string;
}

export interface ValidatedConfig {
  /** Entra: tenant id or verified domain. Okta: the normalized org URL. */
  tenant: string;
  clientId: string | null;
  /** Non-secret settings kept in clear (e.g. Okta keyId, credential kind). */
  settings: Record<string, string>;
  /** Secrets; sealed before storage, never returned. */
  credentials: Record<string, string>;
}

export interface ConnectorDeps {
  config: Config;
  log: Logger;
  graph: Graph;
  /** Extra CA PEM for outbound TLS (TWIN_TLS_CA_FILE or an injected test CA). */
  extraCaPem: string | undefined;
}

export interface IntegrationConnector<Options extends object, Input extends object> {
  readonly source: Source;
  /** Throws TwinError BAD_USER_INPUT naming the field. */
  validate(input: Input): ValidatedConfig;
  testConnection(stored: StoredIntegration, credentials: Record<string, string>): Promise<ConnectionTestResult>;
  session(stored: StoredIntegration, credentials: Record<string, string>, options: Options): ConnectorSession;
}

export interface EntraSyncOptions {
  syncUsers: boolean;
  syncGroups: boolean;
  syncRoles: boolean;
  syncSignIns: boolean;
  syncPolicies: boolean;
  syncApps: boolean;
  hoursBack: number;
}

export interface EntraConfigValues {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface OktaSyncOptions {
  syncUsers: boolean;
  syncGroups: boolean;
  syncRoles: boolean;
  syncApps: boolean;
  syncLogs: boolean;
  syncPolicies: boolean;
  hoursBack: number;
}

export interface OktaConfigValues {
  orgUrl: string;
  apiToken?: string | null;
  clientId?: string | null;
  privateKey?: string | null;
  keyId?: string | null;
}
