/**
 * The posture, materialised. After every sync (enrich.ts, after identity resolution) and after an analyst's
 * linkAccounts / unlinkAccounts, this pass computes what identityPosture answers and writes what changed:
 *
 * - on every account (facet `posture`): its order name, the date staleness is measured from (`staleSince`,
 *   so "stale after N days" is a range read on an index at query time), Global Admin, privileged and tier-0
 *   held actively, phishing-resistant MFA, and what it adds to the tenant-wide counts (`countedAs`,
 *   posture-accounts.ts);
 * - on every person (facet `posture`): MFA gap and role conflict kinds, accounts (active) in each IdP;
 * - one (:PostureFinding) per item of every paged posture list, whose `sort` is the list's contract order,
 *   so a page is an index-ordered range read (`list`, `bucket`, `sort`);
 * - one (:PostureSummary) with the numbers that do not depend on the request (counts, small sections).
 *
 * Memory per transaction is bounded by design: the reads stream (the database aggregates only counts and the
 * role holders), the computation is in this process, and every write is a batch of at most WRITE_BATCH rows in
 * its own transaction. Only what changed is written, so an unchanged tenant costs the reads alone.
 *
 * After a sync that changed few accounts (enrich.ts), the refresh is scoped: it reads the people of the
 * accounts the sync changed and of every role holder, before and after, and recomputes their facts and
 * findings; the lists that do not grow with the tenant (role holders, applications) are recomputed whole, and
 * the tenant-wide counts are counted in the database (posture-accounts.ts). The result is the one a whole
 * refresh gives: a person's facts depend only on its own accounts and on the role holders.
 */
import { randomUUID } from 'node:crypto';
import type { Graph } from '../neo4j/driver.js';
import { writeInBatches } from '../neo4j/batch.js';
import {
  ENTRA_READ_ONLY, ENTRA_TIER0, GLOBAL_ADMIN_TEMPLATE_ID, MFA_GAP_KINDS, OKTA_READ_ONLY, OKTA_TIER0, ROLE_CONFLICT_KINDS,
  normalizeAppName, type MfaGapKind, type RoleConflictKind, type Source,
} from '../model/vocabulary.js';
import {
  APPLICATION_PROJECTION, type AccountTotalsView, type AccountView, type ApplicationView,
  type ConditionalAccessPostureView, type CrossIdpPostureView, type MfaCoverageView, type PersonView, type RoleHoldersView, type SecurityEventSummaryView,
} from './views.js';
import { ROLE_NAME, byAccountOrder } from './cypher.js';
import { phishingResistantGap, roleConflicts, type RoleHold } from './privilege-rules.js';
import { countedAs, readTenantCounts } from './posture-accounts.js';
import { conditionalAccessPosture } from './posture-conditional-access.js';
import { securityEventSummary } from './posture-events.js';
import { ssoFindings, type SsoApp } from './sso.js';

/** Bump when what is materialised changes: a summary of another version is rewritten before it is read. */
export const FACTS_VERSION = 2;
const WRITE_BATCH = 5000;
const SEP = '\u0000';

export type FindingList = 'globalAdmin' | 'roleHolder' | 'highPrivilegeApp' | 'mfaGap' | 'roleConflict' | 'ssoOverlap' | 'ssoGap';
/** The bucket of a whole list (the other buckets are a kind or a role). */
export const ALL = '*';

/** A role with holders, as IdentityPosture.roles shows it; `roleId` is the node key its holders page by. */
export type RoleHeadline = RoleHoldersView;

/** What identityPosture reads in one statement: everything that does not depend on the request. */
export interface PostureNumbers {
  people: number;
  accounts: AccountTotalsView[];
  mfa: MfaCoverageView[];
  globalAdminCount: number;
  privilegedAccounts: number;
  roles: RoleHeadline[];
  conditionalAccess: ConditionalAccessPostureView;
  securityEvents: SecurityEventSummaryView;
  applications: { entraApplications: number; entraServicePrincipals: number; oktaApps: number; highPrivilegeAppCount: number };
  crossIdp: CrossIdpPostureView;
}

interface Finding {
  key: string;
  props: {
    list: FindingList;
    bucket: string;
    sort: string;
    kind: string | null;
    subject: string;
    accountKeys: string[];
    roles: string[];
    active: boolean;
    hash: string;
  };
}

function finding(list: FindingList, bucket: string, sort: readonly string[], subject: string, extra: { kind?: string; accountKeys?: string[]; roles?: string[]; active?: boolean } = {}): Finding {
  const body = {
    list,
    bucket,
    sort: sort.join(SEP),
    kind: extra.kind ?? null,
    subject,
    accountKeys: extra.accountKeys ?? [],
    roles: extra.roles ?? [],
    active: extra.active ?? false,
  };
  const key = `${list}:${bucket}:${subject}${extra.kind !== undefined && bucket === ALL ? `:${extra.kind}` : ''}`;
  return { key, props: { ...body, hash: JSON.stringify(body) } };
}

/** Fixed-width position of a kind in its enum, so the kind sorts in enum order inside the sort string. */
const rank = (i: number): string => String(i).padStart(2, '0');

interface AccountFacts {
  orderName: string;
  staleSince: string | null;
  countedAs: string;
  globalAdmin: boolean;
  privilegedActive: boolean;
  tier0Active: boolean;
  phishingResistantMfa: boolean;
}

interface PersonPostureFacts {
  mfaGapKinds: MfaGapKind[];
  roleConflictKinds: RoleConflictKind[];
  inEntra: boolean;
  inOkta: boolean;
  activeInEntra: boolean;
  activeInOkta: boolean;
}

interface AccountRow {
  account: AccountView;
  stored: Partial<AccountFacts>;
  person: { view: PersonView; stored: Partial<PersonPostureFacts> } | null;
}

export interface HoldRow {
  roleId: string;
  source: Source;
  role: string | null;
  roleKey: string | null;
  tier0: boolean | null;
  privileged: boolean | null;
  accountId: string;
  active: boolean;
}

const PHISHING_RESISTANT = new Set(['FIDO2', 'WINDOWS_HELLO']);

/** Graph's null, "" and 0001-01-01 mean never (cypher.ts isDate). */
function isDate(v: string | null): v is string {
  return v !== null && v !== '' && !v.startsWith('0001-01-01');
}

/**
 * The contract's StaleAccounts rule as one date per active account: stale after N days exactly when this is
 * before now - N days. The last sign-in if there is one; if never, the creation date; if none, '' (before
 * every cutoff). Null for inactive accounts: never stale.
 */
export function staleSince(a: Pick<AccountView, 'active' | 'lastSignInAt' | 'createdAt'>): string | null {
  if (!a.active) return null;
  if (isDate(a.lastSignInAt)) return a.lastSignInAt;
  return isDate(a.createdAt) ? a.createdAt : '';
}

/** The lists whose findings are about one person (subject = person id); the others are recomputed whole. */
const PERSON_LISTS: readonly FindingList[] = ['mfaGap', 'roleConflict'];
const OTHER_LISTS: readonly FindingList[] = ['globalAdmin', 'roleHolder', 'highPrivilegeApp', 'ssoOverlap', 'ssoGap'];

/** What a scoped refresh recomputes: the accounts a sync (and identity resolution) changed, the people it removed. */
export interface FactsScope {
  accountKeys: readonly string[];
  removedPersonIds: readonly string[];
  /**
   * A batch of a whole pass (enrich-pass.ts): exactly these people, the ones resolution just gave the accounts.
   * The lists recomputed whole (role holders, applications) are left to the pass's last batch, which reads every
   * role holder's people.
   */
  batchPeople?: readonly string[];
}

/** Every role holder (active or PIM-eligible) with the role's class; bounded by the role holdings, not the tenant. */
async function readHolds(graph: Graph): Promise<HoldRow[]> {
  return graph.read<HoldRow>(
    `MATCH (r:Role)
     MATCH (r)<-[h:HAS_ROLE]-()<-[:MEMBER_OF*0..]-(a:Account)
     WHERE h.assignment IN ['active', 'eligible']
     WITH r, a, collect(DISTINCT h.assignment) AS how
     RETURN r.key AS roleId, r.source AS source, ${ROLE_NAME} AS role, r.roleKey AS roleKey, r.tier0 AS tier0,
            r.privileged AS privileged, a.key AS accountId, 'active' IN how AS active`,
  );
}

/**
 * Every account with its person (streamed; one row per account) and the facts stored last time. Columns, not
 * maps, and of the person only what the facts need (its id and name; its stored facts come once per person):
 * this read is most of the refresh's time on an unchanged tenant.
 *
 * A batch of a whole pass (`batch`) reads its people's accounts straight: resolution just gave each of them
 * exactly one person, so neither the first-person lookup nor a separate read of the people is needed; their
 * stored facts come with the rows.
 */
async function readAccounts(graph: Graph, personIds: readonly string[] | null, batch = false): Promise<AccountRow[]> {
  type Columns = Omit<AccountView, 'id' | 'mfaMethods'> & {
    id: string;
    mfaMethods: AccountView['mfaMethods'] | null;
    personId: string | null;
    personName: string | null;
    personStored?: Partial<PersonPostureFacts>;
    orderName: string | null;
    staleSince: string | null;
    countedAs: string | null;
    globalAdmin: boolean | null;
    privilegedActive: boolean | null;
    tier0Active: boolean | null;
    phishingResistantMfa: boolean | null;
  };
  const STORED_PERSON = 'p { .mfaGapKinds, .roleConflictKinds, .inEntra, .inOkta, .activeInEntra, .activeInOkta }';
  const people = batch
    ? []
    : await graph.read<{ id: string; stored: Partial<PersonPostureFacts> }>(
        `${personIds ? 'UNWIND $ids AS id MATCH (p:Person {id: id})' : 'MATCH (p:Person)'}
         RETURN p.id AS id, ${STORED_PERSON} AS stored`,
        { ids: personIds ? [...personIds] : null },
      );
  const storedPeople = new Map(people.map((p) => [p.id, p.stored]));
  // One view per person, shared by its accounts. Only the id and the name take part in the facts (order and
  // findings); the rest is read with each page.
  const views = new Map<string, NonNullable<AccountRow['person']>>();
  const personOf = (id: string, name: string, stored: Partial<PersonPostureFacts> | undefined): NonNullable<AccountRow['person']> => {
    let view = views.get(id);
    if (!view) {
      view = { view: { id, displayName: name, emails: [], confidence: 'INFERRED', lastActivityAt: null }, stored: stored ?? storedPeople.get(id) ?? {} };
      views.set(id, view);
    }
    return view;
  };
  const from = batch
    ? 'UNWIND $ids AS id MATCH (p:Person {id: id})-[:HAS_ACCOUNT]->(a:Account)'
    : `${personIds ? 'UNWIND $ids AS id MATCH (:Person {id: id})-[:HAS_ACCOUNT]->(a:Account) WITH DISTINCT a' : 'MATCH (a:Account)'}
       OPTIONAL CALL (a) {
         MATCH (p:Person)-[:HAS_ACCOUNT]->(a)
         RETURN p ORDER BY p.createdAt, p.id LIMIT 1
       }`;
  const rows: AccountRow[] = [];
  // Streamed, each record turned into its row as it arrives (graph.readEach).
  await graph.readEach<Columns>(
      `${from}
       RETURN a.key AS id, a.source AS source, a.externalId AS externalId, coalesce(a.displayName, a.login, '') AS displayName,
              coalesce(a.login, '') AS login, a.email AS email, coalesce(a.active, false) AS active, coalesce(a.status, '') AS status,
              coalesce(a.userType, 'Member') AS userType, a.createdAt AS createdAt, a.lastSignInAt AS lastSignInAt,
              coalesce(a.mfaRegistered, false) AS mfaRegistered, a.mfaMethods AS mfaMethods,
              p.id AS personId, coalesce(p.displayName, '') AS personName,
              a.orderName AS orderName, a.staleSince AS staleSince, a.countedAs AS countedAs, a.globalAdmin AS globalAdmin, a.privilegedActive AS privilegedActive,
              a.tier0Active AS tier0Active, a.phishingResistantMfa AS phishingResistantMfa${batch ? `, ${STORED_PERSON} AS personStored` : ''}`,
    { ids: personIds ? [...personIds] : null },
    (r) => {
      const stored: Partial<AccountFacts> = {};
      if (r.orderName !== null) stored.orderName = r.orderName;
      stored.staleSince = r.staleSince;
      if (r.countedAs !== null) stored.countedAs = r.countedAs;
      if (r.globalAdmin !== null) stored.globalAdmin = r.globalAdmin;
      if (r.privilegedActive !== null) stored.privilegedActive = r.privilegedActive;
      if (r.tier0Active !== null) stored.tier0Active = r.tier0Active;
      if (r.phishingResistantMfa !== null) stored.phishingResistantMfa = r.phishingResistantMfa;
      // A literal, not a rest-spread of the record: copying records was a large share of this read at 500k rows.
      const account: AccountView = {
        id: r.id, source: r.source, externalId: r.externalId, displayName: r.displayName, login: r.login, email: r.email,
        active: r.active, status: r.status, userType: r.userType, createdAt: r.createdAt, lastSignInAt: r.lastSignInAt,
        mfaRegistered: r.mfaRegistered, mfaMethods: r.mfaMethods ?? [],
      };
      rows.push({ account, stored, person: r.personId === null ? null : personOf(r.personId, r.personName ?? '', r.personStored) });
    },
  );
  return rows;
}

async function readApps(graph: Graph): Promise<{ sso: SsoApp[]; highPrivilege: ApplicationView[]; counts: { entraApplications: number; entraServicePrincipals: number; oktaApps: number } }> {
  const [sso, highPrivilege, counts] = await Promise.all([
    graph.read<{ app: ApplicationView; nameNorm: string | null; hosts: string[] | null; passwordSso: boolean | null }>(
      `MATCH (app:Application) WHERE app:ServicePrincipal OR app:OktaApp
       RETURN ${APPLICATION_PROJECTION} AS app, app.nameNorm AS nameNorm, app.signOnHosts AS hosts, app.passwordSso AS passwordSso`,
    ),
    graph.read<{ app: ApplicationView }>(
      // Contract: a Microsoft Graph *application* permission whose value contains ReadWrite.
      `MATCH (app:ServicePrincipal) WHERE any(v IN coalesce(app.graphAppPermissions, []) WHERE v CONTAINS 'ReadWrite')
       RETURN ${APPLICATION_PROJECTION} AS app`,
    ),
    graph.read<{ entraApplications: number; entraServicePrincipals: number; oktaApps: number }>(
      `CALL () { MATCH (app:EntraAppRegistration) RETURN count(app) AS entraApplications }
       CALL () { MATCH (app:ServicePrincipal) WHERE app.servicePrincipalType = 'Application' RETURN count(app) AS entraServicePrincipals }
       CALL () { MATCH (app:OktaApp) RETURN count(app) AS oktaApps }
       RETURN entraApplications, entraServicePrincipals, oktaApps`,
    ),
  ]);
  return {
    sso: sso.map((r) => ({
      app: r.app,
      nameNorm: r.nameNorm ?? normalizeAppName(r.app.displayName),
      hosts: [...new Set((r.hosts ?? []).map((h) => h.trim().toLowerCase()).filter((h) => h !== ''))],
      passwordSso: r.passwordSso === true,
    })),
    highPrivilege: highPrivilege.map((r) => r.app),
    counts: counts[0] ?? { entraApplications: 0, entraServicePrincipals: 0, oktaApps: 0 },
  };
}

function roleClass(h: HoldRow): { roleKey: string; tier0: boolean; privileged: boolean } {
  const roleKey = h.roleKey ?? '';
  const key = h.source === 'OKTA' ? roleKey : roleKey.toLowerCase();
  const fallback =
    h.source === 'OKTA'
      ? { tier0: OKTA_TIER0.has(key), privileged: !OKTA_READ_ONLY.has(key) }
      : { tier0: ENTRA_TIER0.has(key), privileged: !ENTRA_READ_ONLY.has(key) };
  return { roleKey, tier0: h.tier0 ?? fallback.tier0, privileged: h.privileged ?? fallback.privileged };
}

/** NO_MFA_ANYWHERE, MFA_ONLY_IN_OKTA and MFA_ONLY_IN_ENTRA of one person (the contract's MfaGapKind). */
export function accountMfaGaps(accounts: readonly AccountView[]): Array<{ kind: MfaGapKind; accounts: AccountView[] }> {
  const act = accounts.filter((a) => a.active);
  if (act.length === 0) return [];
  const of = (s: Source, mfa: boolean) => act.filter((a) => a.source === s && a.mfaRegistered === mfa);
  const [entraWith, entraWithout, oktaWith, oktaWithout] = [of('ENTRA_ID', true), of('ENTRA_ID', false), of('OKTA', true), of('OKTA', false)];
  const out: Array<{ kind: MfaGapKind; accounts: AccountView[] }> = [];
  if (entraWith.length + oktaWith.length === 0) out.push({ kind: 'NO_MFA_ANYWHERE', accounts: act });
  if (entraWithout.length > 0 && oktaWith.length > 0) out.push({ kind: 'MFA_ONLY_IN_OKTA', accounts: [...entraWithout, ...oktaWith] });
  if (oktaWithout.length > 0 && entraWith.length > 0) out.push({ kind: 'MFA_ONLY_IN_ENTRA', accounts: [...oktaWithout, ...entraWith] });
  return out.map((g) => ({ kind: g.kind, accounts: [...g.accounts].sort(byAccountOrder) }));
}

interface Computed {
  accountFacts: Map<string, AccountFacts>;
  personFacts: Map<string, PersonPostureFacts>;
  findings: Finding[];
  /** The numbers of the role holders and applications (the rest are counted in the database: TenantCounts). */
  numbers: Pick<PostureNumbers, 'globalAdminCount' | 'privilegedAccounts' | 'roles' | 'applications'> & { ssoOverlapCount: number; ssoGapCount: number };
}

/** Everything the facts say, from the reads (pure). */
export function computeFacts(rows: readonly AccountRow[], holdRows: readonly HoldRow[], apps: Awaited<ReturnType<typeof readApps>>): Computed {
  const findings: Finding[] = [];
  const accounts = new Map(rows.map((r) => [r.account.id, r.account]));

  // Roles: holders per role (active wins over eligible), Global Admins, privileged holds per account.
  const roles = new Map<string, RoleHeadline>();
  const holdsOf = new Map<string, RoleHold[]>();
  const globalAdmins = new Set<string>();
  const privilegedActive = new Set<string>();
  const tier0Active = new Set<string>();
  for (const h of holdRows) {
    const account = accounts.get(h.accountId);
    if (!account) continue;
    const cls = roleClass(h);
    const name = h.role ?? cls.roleKey;
    let role = roles.get(h.roleId);
    if (!role) {
      role = { roleId: h.roleId, source: h.source, role: name, roleKey: cls.roleKey, tier0: cls.tier0, privileged: cls.privileged, activeHolders: 0, eligibleHolders: 0 };
      roles.set(h.roleId, role);
    }
    if (h.active) role.activeHolders += 1;
    else role.eligibleHolders += 1;
    findings.push(finding('roleHolder', h.roleId, [h.active ? '0' : '1', account.displayName, account.id], account.id, { active: h.active }));
    if (h.active && h.source === 'ENTRA_ID' && cls.roleKey.toLowerCase() === GLOBAL_ADMIN_TEMPLATE_ID) globalAdmins.add(account.id);
    if (cls.privileged) {
      const list = holdsOf.get(account.id) ?? [];
      list.push({ accountId: account.id, source: h.source, role: name, tier0: cls.tier0, active: h.active });
      holdsOf.set(account.id, list);
      if (h.active) privilegedActive.add(account.id);
      if (h.active && cls.tier0) tier0Active.add(account.id);
    }
  }
  for (const id of globalAdmins) {
    const a = accounts.get(id) as AccountView;
    findings.push(finding('globalAdmin', ALL, [a.displayName, a.id], a.id));
  }

  const accountFacts = new Map<string, AccountFacts>();
  for (const a of accounts.values()) {
    accountFacts.set(a.id, {
      orderName: a.displayName,
      staleSince: staleSince(a),
      countedAs: countedAs(a),
      globalAdmin: globalAdmins.has(a.id),
      privilegedActive: privilegedActive.has(a.id),
      tier0Active: tier0Active.has(a.id),
      phishingResistantMfa: a.mfaMethods.some((m) => PHISHING_RESISTANT.has(m)),
    });
  }

  // People: MFA gaps, role conflicts, presence in each IdP.
  const people = new Map<string, { person: PersonView; accounts: AccountView[] }>();
  for (const r of rows) {
    if (!r.person) continue;
    const entry = people.get(r.person.view.id) ?? { person: r.person.view, accounts: [] };
    entry.accounts.push(r.account);
    people.set(r.person.view.id, entry);
  }
  const personFacts = new Map<string, PersonPostureFacts>();
  for (const { person, accounts: mine } of people.values()) {
    const sorted = [...mine].sort(byAccountOrder);
    const holds = sorted.flatMap((a) => holdsOf.get(a.id) ?? []);
    const gaps = accountMfaGaps(sorted);
    const facts = { person, accounts: sorted, holds };
    const prGap = holds.length > 0 ? phishingResistantGap(facts) : null;
    if (prGap) gaps.push({ kind: prGap.kind, accounts: prGap.accounts });
    const conflicts = holds.length > 0 ? roleConflicts(facts) : [];
    const personSort = [person.displayName, person.id];
    for (const g of gaps) {
      const i = MFA_GAP_KINDS.indexOf(g.kind);
      const extra = { kind: g.kind, accountKeys: g.accounts.map((a) => a.id) };
      findings.push(finding('mfaGap', g.kind, personSort, person.id, extra), finding('mfaGap', ALL, [...personSort, rank(i)], person.id, extra));
    }
    for (const c of conflicts) {
      const i = ROLE_CONFLICT_KINDS.indexOf(c.kind);
      const extra = { kind: c.kind, roles: c.roles };
      findings.push(finding('roleConflict', c.kind, personSort, person.id, extra), finding('roleConflict', ALL, [...personSort, rank(i)], person.id, extra));
    }
    const has = (s: Source, active: boolean) => sorted.some((a) => a.source === s && (!active || a.active));
    const f: PersonPostureFacts = {
      mfaGapKinds: MFA_GAP_KINDS.filter((k) => gaps.some((g) => g.kind === k)),
      roleConflictKinds: ROLE_CONFLICT_KINDS.filter((k) => conflicts.some((c) => c.kind === k)),
      inEntra: has('ENTRA_ID', false),
      inOkta: has('OKTA', false),
      activeInEntra: has('ENTRA_ID', true),
      activeInOkta: has('OKTA', true),
    };
    personFacts.set(person.id, f);
  }

  // Applications.
  for (const app of apps.highPrivilege) findings.push(finding('highPrivilegeApp', ALL, [app.displayName, app.id], app.id));
  const sso = ssoFindings(apps.sso);
  for (const o of sso.ssoOverlap) {
    findings.push(finding('ssoOverlap', ALL, [o.entra.displayName, o.entra.id, o.okta.displayName, o.okta.id], `${o.entra.id}${SEP}${o.okta.id}`));
  }
  for (const app of sso.ssoGaps) findings.push(finding('ssoGap', ALL, [app.source, app.displayName, app.id], app.id));

  const roleList = [...roles.values()].sort((a, b) => cmpStr(a.source, b.source) || cmpStr(a.role, b.role) || cmpStr(a.roleKey, b.roleKey));
  return {
    accountFacts,
    personFacts,
    findings,
    numbers: {
      globalAdminCount: globalAdmins.size,
      privilegedAccounts: privilegedActive.size,
      roles: roleList,
      applications: { ...apps.counts, highPrivilegeAppCount: apps.highPrivilege.length },
      ssoOverlapCount: sso.ssoOverlap.length,
      ssoGapCount: sso.ssoGaps.length,
    },
  };
}

/** Neo4j's ORDER BY on strings (UTF-16 code units), as the old per-request Cypher ordered roles. */
function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameAccountFacts(a: AccountFacts, b: Partial<AccountFacts>): boolean {
  return (
    a.orderName === b.orderName &&
    a.staleSince === (b.staleSince ?? null) &&
    a.countedAs === b.countedAs &&
    a.globalAdmin === b.globalAdmin &&
    a.privilegedActive === b.privilegedActive &&
    a.tier0Active === b.tier0Active &&
    a.phishingResistantMfa === b.phishingResistantMfa
  );
}

function samePersonFacts(a: PersonPostureFacts, b: Partial<PersonPostureFacts>): boolean {
  return (
    sameJson(a.mfaGapKinds, b.mfaGapKinds ?? null) &&
    sameJson(a.roleConflictKinds, b.roleConflictKinds ?? null) &&
    a.inEntra === b.inEntra &&
    a.inOkta === b.inOkta &&
    a.activeInEntra === b.activeInEntra &&
    a.activeInOkta === b.activeInOkta
  );
}

export interface FactsResult {
  accountsWritten: number;
  peopleWritten: number;
  findingsWritten: number;
  findingsDeleted: number;
  /** Milliseconds: the reads, the computation, the writes, the summary. */
  timings: { read: number; compute: number; write: number; summary: number };
}

/** What every refresh reads whole: the role holders and the applications (bounded by roles and apps, not people). */
export interface FactsInputs {
  holds: HoldRow[];
  apps: Awaited<ReturnType<typeof readApps>>;
}

export async function readFactsInputs(graph: Graph): Promise<FactsInputs> {
  const [holds, apps] = await Promise.all([readHolds(graph), readApps(graph)]);
  return { holds, apps };
}

/**
 * A whole pass in batches (enrich-pass.ts) reads the inputs once for all its batches (resolution changes people, not
 * role holdings or applications) and writes the summary after its last batch only.
 */
export interface RefreshOptions {
  inputs?: FactsInputs;
  summary?: boolean;
}

/**
 * Recomputes the posture facts (every one, or a scope's) and writes what changed, then the summary. Callers
 * hold the graph's lock (serialized) when they also resolve identities: enrichAfterSync and the account links.
 */
export async function refreshPostureFacts(graph: Graph, now: Date = new Date(), scope: FactsScope | null = null, options: RefreshOptions = {}): Promise<FactsResult> {
  const t0 = performance.now();
  // Read beside the facts (about 0.2 s at 100k, most of it the accounts no MFA policy covers).
  const sections = options.summary === false ? null : Promise.all([conditionalAccessPosture(graph), securityEventSummary(graph)]);
  // Awaited below; a failure before then must not go unhandled.
  sections?.catch(() => undefined);
  const { holds, apps } = options.inputs ?? (await readFactsInputs(graph));
  const batch = scope?.batchPeople !== undefined;
  const personIds = scope ? (scope.batchPeople ?? (await scopePeople(graph, scope, holds))) : null;
  // A batch leaves the lists recomputed whole to the pass's last batch: it neither reads nor writes them.
  const otherLists = batch ? [] : OTHER_LISTS;
  const [rows, storedFindings] = await Promise.all([
    readAccounts(graph, personIds, batch),
    personIds
      ? graph.read<{ key: string; hash: string | null }>(
          // The lists recomputed whole (on their index), and the findings of the people recomputed (on the subject's).
          `CALL () {
             MATCH (f:PostureFinding) WHERE f.list IN $otherLists AND f.bucket IS NOT NULL AND f.sort IS NOT NULL RETURN f
             UNION
             UNWIND $ids AS id MATCH (f:PostureFinding {subject: id}) WHERE f.list IN $personLists RETURN f
           }
           RETURN f.key AS key, f.hash AS hash`,
          { personLists: PERSON_LISTS, otherLists, ids: [...personIds, ...(scope?.removedPersonIds ?? [])] },
        )
      : graph.read<{ key: string; hash: string | null }>('MATCH (f:PostureFinding) RETURN f.key AS key, f.hash AS hash'),
  ]);
  const t1 = performance.now();
  const computed = computeFacts(rows, holds, apps);

  const accountRows = rows.flatMap((r) => {
    const f = computed.accountFacts.get(r.account.id) as AccountFacts;
    return sameAccountFacts(f, r.stored) ? [] : [{ key: r.account.id, props: f }];
  });
  const seenPeople = new Set<string>();
  const personRows: Array<{ id: string; props: PersonPostureFacts }> = [];
  for (const r of rows) {
    if (!r.person || seenPeople.has(r.person.view.id)) continue;
    seenPeople.add(r.person.view.id);
    const f = computed.personFacts.get(r.person.view.id) as PersonPostureFacts;
    if (!samePersonFacts(f, r.person.stored)) personRows.push({ id: r.person.view.id, props: f });
  }
  const stored = new Map(storedFindings.map((f) => [f.key, f.hash]));
  const findings = batch ? computed.findings.filter((f) => PERSON_LISTS.includes(f.props.list)) : computed.findings;
  const wanted = new Set(findings.map((f) => f.key));
  const changed = findings.filter((f) => stored.get(f.key) !== f.props.hash);
  const gone = storedFindings.filter((f) => !wanted.has(f.key)).map((f) => f.key);

  const t2 = performance.now();
  // The four touch disjoint nodes (accounts, people, findings gone, findings kept), so their transactions run side
  // by side without waiting on each other's locks: Neo4j spreads them over its cores.
  await Promise.all([
    writeAccountProps(graph, accountRows),
    writePersonProps(graph, personRows),
    writeInBatches(graph, 'UNWIND $rows AS key MATCH (f:PostureFinding {key: key}) DELETE f', gone, {}, WRITE_BATCH),
    writeInBatches(graph, 'UNWIND $rows AS row MERGE (f:PostureFinding {key: row.key}) SET f += row.props', changed, {}, WRITE_BATCH),
  ]);
  const t3 = performance.now();
  if (sections) await writeSummary(graph, computed.numbers, now, await sections);
  const ms = (a: number, b: number): number => Math.round(b - a);
  return {
    accountsWritten: accountRows.length,
    peopleWritten: personRows.length,
    findingsWritten: changed.length,
    findingsDeleted: gone.length,
    timings: { read: ms(t0, t1), compute: ms(t1, t2), write: ms(t2, t3), summary: ms(t3, performance.now()) },
  };
}

/**
 * Sets these properties on accounts (by key) and on people (by id), in batches. One statement each for every
 * pass that writes derived properties (this one, activity-pass.ts): Neo4j plans a statement once per process,
 * and planning one is 35-110 ms here, a share of a small pass.
 */
export function writeAccountProps(graph: Graph, rows: ReadonlyArray<{ key: string; props: object }>): Promise<number> {
  return writeInBatches(graph, 'UNWIND $rows AS row MATCH (a:Account {key: row.key}) SET a += row.props', rows, {}, WRITE_BATCH);
}

export function writePersonProps(graph: Graph, rows: ReadonlyArray<{ id: string; props: object }>): Promise<number> {
  return writeInBatches(graph, 'UNWIND $rows AS row MATCH (p:Person {id: row.id}) SET p += row.props', rows, {}, WRITE_BATCH);
}

/** Whether the stored summary is of this release's FACTS_VERSION: if not, the facts of every account are due. */
export async function factsAreCurrent(graph: Graph): Promise<boolean> {
  const [row] = await graph.read<{ version: unknown }>(`MATCH (s:PostureSummary {key: 'posture'}) RETURN s.version AS version`);
  return row !== undefined && Number(row.version) === FACTS_VERSION;
}

/**
 * Deletes the findings no batch of a whole pass would read back (enrich-pass.ts): those of a person that no
 * longer exists (a pass killed between deleting the person and its findings) and those of a list no longer
 * materialised. A batch reads the findings of its own people and of the lists recomputed whole.
 */
export async function deleteOrphanFindings(graph: Graph): Promise<void> {
  await graph.writeAutoCommit(
    `MATCH (f:PostureFinding)
     WHERE NOT f.list IN $lists OR (f.list IN $personLists AND NOT EXISTS { MATCH (:Person {id: f.subject}) })
     CALL (f) { DELETE f } IN TRANSACTIONS OF 10000 ROWS`,
    { lists: [...PERSON_LISTS, ...OTHER_LISTS], personLists: PERSON_LISTS },
  );
}

/**
 * The people a scoped refresh recomputes: those of the scope's accounts and of every role holder, now and at
 * the last refresh (its roleHolder findings), so a holder who lost a role gets its facts back too.
 */
async function scopePeople(graph: Graph, scope: FactsScope, holds: readonly HoldRow[]): Promise<string[]> {
  const rows = await graph.read<{ id: string }>(
    `CALL () {
       UNWIND $keys AS key RETURN key
       UNION
       MATCH (f:PostureFinding) WHERE f.list = 'roleHolder' AND f.bucket IS NOT NULL AND f.sort IS NOT NULL RETURN f.subject AS key
     }
     MATCH (:Account {key: key})<-[:HAS_ACCOUNT]-(p:Person)
     RETURN DISTINCT p.id AS id`,
    { keys: [...new Set([...scope.accountKeys, ...holds.map((h) => h.accountId)])] },
  );
  return rows.map((r) => r.id);
}

/** The summary's sections read from the providers' own data (policies, events): they do not depend on the facts. */
type ProviderSections = [ConditionalAccessPostureView, SecurityEventSummaryView];

/** The summary: the numbers computed above, with the sections that are counted in the database. */
async function writeSummary(graph: Graph, computed: Computed['numbers'], now: Date, sections: ProviderSections): Promise<void> {
  const [conditionalAccess, securityEvents] = sections;
  const counts = await readTenantCounts(graph);
  const { ssoOverlapCount, ssoGapCount, ...numbers } = computed;
  const full: PostureNumbers = {
    people: counts.people,
    accounts: counts.accounts,
    mfa: counts.mfa,
    ...numbers,
    conditionalAccess,
    securityEvents,
    crossIdp: {
      inBoth: counts.inBoth,
      onlyInEntra: counts.onlyInEntra,
      onlyInOkta: counts.onlyInOkta,
      mfaGapCounts: counts.mfaGapCounts,
      roleConflictCounts: counts.roleConflictCounts,
      ssoOverlapCount,
      ssoGapCount,
    },
  };
  await graph.write(
    `MERGE (s:PostureSummary {key: 'posture'})
     SET s.version = $version, s.computedAt = $computedAt, s.revision = $revision, s.numbers = $numbers`,
    { version: FACTS_VERSION, computedAt: now.toISOString(), revision: randomUUID(), numbers: JSON.stringify(full) },
  );
}
