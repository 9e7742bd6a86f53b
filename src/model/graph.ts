/**
 * The graph the twin keeps, declared once: every node label and relationship type, its key, typed
 * properties and the data set that owns it. Write and cleanup statements (writes.ts, cleanup.ts), the
 * constraints and indexes (migrations.ts) and docs/graph-model.md (`npm run model:docs`) come from here.
 *
 * Keys are namespaced so several tenants and orgs could share one graph: `entra:{tenantId}:…`,
 * `okta:{orgHost}:…`.
 */
import { entra, facet, node, okta, p, rel, twin, type ChangeFlag, type NodeSpec, type RelSpec } from './declare.js';
import { MFA_GAP_KINDS, MFA_METHODS, ROLE_CONFLICT_KINDS, SEVERITIES } from './vocabulary.js';

const POLICY_STATES = ['ENABLED', 'REPORT_ONLY', 'DISABLED'] as const;
const ENTRA_GROUP_TYPES = ['Microsoft365', 'Security', 'MailEnabledSecurity', 'Distribution'] as const;

/** Set by every write that changes an account (declare.ts ChangeFlag); cleared when the twin enriches it. */
export const ACCOUNT_CHANGE_FLAG = 'enrichPending';
const accountChanges: ChangeFlag = {
  property: ACCOUNT_CHANGE_FLAG,
  // What identity-keys.ts joins on (and the person's own properties that are not facts of one account).
  identity: ['source', 'externalId', 'login', 'loginNorm', 'email', 'emailNorm', 'immutableId', 'o365ImmutableId'],
  // Most of a day's changes: a real org's users sign in every day (src/twin/activity-pass.ts).
  activity: ['lastSignInAt'],
};

const accountIndexes = [
  ['integration'],
  ['source', 'externalId'],
  ['loginNorm'],
  ['emailNorm'],
  ['immutableId'],
  ['o365ImmutableId'],
  // Enrichment reads the accounts a sync changed (the change flag) on this index.
  [ACCOUNT_CHANGE_FLAG],
  // Posture facts (the twin's `posture` facet): stale accounts are a range read, pages an index-ordered scan.
  ['source', 'staleSince'],
  ['source', 'orderName', 'key'],
  // No index on the posture facet's countedAs: the counts read it from every account (posture-accounts.ts), and
  // at 100k an index saved 35 ms a read but cost 0.6 s more per 94k accounts written (a first sync writes all).
] as const;

/**
 * What the twin materialises on every account after each sync (src/twin/posture-facts.ts), so that
 * identityPosture reads indexes instead of walking roles and groups per request.
 */
const accountPostureFacet = facet({
  owner: twin('posture'),
  doc: 'Posture facts written after identity resolution; identityPosture reads them.',
  props: {
    orderName: p.string('displayName, else login, else empty: the order of every posture account list (then key)'),
    staleSince: p.optString(
      'active accounts only: the last sign-in if it is a date, else the creation date if it is one, else empty (stale at any threshold); null when inactive',
    ),
    globalAdmin: p.bool('holds Entra Global Administrator actively'),
    privilegedActive: p.bool('holds a privileged role actively'),
    tier0Active: p.bool('holds a tier-0 role actively'),
    phishingResistantMfa: p.bool('FIDO2 or Windows Hello registered'),
    countedAs: p.string(
      'what the account adds to the tenant-wide counts: source|active|Entra guest|active and MFA registered|active methods (src/twin/posture-accounts.ts)',
    ),
  },
});

/** Properties both connectors' accounts have: what the contract's Account shows, and the join keys. */
const accountProps = {
  externalId: p.string("the provider's object id"),
  displayName: p.optString('display name'),
  login: p.optString('Entra userPrincipalName; Okta profile.login'),
  loginNorm: p.optString('login trimmed and lower-cased, for identity resolution'),
  email: p.optString('Entra mail; Okta profile.email'),
  emailNorm: p.optString('email trimmed and lower-cased'),
  active: p.bool("the contract's active account"),
  createdAt: p.date('when the account was created'),
};

export const EntraUserNode = node({
  name: 'EntraUser',
  labels: ['Account', 'EntraUser'],
  changeFlag: accountChanges,
  doc: 'An Entra ID user (`/users`).',
  key: 'entra:{tenantId}:{objectId}',
  owner: entra('users'),
  indexes: accountIndexes,
  props: {
    ...accountProps,
    loginNorm: p.optString('userPrincipalName trimmed and lower-cased; null when it contains #EXT# (a guest)'),
    enabled: p.bool('accountEnabled'),
    status: p.oneOf(['Enabled', 'Disabled'], 'accountEnabled as a word'),
    userType: p.oneOf(['Member', 'Guest'], 'userType (missing means Member)'),
    immutableId: p.optString('onPremisesImmutableId'),
    proxyAddresses: p.strings('smtp proxy addresses, lower-cased, without the prefix'),
  },
  facets: {
    signIn: facet({
      owner: entra('users'),
      doc: 'Written only when Graph returned signInActivity: a refusal keeps the dates stored earlier.',
      props: { lastSignInAt: p.date('latest of lastSignInDateTime and lastNonInteractiveSignInDateTime') },
    }),
    mfa: facet({
      owner: entra('mfa'),
      doc: 'From userRegistrationDetails; a user the report no longer lists is reset to unregistered.',
      stamp: 'mfaRunId',
      props: {
        mfaRegistered: p.bool('isMfaRegistered'),
        mfaMethods: p.listOf(MFA_METHODS, 'methodsRegistered as contract MFA methods, deduplicated'),
        mfaRawMethods: p.strings('methodsRegistered as Graph gave them'),
      },
      reset: { mfaRegistered: false, mfaMethods: [], mfaRawMethods: [] },
      initial: { mfaRegistered: false, mfaMethods: [], mfaRawMethods: [] },
    }),
    posture: accountPostureFacet,
  },
});

export const OktaUserNode = node({
  name: 'OktaUser',
  labels: ['Account', 'OktaUser'],
  changeFlag: accountChanges,
  doc: 'An Okta user (`/api/v1/users`, DEPROVISIONED ones included), with an MFA summary of its factors.',
  key: 'okta:{orgHost}:{userId}',
  owner: okta('users'),
  indexes: accountIndexes,
  props: {
    ...accountProps,
    displayName: p.string('profile.displayName, else first + last name, else login'),
    secondEmailNorm: p.optString('profile.secondEmail trimmed and lower-cased'),
    status: p.optString('Okta status (ACTIVE, SUSPENDED, DEPROVISIONED, …)'),
    userType: p.oneOf(['Member'], 'always Member'),
    lastSignInAt: p.date('lastLogin'),
    activatedAt: p.date('activated'),
    statusChangedAt: p.date('statusChanged'),
    mfaRegistered: p.bool('at least one ACTIVE factor other than a security question'),
    mfaMethods: p.listOf(MFA_METHODS, 'methods of ACTIVE factors, deduplicated'),
  },
  facets: {
    o365: facet({
      owner: okta('apps'),
      doc: 'What Okta sends to Microsoft for a user of the Office 365 app: identity resolution joins on it.',
      stamp: 'o365RunId',
      props: {
        o365UserName: p.optString("the Office 365 app user's userName"),
        o365ImmutableId: p.optString("the Office 365 app user's immutableId"),
      },
      reset: { o365UserName: null, o365ImmutableId: null },
    }),
    posture: accountPostureFacet,
  },
});

export const FactorNode = node({
  name: 'Factor',
  labels: ['Factor'],
  doc: "An Okta user's enrolled factor (`/api/v1/users/{id}/factors`).",
  key: 'okta:{orgHost}:{userId}:{factorId}',
  owner: okta('users'),
  props: {
    externalId: p.string('factor id'),
    factorType: p.optString('factorType'),
    provider: p.optString('provider'),
    status: p.optString('status'),
    method: p.oneOf(MFA_METHODS, 'the contract MFA method'),
  },
});

export const EntraGroupNode = node({
  name: 'EntraGroup',
  labels: ['Group'],
  doc: 'An Entra ID group (`/groups`); nested groups are MEMBER_OF edges between groups.',
  key: 'entra:{tenantId}:{objectId}',
  owner: entra('groups'),
  indexes: [['integration']],
  placeholders: true,
  props: {
    externalId: p.string('object id'),
    displayName: p.optString('displayName'),
    groupType: p.oneOf(ENTRA_GROUP_TYPES, 'from groupTypes, securityEnabled and mailEnabled'),
    dynamic: p.bool('groupTypes has DynamicMembership'),
    isAssignableToRole: p.bool('isAssignableToRole'),
  },
  facets: {
    members: facet({
      owner: entra('groups'),
      doc: 'Written once the group\'s members were listed.',
      props: { memberCount: p.int('every direct member Graph lists (devices included)') },
    }),
  },
});

export const OktaGroupNode = node({
  name: 'OktaGroup',
  labels: ['Group'],
  doc: 'An Okta group (`/api/v1/groups?expand=stats`).',
  key: 'okta:{orgHost}:{groupId}',
  owner: okta('groups'),
  indexes: [['integration']],
  props: {
    externalId: p.string('group id'),
    displayName: p.string('profile.name'),
    groupType: p.optString('OKTA_GROUP / APP_GROUP / BUILT_IN'),
    memberCount: p.optInt('stats usersCount, else the members listed'),
  },
});

const roleProps = {
  roleKey: p.string('Entra role template id; Okta role type or custom role id'),
  name: p.string("the role's display name"),
  tier0: p.bool('tier 0 per the contract (src/model/vocabulary.ts lists them)'),
  privileged: p.bool('privileged per the contract'),
};

export const EntraRoleNode = node({
  name: 'EntraRole',
  labels: ['Role'],
  doc: 'An Entra directory role definition (`/roleManagement/directory/roleDefinitions`).',
  key: 'entra:{tenantId}:role:{templateId}',
  owner: entra('roles'),
  indexes: [['integration']],
  props: {
    ...roleProps,
    definitionId: p.string('the role definition id'),
    isBuiltIn: p.bool('isBuiltIn'),
  },
});

export const OktaRoleNode = node({
  name: 'OktaRole',
  labels: ['Role'],
  doc: 'An Okta admin role met in a role assignment.',
  key: 'okta:{orgHost}:role:{type or customRoleId}',
  owner: okta('roles'),
  indexes: [['integration']],
  props: roleProps,
});

const appIndexes = [
  ['integration'],
  ['source', 'externalId'],
] as const;

export const EntraAppRegistrationNode = node({
  name: 'EntraAppRegistration',
  labels: ['Application', 'EntraAppRegistration'],
  doc: 'An Entra app registration (`/applications`).',
  key: 'entra:{tenantId}:app:{objectId}',
  owner: entra('apps'),
  indexes: appIndexes,
  props: {
    externalId: p.optString('appId'),
    objectId: p.string('object id'),
    displayName: p.optString('displayName'),
    nameNorm: p.optString('lower-cased name, letters and digits only (SSO overlap)'),
    signInAudience: p.optString('signInAudience'),
    signOnHosts: p.strings('hosts of the web redirect URIs'),
    credentialExpiries: p.strings('endDateTime of password and key credentials'),
  },
});

export const ServicePrincipalNode = node({
  name: 'ServicePrincipal',
  labels: ['Application', 'ServicePrincipal'],
  doc: 'An Entra service principal (`/servicePrincipals`), with the permissions granted to it.',
  key: 'entra:{tenantId}:sp:{objectId}',
  owner: entra('apps'),
  indexes: appIndexes,
  placeholders: true,
  props: {
    externalId: p.optString('appId'),
    objectId: p.string('object id'),
    displayName: p.optString('displayName'),
    nameNorm: p.optString('lower-cased name, letters and digits only'),
    servicePrincipalType: p.optString('servicePrincipalType'),
    preferredSingleSignOnMode: p.optString('preferredSingleSignOnMode'),
    passwordSso: p.bool('preferredSingleSignOnMode is password'),
    signOnHosts: p.strings('hosts of loginUrl and replyUrls'),
    credentialExpiries: p.strings('endDateTime of password and key credentials'),
    accountEnabled: p.bool('accountEnabled'),
    appOwnerOrganizationId: p.optString('the tenant that owns the application'),
  },
  facets: {
    permissions: facet({
      owner: entra('apps'),
      doc: 'Resolved from appRoleAssignments and oauth2PermissionGrants once its grants were read.',
      props: {
        appPermissions: p.strings('application permission values granted'),
        graphAppPermissions: p.strings('those on Microsoft Graph'),
        delegatedPermissions: p.strings('delegated scopes granted'),
        permissions: p.strings('all values, sorted'),
      },
    }),
  },
});

export const OktaAppNode = node({
  name: 'OktaApp',
  labels: ['Application', 'OktaApp'],
  doc: 'An Okta app integration (`/api/v1/apps`).',
  key: 'okta:{orgHost}:app:{appId}',
  owner: okta('apps'),
  indexes: appIndexes,
  props: {
    externalId: p.string('app id'),
    displayName: p.string('label'),
    name: p.optString('the app catalogue name'),
    nameNorm: p.optString('lower-cased label, letters and digits only'),
    status: p.optString('status'),
    signOnMode: p.optString('signOnMode'),
    passwordSso: p.bool('BROWSER_PLUGIN, AUTO_LOGIN, SECURE_PASSWORD_STORE or BASIC_AUTH'),
    signOnHosts: p.strings('hosts of sign-on, ACS and redirect URLs'),
    permissions: p.strings('always empty: Okta apps hold no API permissions here'),
    msftTenant: p.optString('office365 only: settings.app.msftTenant'),
    msftDomain: p.optString('office365 only: settings.app.domain'),
  },
});

export const ConditionalAccessPolicyNode = node({
  name: 'ConditionalAccessPolicy',
  labels: ['ConditionalAccessPolicy'],
  doc: 'An Entra conditional access policy (`/identity/conditionalAccess/policies`).',
  key: 'entra:{tenantId}:ca:{policyId}',
  owner: entra('policies'),
  props: {
    externalId: p.string('policy id'),
    displayName: p.string('displayName'),
    state: p.oneOf(POLICY_STATES, 'state'),
    grantControls: p.strings('builtInControls, plus authenticationStrength when set'),
    grantOperator: p.optString('grantControls.operator'),
    authenticationStrength: p.optString('the authentication strength display name'),
    requiresMfa: p.bool('mfa or an authentication strength'),
    blocks: p.bool('builtInControls has block'),
    includeAllUsers: p.bool('includeUsers has All'),
    includeAllApps: p.bool('includeApplications has All'),
    includeGuestsOrExternalUsers: p.bool('includes guests or external users'),
    hasRiskCondition: p.bool('signInRiskLevels or userRiskLevels is not empty'),
    signInRiskLevels: p.strings('signInRiskLevels'),
    userRiskLevels: p.strings('userRiskLevels'),
    clientAppTypes: p.strings('clientAppTypes'),
    includeUsers: p.strings('raw ids'),
    excludeUsers: p.strings('raw ids'),
    includeGroups: p.strings('raw ids'),
    excludeGroups: p.strings('raw ids'),
    includeRoles: p.strings('raw role template ids'),
    excludeRoles: p.strings('raw role template ids'),
    includeApplications: p.strings('raw application ids'),
    excludeApplications: p.strings('raw application ids'),
  },
});

export const OktaPolicyNode = node({
  name: 'OktaPolicy',
  labels: ['OktaPolicy'],
  doc: 'An Okta policy (sign-on, MFA enrolment, password, access) with a summary of its rules.',
  key: 'okta:{orgHost}:policy:{policyId}',
  owner: okta('policies'),
  props: {
    externalId: p.string('policy id'),
    type: p.string('policy type'),
    name: p.optString('name'),
    status: p.optString('status'),
    priority: p.optInt('priority'),
    rules: p.json("each rule's summary"),
    enforcesMfa: p.bool('every active rule that lets users in, up to the first catch-all, requires a second factor'),
  },
});

const securityEventProps = {
  externalId: p.string('sign-in id / log event uuid'),
  severity: p.oneOf(SEVERITIES, 'the highest risk level'),
  occurredAt: p.date('when it happened'),
  kind: p.string('what happened'),
  ipAddress: p.optString('client IP'),
  location: p.optString('city, country'),
  device: p.optString('device or user agent'),
};

/** Security events are kept for a retention window, not only while the provider still lists them. */
const eventRetention = { kind: 'age', dateProp: 'occurredAt' } as const;

export const EntraSecurityEventNode = node({
  name: 'EntraSecurityEvent',
  labels: ['SecurityEvent'],
  doc: 'A risky Entra sign-in (`/auditLogs/signIns`).',
  key: 'entra:{tenantId}:signin:{id}',
  owner: entra('signIns'),
  indexes: [['occurredAt']],
  retention: eventRetention,
  props: {
    ...securityEventProps,
    riskLevelDuringSignIn: p.optString('riskLevelDuringSignIn'),
    riskLevelAggregated: p.optString('riskLevelAggregated'),
    riskState: p.optString('riskState'),
    riskDetail: p.optString('riskDetail'),
    riskEventTypes: p.strings('riskEventTypes_v2'),
    app: p.optString('appDisplayName'),
    appId: p.optString('appId'),
    clientAppUsed: p.optString('clientAppUsed'),
    userPrincipalName: p.optString('userPrincipalName as the sign-in names it'),
    signInErrorCode: p.optInt('status.errorCode'),
  },
});

export const OktaSecurityEventNode = node({
  name: 'OktaSecurityEvent',
  labels: ['SecurityEvent'],
  doc: 'An Okta System Log event with risk (`/api/v1/logs`).',
  key: 'okta:{orgHost}:log:{uuid}',
  owner: okta('logs'),
  indexes: [['occurredAt']],
  retention: eventRetention,
  props: securityEventProps,
});

/* The twin's own nodes: written by identity resolution, the configure mutations and the runner. */

export const PersonNode = node({
  name: 'Person',
  labels: ['Person'],
  doc: 'The accounts identity resolution joins; ids are stable across resolutions.',
  key: '{uuid} (key = id)',
  unique: ['key', 'id'],
  owner: twin('resolution'),
  indexes: [['sortName']],
  textIndexes: ['searchText'],
  props: {
    id: p.string('stable person id'),
    displayName: p.string('display name'),
    sortName: p.string('lower-cased name, for ordering'),
    emails: p.strings('emails of its accounts'),
    confidence: p.oneOf(['VERIFIED', 'INFERRED'], 'VERIFIED: one account or analyst links only'),
    lastActivityAt: p.date('latest sign-in of its accounts'),
    searchText: p.string('lower-cased names, emails, UPNs and logins'),
    accountCount: p.int('number of accounts'),
    createdAt: p.date('first resolution that made it'),
  },
  facets: {
    posture: facet({
      owner: twin('posture'),
      doc: 'Cross-IdP posture facts written after identity resolution (and after linkAccounts / unlinkAccounts).',
      props: {
        mfaGapKinds: p.listOf(MFA_GAP_KINDS, 'the MfaGap kinds the person has'),
        roleConflictKinds: p.listOf(ROLE_CONFLICT_KINDS, 'the RoleConflict kinds the person has'),
        inEntra: p.bool('has an Entra account'),
        inOkta: p.bool('has an Okta account'),
        activeInEntra: p.bool('has an active Entra account'),
        activeInOkta: p.bool('has an active Okta account'),
      },
    }),
  },
});

export const AccountLinkNode = node({
  name: 'AccountLink',
  labels: ['AccountLink'],
  doc: "An analyst's correction (linkAccounts / unlinkAccounts), applied on every resolution.",
  key: 'link:… / unlink:{accountKey}',
  owner: twin('linkAccounts'),
  props: {
    kind: p.oneOf(['link', 'unlink'], 'the correction'),
    accountKeys: p.strings('the accounts it names'),
    createdAt: p.date('when the analyst made it'),
  },
});

export const PostureSnapshotNode = node({
  name: 'PostureSnapshot',
  labels: ['PostureSnapshot'],
  doc: "The headline IdentityPosture numbers after a sync (postureHistory); unique by asOf.",
  key: 'asOf',
  unique: [],
  owner: twin('snapshot'),
  indexes: [['asOf']],
  props: { asOf: p.date('when it was taken') },
});

export const PostureFindingNode = node({
  name: 'PostureFinding',
  labels: ['PostureFinding'],
  doc: 'One item of a paged posture list, in the list\'s contract order (`sort`), written after each sync by src/twin/posture-facts.ts: a page is an index-ordered range read.',
  key: '{list}:{bucket}:{subject}',
  owner: twin('posture'),
  // The subject's: a refresh that follows the changes reads the findings of the people it recomputes.
  indexes: [['list', 'bucket', 'sort'], ['subject']],
  props: {
    list: p.oneOf(['globalAdmin', 'roleHolder', 'highPrivilegeApp', 'mfaGap', 'roleConflict', 'ssoOverlap', 'ssoGap'], 'the posture list'),
    bucket: p.string("the part of the list a page reads: a role's key (roleHolder), a kind (mfaGap, roleConflict), or * for the whole list"),
    sort: p.string('the contract order as one string (fields joined by U+0000)'),
    kind: p.optString('the MfaGapKind or RoleConflictKind of the item'),
    subject: p.string('the account key, person id or application key the item is about (ssoOverlap: Entra key, U+0000, Okta key)'),
    accountKeys: p.strings('MfaGap.accounts, in account order'),
    roles: p.strings('RoleConflict.roles'),
    active: p.bool('roleHolder: held actively (else PIM-eligible only)'),
    hash: p.string('what the item says, to rewrite only what changed'),
  },
});

export const PostureSummaryNode = node({
  name: 'PostureSummary',
  labels: ['PostureSummary'],
  doc: 'The identityPosture numbers that do not depend on the request, written after each sync with the facts.',
  key: 'posture',
  owner: twin('posture'),
  props: {
    version: p.int('the facts format: another version is rewritten before it is read'),
    computedAt: p.date('when it was written'),
    revision: p.string('a new random id on every write: the version pages of the posture lists are kept under (src/twin/posture-cache.ts)'),
    numbers: p.json('the counts and small sections of IdentityPosture'),
  },
});

export const EnrichmentStateNode = node({
  name: 'EnrichmentState',
  labels: ['EnrichmentState'],
  doc: "Where the twin's enrichment after syncs stands (src/twin/enrich.ts): while `incomplete`, the changes it took are not all applied, so the next enrichment is a whole pass.",
  key: 'twin',
  owner: twin('resolution'),
  props: {
    incomplete: p.bool('an enrichment took the changed accounts and has not finished applying them'),
    enrichedAt: p.date('when the last enrichment finished'),
    mode: p.oneOf(['WHOLE', 'CHANGES'], 'how the last enrichment read the twin: every account, or the changed ones and what they touch'),
    changed: p.int('accounts the syncs had flagged for the last enrichment'),
    scope: p.int('accounts the last enrichment re-resolved'),
    activity: p.int('accounts whose sign-in date alone changed, whose dates the last enrichment updated without resolving them'),
  },
});

export const TwinLockNode = node({
  name: 'TwinLock',
  labels: ['TwinLock'],
  doc: "The lease one replica holds while it resolves identities or refreshes the posture facts (src/twin/serialize.ts): the passes never interleave across replicas.",
  key: 'twin',
  owner: twin('resolution'),
  props: {
    holder: p.optString('the pass holding it, null when free'),
    expiresAt: p.int("when the lease lapses unless renewed (Neo4j's clock, epoch ms)"),
    locked: p.int('written first by every attempt to take it, so attempts queue on the node lock'),
  },
});

export const SyncRunNode = node({
  name: 'SyncRun',
  labels: ['SyncRun'],
  doc: 'One sync run: status, options, counts, errors and warnings (JSON strings).',
  key: 'id',
  unique: ['id'],
  owner: twin('runner'),
  indexes: [['integration', 'startedAt']],
  props: {
    id: p.string('run id'),
    integration: p.string('entra / okta'),
    status: p.string('SyncStatus'),
    startedAt: p.date('start'),
    finishedAt: p.date('end'),
  },
});

export const SyncLeaseNode = node({
  name: 'SyncLease',
  labels: ['SyncLease'],
  doc: "One per integration: which run holds the integration's sync slot, until when (Neo4j's clock, ms), and a cancel request for it.",
  key: 'integration',
  unique: ['integration'],
  owner: twin('runner'),
  props: {
    integration: p.string('entra / okta'),
    runId: p.optString('the run holding the slot; null when free'),
    holder: p.optString('the replica running it (host:pid:random)'),
    expiresAt: p.optInt('when the lease lapses unless its holder renews it (epoch ms, Neo4j clock)'),
    cancel: p.bool('cancelSync asked the holder to stop'),
  },
});

export const SyncScheduleNode = node({
  name: 'SyncSchedule',
  labels: ['SyncSchedule'],
  doc: "One per scheduled integration (setSyncSchedule): how often it syncs, how often FULL, and when next. Every replica's scheduler claims a due run by moving nextRunAt forward in one transaction (compare-and-set); times are Neo4j's clock (ms).",
  key: 'integration',
  unique: ['integration'],
  owner: twin('schedule'),
  props: {
    integration: p.string('entra / okta'),
    source: p.oneOf(['ENTRA_ID', 'OKTA'], 'the identity provider'),
    everyMinutes: p.int('minutes between scheduled runs'),
    fullEveryHours: p.int('a FULL run at least this often; INCREMENTAL otherwise'),
    nextRunAt: p.int('when the next run is due (epoch ms, Neo4j clock): now + everyMinutes ± jitter after each claim'),
    lockedAt: p.optInt('written first by a claim to write-lock the node, so racing claims are ordered (epoch ms)'),
    claimedBy: p.optString('the replica that claimed the last run (host:pid:random)'),
    claimedAt: p.optInt('when it claimed it (epoch ms, Neo4j clock)'),
    lastRunId: p.optString('the sync run the last claim started (or the running run it found)'),
  },
});

export const SyncCursorNode = node({
  name: 'SyncCursor',
  labels: ['SyncCursor'],
  doc: "Where an incremental sync of one data set starts: the provider's change cursor (a Graph delta link, an Okta timestamp) saved by the data set's last successful run. Removed when the integration is reconfigured or a listing was held back by the shrink guard.",
  key: 'id',
  unique: ['id'],
  owner: twin('runner'),
  indexes: [['integration']],
  props: {
    id: p.string('integration/dataSet'),
    integration: p.string('entra / okta'),
    dataSet: p.string('the data set (users, groups, …)'),
    cursor: p.string('the change cursor; opaque to the runner'),
    runId: p.string('the run that saved it'),
    savedAt: p.date('when it was saved'),
  },
});

export const IntegrationConfigNode = node({
  name: 'IntegrationConfig',
  labels: ['IntegrationConfig'],
  doc: 'What the configure mutations stored; credentials sealed with TWIN_ENCRYPTION_KEY.',
  key: 'source',
  unique: ['source'],
  owner: twin('configure'),
  props: {
    source: p.oneOf(['ENTRA_ID', 'OKTA'], 'the identity provider'),
    tenant: p.string('tenant id or domain; org URL'),
    clientId: p.optString('client id'),
  },
});

export const AuditEventNode = node({
  name: 'AuditEvent',
  labels: ['AuditEvent'],
  doc: 'One mutation: who (the API key\'s name and role), what (the fields and their non-secret arguments), when, and its outcome.',
  key: 'id',
  unique: ['id'],
  owner: twin('audit'),
  indexes: [['at']],
  props: {
    id: p.string('event id'),
    at: p.date('when the mutation was received'),
    keyName: p.string("the API key's name (never the key)"),
    role: p.oneOf(['admin', 'analyst'], 'the key\'s role'),
    requestId: p.string('the x-request-id of the request'),
    operation: p.optString('the operation name, if the client gave one'),
    fields: p.strings('the mutation fields it ran'),
    arguments: p.json('their arguments, secrets redacted'),
    outcome: p.oneOf(['STARTED', 'SUCCEEDED', 'FAILED'], 'how it ended'),
    errorCodes: p.strings('the error codes it answered, if any'),
  },
});

/* Relationships. */

export const MEMBER_OF = rel({
  type: 'MEMBER_OF',
  doc: 'Direct group membership; nesting is group → group.',
  from: [EntraUserNode, OktaUserNode, EntraGroupNode, ServicePrincipalNode],
  to: [EntraGroupNode, OktaGroupNode],
  owners: [entra('groups'), okta('groups')],
});

export const HAS_ROLE = rel({
  type: 'HAS_ROLE',
  doc: 'A role assignment (Entra: active or PIM-eligible, at a scope; Okta: active, org-wide).',
  from: [EntraUserNode, OktaUserNode, EntraGroupNode, OktaGroupNode, ServicePrincipalNode],
  to: [EntraRoleNode, OktaRoleNode],
  owners: [entra('roles'), okta('roles')],
  props: {
    assignmentId: p.string('the assignment id'),
    assignment: p.oneOf(['active', 'eligible'], 'how the role is held'),
    scope: p.string('/ or an administrative unit; Okta: org'),
  },
});

export const INCLUDES = rel({
  type: 'INCLUDES',
  doc: 'Who a conditional access policy applies to.',
  from: [ConditionalAccessPolicyNode],
  to: [EntraUserNode, EntraGroupNode, EntraRoleNode],
  owners: [entra('policies')],
});

export const EXCLUDES = rel({
  type: 'EXCLUDES',
  doc: 'Who a conditional access policy leaves out.',
  from: [ConditionalAccessPolicyNode],
  to: [EntraUserNode, EntraGroupNode, EntraRoleNode],
  owners: [entra('policies')],
});

export const HAS_FACTOR = rel({
  type: 'HAS_FACTOR',
  doc: "An Okta user's factor.",
  from: [OktaUserNode],
  to: [FactorNode],
  owners: [okta('users')],
});

export const ASSIGNED_TO = rel({
  type: 'ASSIGNED_TO',
  doc: 'An Okta app assignment, to a user or a group.',
  from: [OktaUserNode, OktaGroupNode],
  to: [OktaAppNode],
  owners: [okta('apps')],
  props: { scope: p.oneOf(['USER', 'GROUP'], 'how the user was assigned') },
});

export const HAS_PERMISSION = rel({
  type: 'HAS_PERMISSION',
  doc: 'API permissions a client service principal holds on a resource service principal.',
  from: [ServicePrincipalNode],
  to: [ServicePrincipalNode],
  owners: [entra('apps')],
  props: {
    type: p.oneOf(['application', 'delegated'], 'application roles or delegated scopes'),
    values: p.strings('the permission values'),
  },
});

export const INVOLVES = rel({
  type: 'INVOLVES',
  doc: 'The account a security event is about.',
  from: [EntraSecurityEventNode, OktaSecurityEventNode],
  to: [EntraUserNode, OktaUserNode],
  owners: [entra('signIns'), okta('logs')],
});

export const HAS_ACCOUNT = rel({
  type: 'HAS_ACCOUNT',
  doc: "A person's account, and why identity resolution joined it.",
  from: [PersonNode],
  to: [EntraUserNode, OktaUserNode],
  owners: [twin('resolution')],
  props: { matchedBy: p.oneOf(['manual', 'immutableId', 'upn=login', 'email', 'self'], 'the join that placed it') },
});

/** Every node declaration, in the order docs/graph-model.md lists them. */
export const NODES: readonly NodeSpec[] = [
  EntraUserNode, OktaUserNode, FactorNode, EntraGroupNode, OktaGroupNode, EntraRoleNode, OktaRoleNode, EntraAppRegistrationNode, ServicePrincipalNode,
  OktaAppNode, ConditionalAccessPolicyNode, OktaPolicyNode, EntraSecurityEventNode, OktaSecurityEventNode, PersonNode, AccountLinkNode,
  PostureSnapshotNode, PostureFindingNode, PostureSummaryNode, EnrichmentStateNode, TwinLockNode, SyncRunNode, SyncLeaseNode, SyncCursorNode, SyncScheduleNode, IntegrationConfigNode, AuditEventNode,
];

export const RELATIONSHIPS: readonly RelSpec[] = [
  MEMBER_OF, HAS_ROLE, INCLUDES, EXCLUDES, HAS_FACTOR, ASSIGNED_TO, HAS_PERMISSION, INVOLVES, HAS_ACCOUNT,
];
