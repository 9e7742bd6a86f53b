/**
 * A small hand-written Okta org on acme-corp.com: every user status, every factor type/provider
 * pair, admin roles held directly and through a group, the app sign-on modes, System Log risk in
 * both encodings, and the three policy types posture reads. Times are relative to `now`, so the
 * log always covers the last three days.
 */
import type {
  AppUser,
  IsoDate,
  LogEvent,
  OktaApp,
  OktaGroup,
  OktaOrgFixture,
  OktaPolicy,
  OktaPolicyRule,
  OktaUser,
  OktaUserStatus,
  UserFactor,
  UserFactorProvider,
  UserFactorStatus,
  UserFactorType,
} from './fixture.js';

/** SSWS token with every read permission. */
export const EXAMPLE_ORG_API_TOKEN = '00exampleReadAllTokenAcmeCorp1d7';
/** SSWS token of an admin who may read everything but the System Log. */
export const EXAMPLE_ORG_NO_LOGS_API_TOKEN = '00exampleNoLogsTokenAcmeCorp01d7';

export const EXAMPLE_ORG_SCOPES = [
  'okta.users.read',
  'okta.groups.read',
  'okta.apps.read',
  'okta.logs.read',
  'okta.roles.read',
  'okta.policies.read',
];

const DAY = 24 * 3600_000;
const HOUR = 3600_000;

/** Okta-looking 20-character ids: 3-character type prefix, a readable tag, the `1d7` cell suffix. */
function oktaId(prefix: string, tag: string): string {
  return `${prefix}${tag.padEnd(14, '0').slice(0, 14)}1d7`;
}

export const EXAMPLE_USER_IDS = {
  maria: oktaId('00u', 'mlopez'),
  james: oktaId('00u', 'jchen'),
  priya: oktaId('00u', 'ppatel'),
  tom: oktaId('00u', 'tbecker'),
  aisha: oktaId('00u', 'akhan'),
  lucas: oktaId('00u', 'lmartin'),
  emma: oktaId('00u', 'ewilson'),
  noah: oktaId('00u', 'nschmidt'),
  olivia: oktaId('00u', 'obrown'),
  liam: oktaId('00u', 'loconnor'),
  sofia: oktaId('00u', 'srossi'),
  daniel: oktaId('00u', 'dkim'),
  backup: oktaId('00u', 'svcbackup'),
} as const;

export const EXAMPLE_GROUP_IDS = {
  everyone: oktaId('00g', 'everyone'),
  engineering: oktaId('00g', 'engineering'),
  oktaAdmins: oktaId('00g', 'oktaadmins'),
  finance: oktaId('00g', 'finance'),
  adDomainUsers: oktaId('00g', 'addomainusers'),
} as const;

export const EXAMPLE_APP_IDS = {
  office365: oktaId('0oa', 'office365'),
  salesforce: oktaId('0oa', 'salesforce'),
  portal: oktaId('0oa', 'acmeportal'),
  payroll: oktaId('0oa', 'legacypayroll'),
  vendorPortal: oktaId('0oa', 'vendorportal'),
  sharedDrive: oktaId('0oa', 'shareddrive'),
  buildServer: oktaId('0oa', 'buildserver'),
  wiki: oktaId('0oa', 'wikibookmark'),
  oldCrm: oktaId('0oa', 'oldcrm'),
} as const;

export const EXAMPLE_POLICY_IDS = {
  globalSession: oktaId('00p', 'signon'),
  office365Access: oktaId('rst', 'office365'),
  defaultAccess: oktaId('rst', 'default'),
  mfaEnroll: oktaId('00p', 'mfaenroll'),
} as const;

export const EXAMPLE_CUSTOM_ROLE_ID = oktaId('cr0', 'helpdesklite');
export const EXAMPLE_RESOURCE_SET_ID = oktaId('iam', 'helpdeskset');

export function exampleOrg(now: Date = new Date()): OktaOrgFixture {
  const ago = (days: number, hours = 0): IsoDate => new Date(now.getTime() - days * DAY - hours * HOUR).toISOString();
  const ids = EXAMPLE_USER_IDS;

  interface PersonSpec {
    id: string;
    first: string;
    last: string;
    status: OktaUserStatus;
    createdDaysAgo: number;
    lastLoginDaysAgo: number | null;
    provider?: 'OKTA' | 'ACTIVE_DIRECTORY' | 'FEDERATION';
    department: string;
    title: string;
    login?: string;
  }

  const user = (spec: PersonSpec): OktaUser => {
    const login = spec.login ?? `${spec.first}.${spec.last}@acme-corp.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, '');
    const activated = spec.status === 'STAGED' ? null : ago(spec.createdDaysAgo - 0.01);
    const provider = spec.provider ?? 'OKTA';
    return {
      id: spec.id,
      status: spec.status,
      created: ago(spec.createdDaysAgo),
      activated,
      statusChanged: spec.status === 'STAGED' ? null : ago(Math.min(spec.createdDaysAgo, 10)),
      lastLogin: spec.lastLoginDaysAgo === null ? null : ago(spec.lastLoginDaysAgo, 2),
      lastUpdated: ago(Math.min(spec.createdDaysAgo, 5)),
      passwordChanged: provider === 'FEDERATION' || spec.status === 'STAGED' ? null : ago(Math.min(spec.createdDaysAgo, 40)),
      type: { id: oktaId('oty', 'default') },
      profile: {
        login,
        email: login,
        firstName: spec.first,
        lastName: spec.last,
        displayName: `${spec.first} ${spec.last}`,
        secondEmail: null,
        mobilePhone: null,
        department: spec.department,
        title: spec.title,
        employeeNumber: `E${10000 + spec.createdDaysAgo}`,
        userType: 'Employee',
      },
      credentials:
        provider === 'FEDERATION'
          ? { provider: { type: 'FEDERATION', name: 'FEDERATION' } }
          : provider === 'ACTIVE_DIRECTORY'
            ? { password: {}, provider: { type: 'ACTIVE_DIRECTORY', name: 'acme-corp.com' } }
            : { password: {}, recovery_question: { question: 'Who was your first manager?' }, provider: { type: 'OKTA', name: 'OKTA' } },
    };
  };

  const users: OktaUser[] = [
    user({ id: ids.maria, first: 'Maria', last: 'Lopez', status: 'ACTIVE', createdDaysAgo: 900, lastLoginDaysAgo: 1, department: 'Finance', title: 'Controller' }),
    user({ id: ids.james, first: 'James', last: 'Chen', status: 'ACTIVE', createdDaysAgo: 700, lastLoginDaysAgo: 0, provider: 'ACTIVE_DIRECTORY', department: 'Engineering', title: 'Platform Lead' }),
    user({ id: ids.priya, first: 'Priya', last: 'Patel', status: 'ACTIVE', createdDaysAgo: 500, lastLoginDaysAgo: 2, department: 'Security', title: 'Security Analyst' }),
    user({ id: ids.tom, first: 'Tom', last: 'Becker', status: 'ACTIVE', createdDaysAgo: 400, lastLoginDaysAgo: 3, department: 'IT', title: 'Helpdesk' }),
    user({ id: ids.aisha, first: 'Aisha', last: 'Khan', status: 'ACTIVE', createdDaysAgo: 200, lastLoginDaysAgo: null, department: 'Finance', title: 'Analyst' }),
    user({ id: ids.lucas, first: 'Lucas', last: 'Martin', status: 'SUSPENDED', createdDaysAgo: 650, lastLoginDaysAgo: 95, department: 'Engineering', title: 'Engineer' }),
    user({ id: ids.emma, first: 'Emma', last: 'Wilson', status: 'LOCKED_OUT', createdDaysAgo: 300, lastLoginDaysAgo: 1, department: 'Finance', title: 'Accountant' }),
    user({ id: ids.noah, first: 'Noah', last: 'Schmidt', status: 'PASSWORD_EXPIRED', createdDaysAgo: 350, lastLoginDaysAgo: 30, department: 'Engineering', title: 'Engineer' }),
    user({ id: ids.olivia, first: 'Olivia', last: 'Brown', status: 'STAGED', createdDaysAgo: 2, lastLoginDaysAgo: null, department: 'Sales', title: 'Account Executive' }),
    user({ id: ids.liam, first: 'Liam', last: "O'Connor", status: 'DEPROVISIONED', createdDaysAgo: 800, lastLoginDaysAgo: 120, department: 'IT', title: 'Former Okta Admin', login: 'liam.oconnor@acme-corp.com' }),
    user({ id: ids.sofia, first: 'Sofia', last: 'Rossi', status: 'PROVISIONED', createdDaysAgo: 5, lastLoginDaysAgo: null, department: 'Marketing', title: 'Designer' }),
    user({ id: ids.daniel, first: 'Daniel', last: 'Kim', status: 'RECOVERY', createdDaysAgo: 450, lastLoginDaysAgo: 4, provider: 'FEDERATION', department: 'Sales', title: 'Sales Manager' }),
    user({ id: ids.backup, first: 'Backup', last: 'Service', status: 'ACTIVE', createdDaysAgo: 1200, lastLoginDaysAgo: 400, department: 'IT', title: 'Service account', login: 'svc.backup@acme-corp.com' }),
  ];

  const factor = (
    userId: string,
    factorType: UserFactorType,
    provider: UserFactorProvider,
    status: UserFactorStatus,
    prefix: string,
    profile: Record<string, unknown>,
  ): UserFactor => ({
    id: oktaId(prefix, `${userId.slice(3, 9)}${factorType.replace(/[^a-z]/g, '')}`),
    factorType,
    provider,
    vendorName: provider,
    status,
    created: ago(60),
    lastUpdated: ago(10),
    profile,
  });

  const email = (userId: string): string => users.find((candidate) => candidate.id === userId)?.profile.email ?? '';

  const factors: Record<string, UserFactor[]> = {
    [ids.maria]: [
      factor(ids.maria, 'push', 'OKTA', 'ACTIVE', 'opf', {
        credentialId: email(ids.maria),
        deviceType: 'SmartPhone_IPhone',
        name: "Maria's iPhone",
        platform: 'IOS',
        version: '17.4',
      }),
      factor(ids.maria, 'signed_nonce', 'OKTA', 'ACTIVE', 'pfd', { credentialId: email(ids.maria), deviceType: 'SmartPhone_IPhone', name: "Maria's iPhone", platform: 'IOS' }),
      factor(ids.maria, 'webauthn', 'FIDO', 'ACTIVE', 'fwf', { credentialId: 'AbC1dEf2gHi3jKl4', authenticatorName: 'YubiKey 5 NFC' }),
      factor(ids.maria, 'email', 'OKTA', 'ACTIVE', 'emf', { email: email(ids.maria) }),
    ],
    [ids.james]: [
      factor(ids.james, 'token:software:totp', 'GOOGLE', 'ACTIVE', 'ost', { credentialId: email(ids.james) }),
      factor(ids.james, 'sms', 'OKTA', 'ACTIVE', 'sms', { phoneNumber: '+1-555-0100' }),
    ],
    [ids.priya]: [
      factor(ids.priya, 'token:software:totp', 'OKTA', 'ACTIVE', 'ost', { credentialId: email(ids.priya) }),
      factor(ids.priya, 'u2f', 'FIDO', 'ACTIVE', 'fuf', { credentialId: 'U2fKeyHandle0001' }),
    ],
    // Only a security question: not MFA by the contract's definition.
    [ids.tom]: [
      factor(ids.tom, 'question', 'OKTA', 'ACTIVE', 'ufs', { question: 'favorite_art_piece', questionText: 'What is your favorite piece of art?' }),
      factor(ids.tom, 'call', 'OKTA', 'INACTIVE', 'clf', { phoneNumber: '+1-555-0101', phoneExtension: '1234' }),
    ],
    [ids.lucas]: [factor(ids.lucas, 'token:hardware', 'YUBICO', 'ACTIVE', 'ykf', { credentialId: 'cccccceukngdfgkukfctkcvfidnetljjiknckkcjulji' })],
    [ids.emma]: [
      factor(ids.emma, 'token', 'RSA', 'ACTIVE', 'rsa', { credentialId: email(ids.emma) }),
      factor(ids.emma, 'call', 'OKTA', 'ACTIVE', 'clf', { phoneNumber: '+1-555-0102' }),
    ],
    [ids.noah]: [
      factor(ids.noah, 'token:hotp', 'CUSTOM', 'ACTIVE', 'chf', { credentialId: email(ids.noah) }),
      factor(ids.noah, 'web', 'DUO', 'NOT_SETUP', 'dsf', { credentialId: email(ids.noah) }),
    ],
    [ids.olivia]: [factor(ids.olivia, 'push', 'OKTA', 'PENDING_ACTIVATION', 'opf', {})],
    [ids.liam]: [factor(ids.liam, 'token', 'SYMANTEC', 'INACTIVE', 'ssf', { credentialId: 'VSMT14393584' })],
    [ids.sofia]: [factor(ids.sofia, 'email', 'OKTA', 'NOT_SETUP', 'emf', { email: email(ids.sofia) })],
    [ids.daniel]: [
      factor(ids.daniel, 'sms', 'OKTA', 'ACTIVE', 'sms', { phoneNumber: '+1-555-0103' }),
      factor(ids.daniel, 'web', 'DUO', 'ACTIVE', 'dsf', { credentialId: email(ids.daniel) }),
    ],
  };

  const group = (id: string, name: string, description: string | null, type: OktaGroup['type'], extra: Partial<OktaGroup> = {}): OktaGroup => ({
    id,
    created: ago(1000),
    lastUpdated: ago(30),
    lastMembershipUpdated: ago(2),
    objectClass: ['okta:user_group'],
    type,
    profile: { name, description },
    ...extra,
  });

  const groupIds = EXAMPLE_GROUP_IDS;
  const groups: OktaGroup[] = [
    group(groupIds.everyone, 'Everyone', 'All users in your organization', 'BUILT_IN'),
    group(groupIds.engineering, 'Engineering', 'Engineering department', 'OKTA_GROUP'),
    group(groupIds.oktaAdmins, 'Okta-Admins', 'Organization administrators', 'OKTA_GROUP'),
    group(groupIds.finance, 'Finance', 'Finance approvers', 'OKTA_GROUP'),
    group(groupIds.adDomainUsers, 'Domain Users', 'All domain users (imported from Active Directory)', 'APP_GROUP', {
      objectClass: ['okta:windows_security_principal'],
      profile: {
        name: 'Domain Users',
        description: 'All domain users (imported from Active Directory)',
        dn: 'CN=Domain Users,CN=Users,DC=acme-corp,DC=com',
        samAccountName: 'Domain Users',
        windowsDomainQualifiedName: 'ACME\\Domain Users',
        externalId: 'kX7cVt1oQ0iUo3l1fCwFzA==',
        objectSid: 'S-1-5-21-1004336348-1177238915-682003330-513',
        groupType: 'Security',
        groupScope: 'Global',
      },
    }),
  ];

  const groupMembers: Record<string, string[]> = {
    [groupIds.everyone]: users.map((candidate) => candidate.id),
    [groupIds.engineering]: [ids.james, ids.priya, ids.noah, ids.lucas],
    // Liam kept his admin group after deprovisioning: a role held by an inactive account.
    [groupIds.oktaAdmins]: [ids.james, ids.liam],
    [groupIds.finance]: [ids.maria, ids.emma, ids.aisha],
    [groupIds.adDomainUsers]: [ids.james, ids.daniel],
  };

  const created = ago(600);
  const userRoles: OktaOrgFixture['userRoles'] = {
    [ids.maria]: [
      { id: oktaId('ra1', 'superadmin'), label: 'Super Organization Administrator', type: 'SUPER_ADMIN', status: 'ACTIVE', created, lastUpdated: created },
    ],
    [ids.priya]: [
      { id: oktaId('ra1', 'readonly'), label: 'Read-only Administrator', type: 'READ_ONLY_ADMIN', status: 'ACTIVE', created, lastUpdated: created },
    ],
    [ids.tom]: [
      {
        id: oktaId('irb', 'helpdesklite'),
        label: 'Helpdesk-Lite',
        type: 'CUSTOM',
        status: 'ACTIVE',
        created,
        lastUpdated: created,
        role: EXAMPLE_CUSTOM_ROLE_ID,
        'resource-set': EXAMPLE_RESOURCE_SET_ID,
      },
    ],
  };
  const groupRoles: OktaOrgFixture['groupRoles'] = {
    [groupIds.oktaAdmins]: [
      { id: oktaId('ra1', 'orgadmin'), label: 'Organization Administrator', type: 'ORG_ADMIN', status: 'ACTIVE', created, lastUpdated: created },
    ],
  };

  const appIds = EXAMPLE_APP_IDS;
  const app = (id: string, name: string, label: string, signOnMode: OktaApp['signOnMode'], settings: OktaApp['settings'], extra: Partial<OktaApp> = {}): OktaApp => ({
    id,
    orn: `orn:okta:idp:00o1simulatorOrg1d7:apps:${name}:${id}`,
    name,
    label,
    status: 'ACTIVE',
    created: ago(700),
    lastUpdated: ago(20),
    signOnMode,
    features: [],
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false } },
    credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' } },
    settings,
    _links: { accessPolicy: { href: `/api/v1/policies/${EXAMPLE_POLICY_IDS.defaultAccess}` } },
    ...extra,
  });

  const apps: OktaApp[] = [
    app(appIds.office365, 'office365', 'Microsoft Office 365', 'SAML_1_1', { app: { domain: 'acme-corp.com', msftTenant: 'acmecorp' } }, {
      features: ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION'],
      credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, signing: { kid: 'k7QpSimulatorSigningKid' } },
      _links: { accessPolicy: { href: `/api/v1/policies/${EXAMPLE_POLICY_IDS.office365Access}` } },
    }),
    app(appIds.salesforce, 'salesforce', 'Salesforce.com', 'SAML_2_0', {
      app: { instanceType: 'PRODUCTION', integrationType: 'STANDARD', loginUrl: 'https://acme-corp.my.salesforce.com' },
      signOn: { ssoAcsUrl: 'https://acme-corp.my.salesforce.com?so=00D5g000004ABCD', audience: 'https://saml.salesforce.com' },
    }),
    app(appIds.portal, 'oidc_client', 'Acme Portal', 'OPENID_CONNECT', {
      app: {},
      oauthClient: {
        application_type: 'web',
        redirect_uris: ['https://portal.acme-corp.com/oauth/callback'],
        initiate_login_uri: 'https://portal.acme-corp.com/login',
        grant_types: ['authorization_code'],
      },
    }, {
      credentials: { oauthClient: { client_id: oktaId('0oa', 'portalclient'), token_endpoint_auth_method: 'client_secret_basic' } },
    }),
    app(appIds.payroll, 'template_swa', 'Legacy Payroll', 'BROWSER_PLUGIN', {
      app: { url: 'https://payroll.example-vendor.com/login', usernameField: '#username', passwordField: '#password', buttonField: '#signin' },
    }),
    app(appIds.vendorPortal, 'acmecorp_vendorportal_1', 'Vendor Portal', 'AUTO_LOGIN', {
      signOn: { loginUrl: 'https://vendors.example.net/login', redirectUrl: null },
    }),
    app(appIds.sharedDrive, 'template_sps', 'Shared Drive Admin', 'SECURE_PASSWORD_STORE', {
      app: { url: 'https://nas.acme-corp.com/admin', usernameField: 'user', passwordField: 'pass', optionalField1: null },
    }),
    app(appIds.buildServer, 'template_basic_auth', 'Build Server', 'BASIC_AUTH', {
      app: { url: 'https://ci.acme-corp.com/', authURL: 'https://ci.acme-corp.com/login' },
    }),
    app(appIds.wiki, 'bookmark', 'Company Wiki', 'BOOKMARK', { app: { requestIntegration: false, url: 'https://wiki.acme-corp.com/' } }),
    app(appIds.oldCrm, 'acmecorp_oldcrm_1', 'Old CRM', 'SAML_2_0', {
      signOn: { ssoAcsUrl: 'https://crm-legacy.acme-corp.com/saml/acs', audience: 'https://crm-legacy.acme-corp.com' },
    }, { status: 'INACTIVE' }),
  ];

  const appUser = (userId: string, extra: Partial<AppUser> = {}): AppUser => ({
    id: userId,
    externalId: null,
    created: ago(300),
    lastUpdated: ago(3),
    scope: 'USER',
    status: 'ACTIVE',
    statusChanged: ago(300),
    passwordChanged: null,
    syncState: 'DISABLED',
    lastSync: null,
    credentials: { userName: email(userId) },
    profile: {},
    ...extra,
  });

  const o365 = (userId: string, immutableId: string, entraObjectId: string, userName = email(userId), status: AppUser['status'] = 'PROVISIONED'): AppUser =>
    appUser(userId, {
      externalId: entraObjectId,
      status,
      syncState: 'SYNCHRONIZED',
      lastSync: ago(0, 3),
      credentials: { userName },
      profile: { immutableId, displayName: null, usageLocation: 'US', licenses: ['ENTERPRISEPACK'] },
    });

  const appUsers: Record<string, AppUser[]> = {
    [appIds.office365]: [
      // ImmutableID = base64(objectGUID) from AD (the default mapping).
      o365(ids.maria, 'Zm9vYmFyLWd1aWQtMDAwMQ==', '6f1b2c3d-0001-4a5b-8c7d-111111111111'),
      o365(ids.james, 'kX7cVt1oQ0iUo3l1fCwJAA==', '6f1b2c3d-0002-4a5b-8c7d-222222222222'),
      // Cloud-only user with Okta's recommended mapping: the Okta user id.
      o365(ids.priya, ids.priya, '6f1b2c3d-0003-4a5b-8c7d-333333333333'),
      // UPN differing from the login only by case.
      o365(ids.tom, 'dG9tLWJlY2tlci1ndWlkMDE=', '6f1b2c3d-0004-4a5b-8c7d-444444444444', 'Tom.Becker@acme-corp.com'),
      o365(ids.liam, 'bGlhbS1vY29ubm9yLWd1aWQ=', '6f1b2c3d-0005-4a5b-8c7d-555555555555', email(ids.liam), 'DEPROVISIONED'),
    ],
    [appIds.salesforce]: [appUser(ids.maria, { scope: 'GROUP' }), appUser(ids.emma, { scope: 'GROUP' }), appUser(ids.aisha, { scope: 'GROUP' })],
    [appIds.payroll]: [appUser(ids.maria, { credentials: { userName: 'mlopez', password: {} } })],
    [appIds.buildServer]: [appUser(ids.james, { credentials: { userName: 'jchen', password: {} } })],
  };

  const appGroup = (groupId: string, priority: number) => ({ id: groupId, priority, lastUpdated: ago(100), profile: {} });
  const appGroups: OktaOrgFixture['appGroups'] = {
    [appIds.office365]: [appGroup(groupIds.engineering, 0), appGroup(groupIds.finance, 1)],
    [appIds.salesforce]: [appGroup(groupIds.finance, 0)],
    [appIds.portal]: [appGroup(groupIds.everyone, 0)],
    [appIds.wiki]: [appGroup(groupIds.everyone, 0)],
  };

  return {
    apiTokens: [
      { token: EXAMPLE_ORG_API_TOKEN },
      { token: EXAMPLE_ORG_NO_LOGS_API_TOKEN, scopes: EXAMPLE_ORG_SCOPES.filter((scope) => scope !== 'okta.logs.read') },
    ],
    serviceApps: [],
    users,
    factors,
    groups,
    groupMembers,
    userRoles,
    groupRoles,
    customRoles: [
      {
        id: EXAMPLE_CUSTOM_ROLE_ID,
        label: 'Helpdesk-Lite',
        description: 'Reset passwords and factors for standard users',
        created,
        lastUpdated: created,
      },
    ],
    apps,
    appUsers,
    appGroups,
    logs: exampleLogs(now, users),
    policies: examplePolicies(ago),
    policyRules: examplePolicyRules(ago),
  };
}

function exampleLogs(now: Date, users: OktaUser[]): LogEvent[] {
  const at = (hoursAgo: number): IsoDate => new Date(now.getTime() - hoursAgo * HOUR).toISOString();
  const byId = new Map(users.map((candidate) => [candidate.id, candidate]));
  const ids = EXAMPLE_USER_IDS;
  let sequence = 0;

  interface EventSpec {
    hoursAgo: number;
    eventType: string;
    actorId?: string;
    severity?: LogEvent['severity'];
    displayMessage: string;
    legacyEventType?: string | null;
    result?: string;
    reason?: string | null;
    ip?: string;
    city?: string;
    country?: string;
    risk?: NonNullable<LogEvent['securityContext']>['risk'];
    debugData?: Record<string, string>;
    target?: LogEvent['target'];
  }

  const event = (spec: EventSpec): LogEvent => {
    sequence += 1;
    const actor = spec.actorId ? byId.get(spec.actorId) : undefined;
    const requestId = `aZ3x9Q${String(sequence).padStart(4, '0')}`;
    const securityContext: LogEvent['securityContext'] = {
      asNumber: 64500 + sequence,
      asOrg: 'example transit',
      isp: 'example isp',
      domain: 'example.net',
      isProxy: false,
    };
    if (spec.risk) securityContext.risk = spec.risk;
    return {
      uuid: `4b1e7f2a-3c9d-11f1-9a2b-${String(sequence).padStart(12, '0')}`,
      published: at(spec.hoursAgo),
      eventType: spec.eventType,
      version: '0',
      severity: spec.severity ?? 'INFO',
      legacyEventType: spec.legacyEventType ?? null,
      displayMessage: spec.displayMessage,
      actor: actor
        ? { id: actor.id, type: 'User', alternateId: actor.profile.login, displayName: `${actor.profile.firstName ?? ''} ${actor.profile.lastName ?? ''}`.trim(), detailEntry: null }
        : { id: oktaId('0oa', 'system'), type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System', detailEntry: null },
      client: {
        userAgent: { rawUserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/125.0', os: 'Windows 10', browser: 'CHROME' },
        zone: 'null',
        device: 'Computer',
        id: null,
        ipAddress: spec.ip ?? '198.51.100.20',
        geographicalContext: {
          city: spec.city ?? 'Chicago',
          state: null,
          country: spec.country ?? 'United States',
          postalCode: null,
          geolocation: { lat: 41.8781, lon: -87.6298 },
        },
      },
      authenticationContext: {
        authenticationProvider: null,
        credentialProvider: null,
        credentialType: null,
        issuer: null,
        interface: null,
        authenticationStep: 0,
        externalSessionId: `102${requestId}`,
      },
      outcome: { result: spec.result ?? 'SUCCESS', reason: spec.reason ?? null },
      securityContext,
      debugContext: { debugData: { requestId, requestUri: '/idp/idx/identify', threatSuspected: 'false', ...spec.debugData } },
      transaction: { type: 'WEB', id: requestId, detail: {} },
      request: {
        ipChain: [
          {
            ip: spec.ip ?? '198.51.100.20',
            geographicalContext: { city: spec.city ?? 'Chicago', country: spec.country ?? 'United States' },
            version: 'V4',
            source: null,
          },
        ],
      },
      target: spec.target ?? [],
    };
  };

  const appTarget = (id: string, name: string, label: string): NonNullable<LogEvent['target']> => [
    { id, type: 'AppInstance', alternateId: label, displayName: label, detailEntry: { signOnModeType: name } },
  ];

  return [
    event({ hoursAgo: 70, eventType: 'user.session.start', actorId: ids.maria, displayMessage: 'User login to Okta', legacyEventType: 'core.user_auth.login_success', risk: { level: 'LOW', reasons: [] } }),
    // Legacy string encoding only; the reasons contain commas.
    event({
      hoursAgo: 60,
      eventType: 'user.session.start',
      actorId: ids.emma,
      severity: 'WARN',
      displayMessage: 'User login to Okta',
      legacyEventType: 'core.user_auth.login_failed',
      result: 'FAILURE',
      reason: 'VERIFICATION_ERROR',
      ip: '203.0.113.54',
      city: 'Lagos',
      country: 'Nigeria',
      debugData: {
        risk: '{reasons=Anomalous Location, Anomalous Device, New IP, level=HIGH}',
        behaviors: '{New Geo-Location=POSITIVE, New Device=POSITIVE, New IP=POSITIVE, New State=POSITIVE, New Country=POSITIVE, Velocity=POSITIVE, New City=POSITIVE}',
      },
    }),
    event({ hoursAgo: 55, eventType: 'user.account.lock', actorId: ids.emma, severity: 'WARN', displayMessage: 'Max sign in attempts exceeded', result: 'SUCCESS' }),
    event({ hoursAgo: 50, eventType: 'user.session.start', actorId: ids.james, displayMessage: 'User login to Okta', risk: { level: 'MEDIUM', reasons: ['New Device'] } }),
    event({
      hoursAgo: 49,
      eventType: 'user.authentication.sso',
      actorId: ids.james,
      displayMessage: 'User single sign on to app',
      target: appTarget(EXAMPLE_APP_IDS.office365, 'SAML_1_1', 'Microsoft Office 365'),
    }),
    // Both encodings, disagreeing: the structured field says HIGH, the legacy string LOW.
    event({
      hoursAgo: 40,
      eventType: 'user.session.start',
      actorId: ids.daniel,
      displayMessage: 'User login to Okta',
      ip: '192.0.2.77',
      city: 'Frankfurt',
      country: 'Germany',
      risk: { level: 'HIGH', reasons: ['Anomalous Location', 'Impossible Travel'] },
      debugData: { risk: '{reasons=Anomalous Location, level=LOW}' },
    }),
    event({ hoursAgo: 36, eventType: 'user.mfa.factor.activate', actorId: ids.priya, displayMessage: 'Activate factor or authenticator' }),
    // A threat with no level anywhere.
    event({
      hoursAgo: 30,
      eventType: 'security.threat.detected',
      severity: 'WARN',
      displayMessage: 'Request from suspicious actor',
      result: 'DENY',
      reason: 'Password Spray',
      ip: '203.0.113.200',
      city: 'Unknown',
      country: 'Unknown',
      debugData: { threatSuspected: 'true' },
    }),
    event({
      hoursAgo: 24,
      eventType: 'user.authentication.sso',
      actorId: ids.maria,
      displayMessage: 'User single sign on to app',
      target: appTarget(EXAMPLE_APP_IDS.salesforce, 'SAML_2_0', 'Salesforce.com'),
    }),
    event({ hoursAgo: 20, eventType: 'policy.evaluate_sign_on', actorId: ids.tom, displayMessage: 'Evaluation of sign-on policy', result: 'ALLOW' }),
    event({
      hoursAgo: 12,
      eventType: 'user.session.start',
      actorId: ids.noah,
      displayMessage: 'User login to Okta',
      risk: { level: 'LOW' },
      debugData: { behaviors: '{New Geo-Location=NEGATIVE, New Device=NEGATIVE, New IP=NEGATIVE, New State=NEGATIVE, New Country=NEGATIVE, Velocity=NEGATIVE, New City=NEGATIVE}' },
    }),
    event({
      hoursAgo: 6,
      eventType: 'user.account.privilege.grant',
      actorId: ids.maria,
      displayMessage: 'Grant user privilege',
      target: [{ id: ids.priya, type: 'User', alternateId: 'priya.patel@acme-corp.com', displayName: 'Priya Patel', detailEntry: null }],
    }),
    event({ hoursAgo: 2, eventType: 'user.session.end', actorId: ids.maria, displayMessage: 'User logout from Okta' }),
  ];
}

function examplePolicies(ago: (days: number) => IsoDate): OktaOrgFixture['policies'] {
  const policy = (id: string, type: OktaPolicy['type'], name: string, priority: number, system: boolean, extra: Partial<OktaPolicy> = {}): OktaPolicy => ({
    id,
    type,
    name,
    description: null,
    status: 'ACTIVE',
    priority,
    system,
    conditions: null,
    created: ago(900),
    lastUpdated: ago(60),
    ...extra,
  });
  const policyIds = EXAMPLE_POLICY_IDS;
  return {
    OKTA_SIGN_ON: [
      policy(policyIds.globalSession, 'OKTA_SIGN_ON', 'Default Policy', 1, true, {
        description: 'The default global session policy',
        conditions: { people: { groups: { include: [EXAMPLE_GROUP_IDS.everyone] } } },
      }),
    ],
    ACCESS_POLICY: [
      policy(policyIds.office365Access, 'ACCESS_POLICY', 'Microsoft Office 365', 1, false, { description: 'Office 365 app sign-on policy' }),
      policy(policyIds.defaultAccess, 'ACCESS_POLICY', 'Default Policy', 2, true, { description: 'Any two factors' }),
    ],
    MFA_ENROLL: [
      policy(policyIds.mfaEnroll, 'MFA_ENROLL', 'Default Policy', 1, true, {
        conditions: { people: { groups: { include: [EXAMPLE_GROUP_IDS.everyone] } } },
        settings: {
          type: 'AUTHENTICATORS',
          authenticators: [
            { key: 'okta_verify', enroll: { self: 'REQUIRED' } },
            { key: 'webauthn', enroll: { self: 'OPTIONAL' } },
            { key: 'phone_number', enroll: { self: 'OPTIONAL' } },
            { key: 'okta_email', enroll: { self: 'OPTIONAL' } },
            { key: 'google_otp', enroll: { self: 'OPTIONAL' } },
            { key: 'security_question', enroll: { self: 'NOT_ALLOWED' } },
          ],
        },
      }),
    ],
  };
}

function examplePolicyRules(ago: (days: number) => IsoDate): Record<string, OktaPolicyRule[]> {
  const rule = (id: string, type: string, name: string, priority: number, system: boolean, conditions: Record<string, unknown> | null, actions: Record<string, unknown>): OktaPolicyRule => ({
    id,
    type,
    name,
    status: 'ACTIVE',
    priority,
    system,
    conditions,
    actions,
    created: ago(900),
    lastUpdated: ago(60),
  });
  const policyIds = EXAMPLE_POLICY_IDS;
  const session = { maxSessionIdleMinutes: 120, maxSessionLifetimeMinutes: 0, usePersistentCookie: false };
  return {
    [policyIds.globalSession]: [
      rule(oktaId('0pr', 'adminsmfa'), 'SIGN_ON', 'Admins require MFA', 1, false,
        { people: { groups: { include: [EXAMPLE_GROUP_IDS.oktaAdmins] } }, network: { connection: 'ANYWHERE' }, riskScore: { level: 'ANY' } },
        { signon: { access: 'ALLOW', requireFactor: true, factorPromptMode: 'ALWAYS', primaryFactor: 'PASSWORD_IDP_ANY_FACTOR', rememberDeviceByDefault: false, session } }),
      rule(oktaId('0pr', 'signondefault'), 'SIGN_ON', 'Default Rule', 99, true,
        { people: { groups: { include: [EXAMPLE_GROUP_IDS.everyone] } }, network: { connection: 'ANYWHERE' } },
        { signon: { access: 'ALLOW', requireFactor: false, primaryFactor: 'PASSWORD_IDP_ANY_FACTOR', rememberDeviceByDefault: false, session } }),
    ],
    [policyIds.office365Access]: [
      rule(oktaId('rul', 'o365mfa'), 'ACCESS_POLICY', 'Require phishing-resistant MFA', 0, false,
        { people: { groups: { include: [EXAMPLE_GROUP_IDS.engineering, EXAMPLE_GROUP_IDS.finance] } }, network: { connection: 'ANYWHERE' } },
        {
          appSignOn: {
            access: 'ALLOW',
            verificationMethod: {
              type: 'ASSURANCE',
              factorMode: '2FA',
              reauthenticateIn: 'PT2H',
              constraints: [{ possession: { required: true, phishingResistant: 'REQUIRED', userPresence: 'REQUIRED' } }],
            },
          },
        }),
      rule(oktaId('rul', 'o365catchall'), 'ACCESS_POLICY', 'Catch-all Rule', 99, true, null,
        { appSignOn: { access: 'ALLOW', verificationMethod: { type: 'ASSURANCE', factorMode: '1FA', reauthenticateIn: 'PT12H', constraints: [] } } }),
    ],
    [policyIds.defaultAccess]: [
      rule(oktaId('rul', 'defaultcatch'), 'ACCESS_POLICY', 'Catch-all Rule', 99, true, null,
        {
          appSignOn: {
            access: 'ALLOW',
            verificationMethod: {
              type: 'ASSURANCE',
              factorMode: '2FA',
              reauthenticateIn: 'PT12H',
              constraints: [{ possession: { methods: ['SMS', 'VOICE', 'EMAIL', 'PUSH'] } }],
            },
          },
        }),
    ],
    [policyIds.mfaEnroll]: [
      rule(oktaId('0pr', 'enrolldefault'), 'MFA_ENROLL', 'Default Rule', 99, true,
        { people: { users: { exclude: [] } }, network: { connection: 'ANYWHERE' } },
        { enroll: { self: 'CHALLENGE' } }),
    ],
  };
}
