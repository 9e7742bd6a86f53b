/**
 * Seeds the graph exactly in the docs/architecture.md model, the way the connectors write it, so twin
 * queries can be tested without running a sync. Keys are namespaced like the connectors' keys.
 */
import type { Graph } from '../../src/neo4j/driver.js';
import {
  entraRoleClass, normalizeAppName, normalizeIdentifier, oktaRoleClass, type PolicyState, type Source,
} from '../../src/model/vocabulary.js';

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const ORG = 'acme.okta.com';
export const GA = '62e90394-69f5-4237-9190-012177145e10';
export const PRIV_ROLE_ADMIN = 'e8611ab8-c189-46e8-94e1-60213ab1f814';
export const GLOBAL_READER = 'f2ef992c-3afb-46b9-b7cf-a126ee74c451';
export const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

export const entraKey = (id: string): string => `entra:${TENANT}:${id}`;
export const oktaKey = (id: string): string => `okta:${ORG}:${id}`;
export const entraRoleKey = (templateId: string): string => `entra:${TENANT}:role:${templateId}`;
export const oktaRoleKey = (type: string): string => `okta:${ORG}:role:${type}`;
export const spKey = (id: string): string => `entra:${TENANT}:sp:${id}`;
export const appRegKey = (id: string): string => `entra:${TENANT}:app:${id}`;
export const oktaAppKey = (id: string): string => `okta:${ORG}:app:${id}`;
export const policyKey = (id: string): string => `entra:${TENANT}:ca:${id}`;

type Props = Record<string, unknown>;
const STAMP = { runId: 'seed-run', seenAt: '2025-01-01T00:00:00.000Z' };

export async function createNodes(graph: Graph, labels: string, rows: Props[]): Promise<void> {
  if (rows.length === 0) return;
  await graph.write(`UNWIND $rows AS row CREATE (n:${labels}) SET n = row`, { rows: rows.map((r) => ({ ...STAMP, ...r })) });
}

export async function createEdges(graph: Graph, type: string, rows: Array<{ from: string; to: string; props?: Props }>): Promise<void> {
  if (rows.length === 0) return;
  await graph.write(
    `UNWIND $rows AS row
     MATCH (a {key: row.from}) MATCH (b {key: row.to})
     CREATE (a)-[r:${type}]->(b) SET r = row.props`,
    { rows: rows.map((r) => ({ from: r.from, to: r.to, props: { ...STAMP, ...(r.props ?? {}) } })) },
  );
}

export interface EntraUserSeed {
  id: string;
  upn: string;
  displayName?: string;
  mail?: string | null;
  enabled?: boolean;
  userType?: 'Member' | 'Guest';
  createdAt?: string | null;
  lastSignInAt?: string | null;
  immutableId?: string | null;
  mfaRegistered?: boolean;
  mfaMethods?: string[];
}

export function entraUserProps(u: EntraUserSeed): Props {
  const enabled = u.enabled ?? true;
  const userType = u.userType ?? 'Member';
  return {
    key: entraKey(u.id),
    integration: 'entra',
    source: 'ENTRA_ID',
    externalId: u.id,
    displayName: u.displayName ?? u.upn,
    login: u.upn,
    loginNorm: u.upn.includes('#EXT#') ? null : normalizeIdentifier(u.upn),
    email: u.mail ?? null,
    emailNorm: normalizeIdentifier(u.mail ?? null),
    active: enabled && userType === 'Member',
    enabled,
    status: enabled ? 'Enabled' : 'Disabled',
    userType,
    createdAt: u.createdAt === undefined ? '2024-01-01T00:00:00.000Z' : u.createdAt,
    lastSignInAt: u.lastSignInAt === undefined ? null : u.lastSignInAt,
    immutableId: u.immutableId ?? null,
    mfaRegistered: u.mfaRegistered ?? false,
    mfaMethods: u.mfaMethods ?? [],
  };
}

export async function seedEntraUsers(graph: Graph, users: EntraUserSeed[]): Promise<void> {
  await createNodes(graph, 'Account:EntraUser', users.map(entraUserProps));
}

export interface OktaUserSeed {
  id: string;
  login: string;
  email?: string | null;
  displayName?: string;
  status?: string;
  createdAt?: string | null;
  lastSignInAt?: string | null;
  o365ImmutableId?: string | null;
  mfaRegistered?: boolean;
  mfaMethods?: string[];
}

const OKTA_ACTIVE = new Set(['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY']);

export function oktaUserProps(u: OktaUserSeed): Props {
  const status = u.status ?? 'ACTIVE';
  return {
    key: oktaKey(u.id),
    integration: 'okta',
    source: 'OKTA',
    externalId: u.id,
    displayName: u.displayName ?? u.login,
    login: u.login,
    loginNorm: normalizeIdentifier(u.login),
    email: u.email === undefined ? u.login : u.email,
    emailNorm: normalizeIdentifier(u.email === undefined ? u.login : u.email),
    active: OKTA_ACTIVE.has(status),
    status,
    userType: 'Member',
    createdAt: u.createdAt === undefined ? '2024-01-01T00:00:00.000Z' : u.createdAt,
    lastSignInAt: u.lastSignInAt === undefined ? null : u.lastSignInAt,
    o365ImmutableId: u.o365ImmutableId ?? null,
    mfaRegistered: u.mfaRegistered ?? false,
    mfaMethods: u.mfaMethods ?? [],
  };
}

export async function seedOktaUsers(graph: Graph, users: OktaUserSeed[]): Promise<void> {
  await createNodes(graph, 'Account:OktaUser', users.map(oktaUserProps));
}

export async function seedGroups(graph: Graph, groups: Array<{ key: string; name: string }>): Promise<void> {
  await createNodes(
    graph,
    'Group',
    groups.map((g) => ({
      key: g.key,
      integration: g.key.startsWith('okta:') ? 'okta' : 'entra',
      source: g.key.startsWith('okta:') ? 'OKTA' : 'ENTRA_ID',
      externalId: g.key.split(':').pop(),
      displayName: g.name,
    })),
  );
}

/** [member key, group key] pairs: accounts, groups or service principals into groups. */
export async function seedMemberships(graph: Graph, pairs: Array<[string, string]>): Promise<void> {
  await createEdges(graph, 'MEMBER_OF', pairs.map(([from, to]) => ({ from, to, props: { dataSet: 'groups' } })));
}

export async function seedEntraRoles(graph: Graph, roles: Array<{ templateId: string; name: string }>): Promise<void> {
  await createNodes(
    graph,
    'Role',
    roles.map((r) => ({
      key: entraRoleKey(r.templateId),
      integration: 'entra',
      source: 'ENTRA_ID',
      roleKey: r.templateId,
      name: r.name,
      ...entraRoleClass(r.templateId),
    })),
  );
}

/** Okta roles as the connector stores them: named by the assignment's label; custom roles keyed by their id. */
export async function seedOktaRoles(graph: Graph, roles: Array<string | { customId: string; label: string }>): Promise<void> {
  await createNodes(
    graph,
    'Role',
    roles.map((r) => {
      const roleKey = typeof r === 'string' ? r : r.customId;
      const name = typeof r === 'string' ? OKTA_LABELS[r] ?? r : r.label;
      return { key: oktaRoleKey(roleKey), integration: 'okta', source: 'OKTA', roleKey, name, ...oktaRoleClass(typeof r === 'string' ? r : 'CUSTOM') };
    }),
  );
}

const OKTA_LABELS: Record<string, string> = {
  SUPER_ADMIN: 'Super Organization Administrator',
  ORG_ADMIN: 'Organization Administrator',
  READ_ONLY_ADMIN: 'Read-only Administrator',
};

export async function seedRoleAssignments(
  graph: Graph,
  rows: Array<{ holder: string; role: string; assignment?: 'active' | 'eligible'; scope?: string }>,
): Promise<void> {
  await createEdges(
    graph,
    'HAS_ROLE',
    rows.map((r, i) => ({
      from: r.holder,
      to: r.role,
      props: { assignment: r.assignment ?? 'active', scope: r.scope ?? '/', assignmentId: `as-${i}`, dataSet: 'roles' },
    })),
  );
}

export interface PolicySeed {
  id: string;
  name?: string;
  state?: PolicyState;
  grantControls?: string[];
  includeAllUsers?: boolean;
  includeAllApps?: boolean;
  hasRiskCondition?: boolean;
  clientAppTypes?: string[];
  includes?: string[];
  excludes?: string[];
}

export async function seedPolicies(graph: Graph, policies: PolicySeed[]): Promise<void> {
  await createNodes(
    graph,
    'ConditionalAccessPolicy',
    policies.map((p) => {
      const grant = p.grantControls ?? ['mfa'];
      return {
        key: policyKey(p.id),
        integration: 'entra',
        source: 'ENTRA_ID',
        externalId: p.id,
        displayName: p.name ?? p.id,
        state: p.state ?? 'ENABLED',
        grantControls: grant,
        requiresMfa: grant.includes('mfa') || grant.includes('authenticationStrength'),
        blocks: grant.includes('block'),
        includeAllUsers: p.includeAllUsers ?? false,
        includeAllApps: p.includeAllApps ?? true,
        hasRiskCondition: p.hasRiskCondition ?? false,
        clientAppTypes: p.clientAppTypes ?? ['all'],
      };
    }),
  );
  await createEdges(graph, 'INCLUDES', policies.flatMap((p) => (p.includes ?? []).map((to) => ({ from: policyKey(p.id), to, props: { dataSet: 'policies' } }))));
  await createEdges(graph, 'EXCLUDES', policies.flatMap((p) => (p.excludes ?? []).map((to) => ({ from: policyKey(p.id), to, props: { dataSet: 'policies' } }))));
}

export interface ServicePrincipalSeed {
  id: string;
  appId?: string;
  name: string;
  type?: string;
  passwordSso?: boolean;
  signOnHosts?: string[];
  graphAppPermissions?: string[];
  delegatedPermissions?: string[];
}

export async function seedServicePrincipals(graph: Graph, sps: ServicePrincipalSeed[]): Promise<void> {
  await createNodes(
    graph,
    'Application:ServicePrincipal',
    sps.map((s) => ({
      key: spKey(s.id),
      integration: 'entra',
      source: 'ENTRA_ID',
      externalId: s.appId ?? `app-${s.id}`,
      objectId: s.id,
      displayName: s.name,
      nameNorm: normalizeAppName(s.name),
      servicePrincipalType: s.type ?? 'Application',
      preferredSingleSignOnMode: s.passwordSso ? 'password' : null,
      passwordSso: s.passwordSso ?? false,
      signOnHosts: s.signOnHosts ?? [],
      appPermissions: s.graphAppPermissions ?? [],
      graphAppPermissions: s.graphAppPermissions ?? [],
      delegatedPermissions: s.delegatedPermissions ?? [],
      permissions: [...(s.graphAppPermissions ?? []), ...(s.delegatedPermissions ?? [])].sort(),
    })),
  );
}

export async function seedAppRegistrations(graph: Graph, apps: Array<{ id: string; name: string }>): Promise<void> {
  await createNodes(
    graph,
    'Application:EntraAppRegistration',
    apps.map((a) => ({
      key: appRegKey(a.id),
      integration: 'entra',
      source: 'ENTRA_ID',
      externalId: `app-${a.id}`,
      displayName: a.name,
      nameNorm: normalizeAppName(a.name),
      signOnHosts: [],
    })),
  );
}

export interface OktaAppSeed {
  id: string;
  label: string;
  name?: string;
  status?: string;
  signOnMode?: string;
  signOnHosts?: string[];
}

const PASSWORD_MODES = new Set(['BROWSER_PLUGIN', 'AUTO_LOGIN', 'SECURE_PASSWORD_STORE', 'BASIC_AUTH']);

export async function seedOktaApps(graph: Graph, apps: OktaAppSeed[]): Promise<void> {
  await createNodes(
    graph,
    'Application:OktaApp',
    apps.map((a) => ({
      key: oktaAppKey(a.id),
      integration: 'okta',
      source: 'OKTA',
      externalId: a.id,
      displayName: a.label,
      name: a.name ?? a.label.toLowerCase().replace(/\W/g, '_'),
      nameNorm: normalizeAppName(a.label),
      status: a.status ?? 'ACTIVE',
      signOnMode: a.signOnMode ?? 'SAML_2_0',
      passwordSso: PASSWORD_MODES.has(a.signOnMode ?? 'SAML_2_0'),
      signOnHosts: a.signOnHosts ?? [],
      permissions: [],
    })),
  );
}

export async function seedEvents(
  graph: Graph,
  events: Array<{ key: string; source: Source; severity: string | null; account?: string; occurredAt?: string; kind?: string }>,
): Promise<void> {
  await createNodes(
    graph,
    'SecurityEvent',
    events.map((e) => ({
      key: e.key,
      integration: e.source === 'OKTA' ? 'okta' : 'entra',
      source: e.source,
      externalId: e.key,
      severity: e.severity,
      occurredAt: e.occurredAt ?? '2025-01-01T00:00:00.000Z',
      kind: e.kind ?? 'unfamiliarFeatures',
    })),
  );
  await createEdges(graph, 'INVOLVES', events.flatMap((e) => (e.account ? [{ from: e.key, to: e.account }] : [])));
}

/** ISO date `days` days before `now`. */
export function daysAgo(days: number, now: Date = new Date()): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}
