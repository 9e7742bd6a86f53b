/** What every resolver gets: the services, the caller's role, per-request loaders and logger. */
import type { ApiRole, Config } from '../config';
import type { Logger } from '../log';
import type { Graph, QueryCounter } from '../neo4j/driver';
import type { IntegrationService } from '../integrations/service';
import type { Loaders } from './loaders';

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
