/**
 * The Okta connector: validate what the admin typed, test the stored credential, and open a sync
 * session (session.ts) that runs the enabled data sets.
 */
import type { ConnectorDeps, IntegrationConnector, OktaConfigValues, OktaSyncOptions, StoredIntegration } from '../connector.js';
import type { ConnectionTestResult } from '../types.js';
import type { ConnectorSession } from '../data-set.js';
import type { RetryPolicy } from '../http.js';
import { testOktaOrg } from './connection-test.js';
import { openOktaOrg, type OktaOrg } from './org-session.js';
import { scopesFor, OKTA_DATA_SETS } from './access.js';
import { OktaSession } from './session.js';
import { validateOktaConfig } from './validate.js';

export function createOktaConnector(
  deps: ConnectorDeps,
  opts: { retry?: Partial<RetryPolicy> } = {},
): IntegrationConnector<OktaSyncOptions, OktaConfigValues> {
  const open = (stored: StoredIntegration, credentials: Record<string, string>, scopes: readonly string[]): OktaOrg =>
    openOktaOrg(deps, stored, credentials, { scopes, ...(opts.retry ? { retry: opts.retry } : {}) });
  return {
    source: 'OKTA',
    validate: validateOktaConfig,
    async testConnection(stored: StoredIntegration, credentials: Record<string, string>): Promise<ConnectionTestResult> {
      const org = open(stored, credentials, scopesFor(OKTA_DATA_SETS));
      try {
        return await testOktaOrg(org);
      } finally {
        await org.http.close();
      }
    },
    session(stored: StoredIntegration, credentials: Record<string, string>, options: OktaSyncOptions): ConnectorSession {
      return new OktaSession((scopes) => open(stored, credentials, scopes), options);
    },
  };
}
