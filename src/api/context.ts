/** What every resolver gets: the services, the caller's role, per-request loaders and logger. */
import type { ApiRole, Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Graph, QueryCounter } from '../neo4j/driver.js';
import type { IntegrationService } from '../integrations/service.js';
import type { Loaders } from './loaders.js';

export interface Services {
  config: Config;
  log: Logger;
  graph: Graph;
  integrations: IntegrationService;
}

export interface RequestContext {
  services: Services;
  role: ApiRole;
  requestId: string;
  log: Logger;
  loaders: Loaders;
  queries: QueryCounter;
}
