/**
 * IdentityPosture.crossIdp: what only a view across both identity providers shows. Every number follows
 * the contract's CrossIdpPosture, MfaGapKind and RoleConflictKind descriptions.
 *
 * Choices the contract leaves open:
 * - MfaGap.accounts: NO_MFA_ANYWHERE lists the person's active accounts; MFA_ONLY_IN_OKTA the active Entra
 *   accounts without MFA and the active Okta accounts with it (MFA_ONLY_IN_ENTRA mirrored);
 *   PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA the accounts holding a privileged role actively.
 * - federatedThroughOkta is set on MFA_ONLY_IN_OKTA when an ACTIVE Okta app named office365 exists: Okta
 *   then federates the Entra tenant, so the Entra sign-in runs through Okta's MFA.
 * - ssoOverlap pairs Entra *service principals* (the enterprise apps users sign in to; loginUrl and
 *   replyUrls are theirs) with Okta apps; app registrations alone are not integrations. No first-party
 *   filter: the contract's rule is applied as written.
 * - Gaps and conflicts are ordered by kind (enum order), then person displayName and id.
 */
import type { Graph } from '../neo4j/driver.js';
import type { Source } from '../model/vocabulary.js';
import {
  ACCOUNT_PROJECTION,
  APPLICATION_PROJECTION,
  PERSON_PROJECTION,
  type AccountView,
  type ApplicationView,
  type CrossIdpPostureView,
  type MfaGapView,
  type PersonView,
  type RoleConflictView,
} from './views.js';
import { ALL_HOLDERS, ROLE_NAME, byAccountOrder, cmp } from './cypher.js';
import { phishingResistantGap, roleConflicts, type PrivilegedPersonFacts, type RoleHold } from './privilege-rules.js';
import {
  ENTRA_READ_ONLY, ENTRA_TIER0, MFA_GAP_KINDS, OKTA_READ_ONLY, OKTA_TIER0, ROLE_CONFLICT_KINDS, normalizeAppName, type MfaGapKind,
} from '../model/vocabulary.js';

export async function crossIdpPosture(graph: Graph): Promise<CrossIdpPostureView> {
  const [counts, mfa, privileged, federated, apps] = await Promise.all([
    peopleCounts(graph),
    mfaGaps(graph),
    privilegedPeople(graph),
    oktaFederatesEntra(graph),
    ssoApps(graph),
  ]);
  const gaps: MfaGapView[] = [
    ...mfa.map((g) => ({ ...g, federatedThroughOkta: g.kind === 'MFA_ONLY_IN_OKTA' && federated })),
    ...privileged.flatMap((f) => phishingResistantGap(f) ?? []),
  ];
  const conflicts = privileged.flatMap(roleConflicts);
  return {
    ...counts,
    mfaGaps: gaps.sort((a, b) => MFA_GAP_KINDS.indexOf(a.kind) - MFA_GAP_KINDS.indexOf(b.kind) || byPerson(a.person, b.person)),
    roleConflicts: conflicts.sort(
      (a: RoleConflictView, b: RoleConflictView) =>
        ROLE_CONFLICT_KINDS.indexOf(a.kind) - ROLE_CONFLICT_KINDS.indexOf(b.kind) || byPerson(a.person, b.person),
    ),
    ...ssoFindings(apps),
  };
}

function byPerson(a: PersonView, b: PersonView): number {
  return cmp(a.displayName, b.displayName) || cmp(a.id, b.id);
}

export async function peopleCounts(graph: Graph): Promise<{ inBoth: number; onlyInEntra: number; onlyInOkta: number }> {
  const [row] = await graph.read<{ inBoth: number; onlyInEntra: number; onlyInOkta: number }>(
    `OPTIONAL MATCH (p:Person)-[:HAS_ACCOUNT]->(a:Account)
     WITH p, count(CASE WHEN a:EntraUser THEN 1 END) AS entra, count(CASE WHEN a:EntraUser AND a.active = true THEN 1 END) AS entraActive,
             count(CASE WHEN a:OktaUser THEN 1 END) AS okta, count(CASE WHEN a:OktaUser AND a.active = true THEN 1 END) AS oktaActive
     RETURN count(CASE WHEN entra > 0 AND okta > 0 THEN 1 END) AS inBoth,
            count(CASE WHEN entraActive > 0 AND okta = 0 THEN 1 END) AS onlyInEntra,
            count(CASE WHEN oktaActive > 0 AND entra = 0 THEN 1 END) AS onlyInOkta`,
  );
  return row ?? { inBoth: 0, onlyInEntra: 0, onlyInOkta: 0 };
}

/** NO_MFA_ANYWHERE, MFA_ONLY_IN_OKTA and MFA_ONLY_IN_ENTRA, filtered in the database (one pass over people). */
async function mfaGaps(graph: Graph): Promise<Array<Omit<MfaGapView, 'federatedThroughOkta'>>> {
  const rows = await graph.read<{ kind: MfaGapKind; person: PersonView; accounts: AccountView[] }>(
    `MATCH (p:Person)-[:HAS_ACCOUNT]->(a:Account) WHERE a.active = true
     WITH p, collect(a) AS act
     WITH p, act,
          [a IN act WHERE a:EntraUser AND coalesce(a.mfaRegistered, false) = false] AS entraWithout,
          [a IN act WHERE a:EntraUser AND a.mfaRegistered = true] AS entraWith,
          [a IN act WHERE a:OktaUser AND coalesce(a.mfaRegistered, false) = false] AS oktaWithout,
          [a IN act WHERE a:OktaUser AND a.mfaRegistered = true] AS oktaWith
     UNWIND [
       CASE WHEN size(entraWith) + size(oktaWith) = 0 THEN {kind: 'NO_MFA_ANYWHERE', accounts: act} END,
       CASE WHEN size(entraWithout) > 0 AND size(oktaWith) > 0 THEN {kind: 'MFA_ONLY_IN_OKTA', accounts: entraWithout + oktaWith} END,
       CASE WHEN size(oktaWithout) > 0 AND size(entraWith) > 0 THEN {kind: 'MFA_ONLY_IN_ENTRA', accounts: oktaWithout + entraWith} END
     ] AS gap
     WITH p, gap WHERE gap IS NOT NULL
     RETURN gap.kind AS kind, ${PERSON_PROJECTION} AS person, [a IN gap.accounts | ${ACCOUNT_PROJECTION}] AS accounts`,
  );
  return rows.map((r) => ({ kind: r.kind, person: r.person, accounts: r.accounts.sort(byAccountOrder) }));
}

/** People holding a privileged role actively or through PIM, with all their accounts and holds. */
async function privilegedPeople(graph: Graph): Promise<PrivilegedPersonFacts[]> {
  const rows = await graph.read<{ person: PersonView; holds: RoleHold[]; accounts: AccountView[] }>(
    `MATCH (r:Role)
     WITH r, CASE WHEN r.source = 'OKTA' THEN r.roleKey ELSE toLower(r.roleKey) END AS roleKey
     WITH r,
          coalesce(r.privileged, CASE WHEN r.source = 'OKTA' THEN NOT roleKey IN $oktaReadOnly ELSE NOT roleKey IN $entraReadOnly END) AS privileged,
          coalesce(r.tier0, CASE WHEN r.source = 'OKTA' THEN roleKey IN $oktaTier0 ELSE roleKey IN $entraTier0 END) AS tier0
     WHERE privileged
     MATCH ${ALL_HOLDERS}
     WHERE h.assignment IN ['active', 'eligible']
     MATCH (p:Person)-[:HAS_ACCOUNT]->(a)
     WITH p, a, r, tier0, collect(DISTINCT h.assignment) AS how
     WITH p, collect({accountId: a.key, source: r.source, role: ${ROLE_NAME}, tier0: tier0, active: 'active' IN how}) AS holds
     CALL (p) {
       MATCH (p)-[:HAS_ACCOUNT]->(a:Account)
       RETURN collect(${ACCOUNT_PROJECTION}) AS accounts
     }
     RETURN ${PERSON_PROJECTION} AS person, holds, accounts`,
    {
      oktaReadOnly: [...OKTA_READ_ONLY],
      entraReadOnly: [...ENTRA_READ_ONLY],
      oktaTier0: [...OKTA_TIER0],
      entraTier0: [...ENTRA_TIER0],
    },
  );
  return rows.map((r) => ({ person: r.person, holds: r.holds, accounts: r.accounts.sort(byAccountOrder) }));
}

async function oktaFederatesEntra(graph: Graph): Promise<boolean> {
  const [row] = await graph.read<{ federated: boolean }>(
    `RETURN EXISTS { MATCH (app:OktaApp) WHERE app.name = 'office365' AND app.status = 'ACTIVE' } AS federated`,
  );
  return row?.federated ?? false;
}

interface SsoApp {
  app: ApplicationView;
  nameNorm: string | null;
  hosts: string[];
  passwordSso: boolean;
}

/** The apps both sides can overlap on: few thousand at most, joined in memory by name and host. */
async function ssoApps(graph: Graph): Promise<SsoApp[]> {
  const rows = await graph.read<{ app: ApplicationView; nameNorm: string | null; hosts: string[] | null; passwordSso: boolean | null }>(
    `MATCH (app:Application) WHERE app:ServicePrincipal OR app:OktaApp
     RETURN ${APPLICATION_PROJECTION} AS app, app.nameNorm AS nameNorm, app.signOnHosts AS hosts, app.passwordSso AS passwordSso`,
  );
  return rows.map((r) => ({
    app: r.app,
    nameNorm: r.nameNorm ?? normalizeAppName(r.app.displayName),
    hosts: [...new Set((r.hosts ?? []).map((h) => h.trim().toLowerCase()).filter((h) => h !== ''))],
    passwordSso: r.passwordSso === true,
  }));
}

function byApp(a: ApplicationView, b: ApplicationView): number {
  return cmp(a.displayName, b.displayName) || cmp(a.id, b.id);
}

export function ssoFindings(apps: readonly SsoApp[]): Pick<CrossIdpPostureView, 'ssoOverlap' | 'ssoGaps'> {
  const of = (s: Source) => apps.filter((a) => a.app.source === s);
  const okta = of('OKTA');
  const oktaByName = new Map<string, number[]>();
  const oktaByHost = new Map<string, number[]>();
  const index = (m: Map<string, number[]>, k: string, i: number): void => {
    const l = m.get(k);
    if (l) l.push(i);
    else m.set(k, [i]);
  };
  okta.forEach((o, i) => {
    if (o.nameNorm) index(oktaByName, o.nameNorm, i);
    for (const h of o.hosts) index(oktaByHost, h, i);
  });

  const ssoOverlap: CrossIdpPostureView['ssoOverlap'] = [];
  for (const e of of('ENTRA_ID')) {
    const matches = new Set<number>([...(e.nameNorm ? oktaByName.get(e.nameNorm) ?? [] : []), ...e.hosts.flatMap((h) => oktaByHost.get(h) ?? [])]);
    for (const i of matches) ssoOverlap.push({ entra: e.app, okta: (okta[i] as SsoApp).app });
  }
  ssoOverlap.sort((a, b) => byApp(a.entra, b.entra) || byApp(a.okta, b.okta));

  const ssoGaps = apps
    .filter((a) => a.passwordSso)
    .map((a) => a.app)
    .sort((a, b) => cmp(a.source, b.source) || byApp(a, b));
  return { ssoOverlap, ssoGaps };
}
