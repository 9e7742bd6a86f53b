/**
 * The SaaS and internal applications of the company, decided once for both IdPs: which exist in
 * Entra, which in Okta, and which in both (same display name, a name differing only in case or
 * punctuation, or only the same sign-on host), plus the password-SSO apps that are SSO gaps.
 */
import type { OktaSignOnMode } from '../okta/fixture.js';
import type { ScenarioContext } from './context.js';
import { streamOf } from './context.js';
import { MIN_ENTRA_APPS, MIN_OKTA_APPS, PEOPLE_PER_ENTRA_APP, PEOPLE_PER_OKTA_APP } from './distributions.js';
import { DEPARTMENTS } from './pools.js';

export type EntraSso = 'saml' | 'oidc' | 'password' | null;

export interface EntraAppSpec {
  displayName: string;
  sso: EntraSso;
  /** SAML reply (ACS) URLs or OIDC redirect URIs. */
  replyUrls: string[];
  loginUrl: string | null;
  /** Graph application permissions granted (admin-consented). */
  graphAppPermissions: string[];
  /** Graph delegated scopes consented for all users; null = none. */
  delegatedScope: string | null;
  /** Holds a directory role (the HR provisioning bridge). */
  role?: string;
  /** The connector's own registration: its appId is the configured client id. */
  isConnector?: boolean;
}

export interface OktaAppSpec {
  label: string;
  /** OIN key, or a template name (template_swa...), or '' for a custom app ({org}_{label}_{n}). */
  name: string;
  signOnMode: OktaSignOnMode;
  status: 'ACTIVE' | 'INACTIVE';
  /** ACS URL, login URL, redirect URI or bookmark URL, by sign-on mode. */
  url: string;
  /** Uses the access policy that asks for a single factor. */
  oneFactor?: boolean;
}

export interface CatalogApp {
  key: string;
  entra: EntraAppSpec | null;
  okta: OktaAppSpec | null;
  /** How the two sides match, for apps in both: the contract's ssoOverlap rules. */
  match: 'name' | 'host' | null;
}

export interface AppCatalog {
  apps: CatalogApp[];
  entraCount: number;
  oktaCount: number;
}

function entra(displayName: string, sso: EntraSso, replyUrls: string[], extra: Partial<EntraAppSpec> = {}): EntraAppSpec {
  return { displayName, sso, replyUrls, loginUrl: null, graphAppPermissions: [], delegatedScope: sso === null ? null : 'openid profile email User.Read', ...extra };
}

function okta(label: string, name: string, signOnMode: OktaSignOnMode, url: string, extra: Partial<OktaAppSpec> = {}): OktaAppSpec {
  return { label, name, signOnMode, status: 'ACTIVE', url, ...extra };
}

function coreApps(c: ScenarioContext): CatalogApp[] {
  const p = c.tenantPrefix;
  const d = c.domain;
  return [
    // Same app in both IdPs, matched by name (exactly, or once case and punctuation are gone).
    { key: 'salesforce', match: 'name', entra: entra('Salesforce', 'saml', [`https://${p}.my.salesforce.com`], { loginUrl: `https://${p}.my.salesforce.com` }), okta: okta('Salesforce', 'salesforce', 'SAML_2_0', `https://${p}.my.salesforce.com?so=00D5g000004Xyz1`) },
    { key: 'workday', match: 'name', entra: entra('Workday', 'saml', [`https://wd5.myworkday.com/${p}/login-saml.htmld`]), okta: okta('Workday', 'workday', 'SAML_2_0', `https://wd5.myworkday.com/${p}/login-saml.htmld`) },
    { key: 'slack', match: 'name', entra: entra('Slack', 'saml', [`https://${p}.slack.com/sso/saml`]), okta: okta('slack', 'slack', 'SAML_2_0', `https://${p}.slack.com/sso/saml`) },
    { key: 'servicenow', match: 'name', entra: entra('ServiceNow', 'saml', [`https://${p}.service-now.com/navpage.do`]), okta: okta('Service-Now', 'servicenow_app2', 'SAML_2_0', `https://${p}.service-now.com/navpage.do`) },
    { key: 'zoom', match: 'name', entra: entra('Zoom', 'saml', [`https://${p}.zoom.us/saml/SSO`]), okta: okta('ZOOM', 'zoomus', 'SAML_2_0', `https://${p}.zoom.us/saml/SSO`) },
    // Same app, different names: only the sign-on host matches.
    { key: 'github', match: 'host', entra: entra('GitHub Enterprise Cloud - Enterprise Account', 'saml', [`https://github.com/enterprises/${p}/saml/consume`]), okta: okta('GitHub Enterprise Cloud', 'githubcloud', 'SAML_2_0', `https://github.com/enterprises/${p}/saml/consume`) },
    { key: 'concur', match: 'host', entra: entra('Concur', 'saml', ['https://www.concursolutions.com/SAMLRedirector/SAMLReceiver.ashx']), okta: okta('SAP Concur Travel', 'concur', 'SAML_2_0', 'https://www.concursolutions.com/SAMLRedirector/SAMLReceiver.ashx') },
    // Password SSO on both sides: an SSO gap in each IdP, and the same app.
    {
      key: 'legacy-expenses',
      match: 'name',
      entra: entra('Legacy Expense Portal', 'password', [], { loginUrl: 'https://expenses.legacy-vendor.example/login', delegatedScope: null }),
      okta: okta('Legacy Expense Portal', '', 'AUTO_LOGIN', 'https://expenses.legacy-vendor.example/login', { oneFactor: true }),
    },
    { key: 'hr-portal', match: 'name', entra: entra('Internal HR Portal', 'oidc', [`https://hr.${d}/signin-oidc`], { graphAppPermissions: ['User.Read.All'] }), okta: okta('Internal HR Portal', 'oidc_client', 'OPENID_CONNECT', `https://hr.${d}/signin-oidc`) },
    // Entra only.
    { key: 'figma', match: null, entra: entra('Figma', 'saml', ['https://www.figma.com/saml/consume']), okta: null },
    { key: 'dropbox', match: null, entra: entra('Dropbox Business', 'saml', ['https://www.dropbox.com/saml_login']), okta: null },
    { key: 'audit-connector', match: null, entra: entra('audit-connector', null, [], { graphAppPermissions: ['AuditLog.Read.All', 'Directory.Read.All'] }), okta: null },
    { key: 'terraform', match: null, entra: entra('Terraform Automation', null, [], { graphAppPermissions: ['Application.ReadWrite.All', 'Directory.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All'] }), okta: null },
    { key: 'backup', match: null, entra: entra('Backup Agent', null, [], { graphAppPermissions: ['Files.ReadWrite.All', 'Sites.ReadWrite.All', 'Mail.Read'] }), okta: null },
    { key: 'payroll-api', match: null, entra: entra('Payroll API', null, [], { graphAppPermissions: ['User.Read.All'] }), okta: null },
    { key: 'datalake', match: null, entra: entra('Data Lake Ingest', null, [], { graphAppPermissions: ['Directory.Read.All', 'Reports.Read.All'] }), okta: null },
    { key: 'hr-bridge', match: null, entra: entra('HR Provisioning Bridge', null, [], { graphAppPermissions: ['User.ReadWrite.All'], role: 'fe930be7-5e62-47db-91af-98c3a49a38b1' }), okta: null },
    { key: 'connector', match: null, entra: entra('Identity Twin Connector', null, [], { isConnector: true }), okta: null },
    // Okta only.
    { key: 'twitter', match: null, entra: null, okta: okta('Twitter', 'template_swa', 'BROWSER_PLUGIN', 'https://twitter.com/login') },
    { key: 'payroll-vendor', match: null, entra: null, okta: okta('Payroll Vendor Portal', 'template_sps', 'SECURE_PASSWORD_STORE', 'https://portal.payroll-vendor.example/signin') },
    { key: 'wiki', match: null, entra: null, okta: okta('Intranet Wiki', 'template_basic_auth', 'BASIC_AUTH', `https://wiki.${d}/`) },
    { key: 'service-desk', match: null, entra: null, okta: okta('IT Service Desk', 'bookmark', 'BOOKMARK', `https://servicedesk.${d}/`) },
    { key: 'old-crm', match: null, entra: null, okta: okta('Old CRM (retired)', 'oldcrm', 'SAML_2_0', `https://crm-old.${d}/saml/acs`, { status: 'INACTIVE' }) },
    { key: 'zendesk', match: null, entra: null, okta: okta('Zendesk', 'zendesk', 'SAML_2_0', `https://${p}.zendesk.com/access/saml`) },
  ];
}

/** More well-known SaaS for larger tenants; each lands in Entra, Okta or both. */
const MORE_SAAS: ReadonlyArray<readonly [string, string, string]> = [
  ['Box', 'boxnet', 'https://sso.services.box.net/sp/ACS.saml2'],
  ['DocuSign', 'docusign', 'https://account.docusign.com/saml/acs'],
  ['Tableau Cloud', 'tableauonline', 'https://sso.online.tableau.com/public/sp/SSO'],
  ['Atlassian Cloud', 'atlassian', 'https://auth.atlassian.com/login/callback'],
  ['Miro', 'miro', 'https://miro.com/sso/saml'],
  ['Asana', 'asana', 'https://app.asana.com/-/saml/consume'],
  ['Smartsheet', 'smartsheet', 'https://saml.smartsheet.com/saml2/idpresponse'],
  ['Adobe Creative Cloud', 'adobe_creative_cloud', 'https://federatedid-na1.services.adobe.com/federated/saml/SSO'],
  ['Zscaler Internet Access', 'zscaler', 'https://login.zscaler.net/sfc_sso'],
  ['Cisco Webex', 'webex', 'https://idbroker.webex.com/idb/Consumer/metaAlias/sp'],
  ['Greenhouse', 'greenhouse', 'https://app.greenhouse.io/users/saml/consume'],
  ['BambooHR', 'bamboohr', 'https://api.bamboohr.com/saml/consume'],
  ['HubSpot', 'hubspot', 'https://api.hubspot.com/login-api/v1/saml/acs'],
  ['Datadog', 'datadog', 'https://app.datadoghq.com/account/saml/assertion'],
  ['PagerDuty', 'pagerduty', 'https://app.pagerduty.com/sso/saml/consume'],
  ['Snowflake', 'snowflake', 'https://app.snowflake.com/fed/login'],
  ['Splunk Cloud', 'splunk', 'https://splunkcloud.com/saml/acs'],
  ['Lucid', 'lucidchart', 'https://lucid.app/saml/sso'],
  ['Egnyte', 'egnyte', 'https://egnyte.com/samlconsumer'],
  ['Coupa', 'coupa', 'https://coupahost.com/sp/ACS.saml2'],
];

const NOUNS = ['Portal', 'API', 'Dashboard', 'Sync', 'Reporting', 'Scheduler', 'Gateway', 'Connector', 'Tracker', 'Console'];

export function buildAppCatalog(context: ScenarioContext, people: number): AppCatalog {
  const rng = streamOf(context, 'app-catalog');
  const apps = coreApps(context);
  // office365 is built apart (it depends on the Entra tenant), so it counts toward Okta's total here.
  const entraTarget = Math.max(MIN_ENTRA_APPS, Math.round(people / PEOPLE_PER_ENTRA_APP));
  const oktaTarget = Math.max(MIN_OKTA_APPS, Math.round(people / PEOPLE_PER_OKTA_APP)) - 1;
  let entraCount = apps.filter((a) => a.entra).length;
  let oktaCount = apps.filter((a) => a.okta).length;

  for (const [name, oin, acs] of MORE_SAAS) {
    if (entraCount >= entraTarget && oktaCount >= oktaTarget) break;
    const wantEntra = entraCount < entraTarget;
    const wantOkta = oktaCount < oktaTarget;
    const both = wantEntra && wantOkta && rng.chance(0.6);
    const side = both ? 'both' : wantEntra && (!wantOkta || rng.chance(0.5)) ? 'entra' : 'okta';
    apps.push({
      key: oin,
      match: side === 'both' ? 'name' : null,
      entra: side === 'okta' ? null : entra(name, 'saml', [acs]),
      okta: side === 'entra' ? null : okta(name, oin, 'SAML_2_0', acs),
    });
    if (side !== 'okta') entraCount++;
    if (side !== 'entra') oktaCount++;
  }

  let serial = 0;
  while (entraCount < entraTarget || oktaCount < oktaTarget) {
    serial++;
    const dept = DEPARTMENTS[rng.int(DEPARTMENTS.length)] ?? DEPARTMENTS[0];
    const label = `${dept ? dept.name : 'Corp'} ${rng.pick(NOUNS)} ${serial}`;
    const host = `https://${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.apps.${context.domain}`;
    if (entraCount < entraTarget) {
      const sso = rng.chance(0.3) ? 'oidc' : null;
      apps.push({ key: `entra-${serial}`, match: null, entra: entra(label, sso, sso ? [`${host}/signin-oidc`] : []), okta: null });
      entraCount++;
    } else {
      const mode = rng.pick<OktaSignOnMode>(['SAML_2_0', 'SAML_2_0', 'OPENID_CONNECT', 'BROWSER_PLUGIN', 'BOOKMARK']);
      const name = mode === 'OPENID_CONNECT' ? 'oidc_client' : mode === 'BROWSER_PLUGIN' ? 'template_swa' : mode === 'BOOKMARK' ? 'bookmark' : '';
      apps.push({ key: `okta-${serial}`, match: null, entra: null, okta: okta(label, name, mode, `${host}/sso`) });
      oktaCount++;
    }
  }
  return { apps, entraCount, oktaCount: oktaCount + 1 };
}
