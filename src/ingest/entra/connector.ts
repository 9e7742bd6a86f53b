/**
 * The Entra ID connector: validates what the admin typed, tests the stored credentials, and opens sync
 * sessions whose data sets run in the order users, mfa, groups, roles, policies, signIns, apps (each
 * later one links to what the earlier ones loaded).
 */
import type { ConnectorDeps, EntraConfigInput, EntraSyncOptions, IntegrationConnector, StoredIntegration } from '../connector.js';
import type { ConnectionTestResult } from '../types.js';
import type { ConnectorSession, DataSet } from '../data-set.js';
import { appsDataSet } from './apps.js';
import { testEntraConnection } from './connection-test.js';
import { groupsDataSet } from './groups.js';
import { mfaDataSet } from './mfa.js';
import { withAdvice, type EntraDataSetName } from './permissions.js';
import { policiesDataSet } from './policies.js';
import { rolesDataSet } from './roles.js';
import { EntraSession, type EntraSessionOptions } from './session.js';
import { signInsDataSet } from './sign-ins.js';
import { usersDataSet } from './users.js';
import { validateEntraConfig } from './validate.js';

export type EntraConnectorOptions = EntraSessionOptions;

/** The data sets the options ask for, in the order they must run. */
export function entraDataSets(session: EntraSession, options: EntraSyncOptions): DataSet[] {
  const sets: DataSet[] = [];
  if (options.syncUsers) sets.push(usersDataSet(session), mfaDataSet(session));
  if (options.syncGroups) sets.push(groupsDataSet(session));
  if (options.syncRoles) sets.push(rolesDataSet(session));
  if (options.syncPolicies) sets.push(policiesDataSet(session));
  if (options.syncSignIns) sets.push(signInsDataSet(session, options.hoursBack));
  if (options.syncApps) sets.push(appsDataSet(session));
  return sets;
}

/** Shows throttling waits on the running data set and adds what to do to Graph's refusals. */
function instrument(ds: DataSet, session: EntraSession, onLast: (() => Promise<void>) | undefined): DataSet {
  return {
    name: ds.name,
    cleanup: ds.cleanup,
    async run(ctx) {
      session.progress = (text) => ctx.progress(text);
      try {
        await ds.run(ctx);
      } catch (err) {
        throw withAdvice(ds.name as EntraDataSetName, err);
      } finally {
        session.progress = undefined;
        // Cleanup runs on Neo4j only: the last data set's HTTP connections can go now.
        await onLast?.();
      }
    },
  };
}

export function openEntraSession(
  deps: ConnectorDeps,
  stored: StoredIntegration,
  credentials: Record<string, string>,
  opts: EntraConnectorOptions = {},
): EntraSession {
  return new EntraSession(
    {
      config: deps.config,
      log: deps.log,
      extraCaPem: deps.extraCaPem,
      tenant: stored.tenant,
      clientId: stored.clientId ?? '',
      clientSecret: credentials.clientSecret,
    },
    opts,
  );
}

export function createEntraConnector(
  deps: ConnectorDeps,
  opts: EntraConnectorOptions = {},
): IntegrationConnector<EntraSyncOptions, EntraConfigInput> {
  return {
    source: 'ENTRA_ID',
    validate: validateEntraConfig,

    async testConnection(stored, credentials): Promise<ConnectionTestResult> {
      const session = openEntraSession(deps, stored, credentials, opts);
      try {
        return await testEntraConnection(session);
      } finally {
        await session.close();
      }
    },

    session(stored, credentials, options): ConnectorSession {
      const session = openEntraSession(deps, stored, credentials, opts);
      return {
        async authenticate(signal) {
          try {
            await session.authenticate(signal);
          } catch (err) {
            await session.close();
            throw err;
          }
        },
        dataSets() {
          const sets = entraDataSets(session, options);
          if (sets.length === 0) void session.close();
          return sets.map((ds, i) => instrument(ds, session, i === sets.length - 1 ? () => session.close() : undefined));
        },
        close: () => session.close(),
      };
    },
  };
}
