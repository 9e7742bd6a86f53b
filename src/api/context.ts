/** What every resolver gets: the services, the caller's role, per-request loaders and logger. */
import type { ApiRole, Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Graph, QueryCounter } from '../neo4j/driver.js';
import type { IntegrationService } from '../integrations/service.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Loaders } from './loaders.js';

export interface Services {
  config: Config;
  log: Logger;
  graph: Graph;
  integrations: IntegrationService;
  audit: AuditLog;
}

export interface RequestContext {
  services: Services;
  role: ApiRole;
  /** The API key's name (never the key): logs and audit records say who did what. */
  keyName: string;
  requestId: string;
  log: Logger;
  loaders: Loaders;
  queries: QueryCounter;
}
