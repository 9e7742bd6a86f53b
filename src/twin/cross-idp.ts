/**
 * CrossIdpPosture's lists, page by page, from the materialised findings (posture-facts.ts computes them
 * after each sync; every rule follows the contract's CrossIdpPosture, MfaGapKind and RoleConflictKind).
 *
 * Choices the contract leaves open:
 * - MfaGap.accounts: NO_MFA_ANYWHERE lists the person's active accounts; MFA_ONLY_IN_OKTA the active Entra
 *   accounts without MFA and the active Okta accounts with it (MFA_ONLY_IN_ENTRA mirrored);
 *   PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA the accounts holding a privileged role actively.
 * - federatedThroughOkta is set on MFA_ONLY_IN_OKTA when an ACTIVE Okta app named office365 exists: Okta
 *   then federates the Entra tenant, so the Entra sign-in runs through Okta's MFA. Read with each page.
 * - Gaps and conflicts are ordered as the contract says: person displayName, person id, then kind (enum
 *   order); `kind` narrows a page to one kind. SSO pairs and gaps: sso.ts (the gaps' pages: posture-apps.ts).
 */
import neo4j from 'neo4j-driver';
import type { Graph } from '../neo4j/driver.js';
import type { MfaGapKind, RoleConflictKind } from '../model/vocabulary.js';
import {
  ACCOUNT_PROJECTION, APPLICATION_PROJECTION, PERSON_PROJECTION, type AccountView, type ApplicationView, type MfaGapView, type Page,
  type PersonView, type RoleConflictView, type SsoOverlapView,
} from './views.js';
import { ALL } from './posture-facts.js';
import { FINDINGS_PAGE, findingsPage, keptFindingsPage } from './posture-pages.js';
import { PostureListCache } from './posture-cache.js';

/** Kept pages of each list (posture-cache.ts); `version` in each function below is the facts' version. */
const KEPT = {
  mfaGaps: new PostureListCache<MfaGapView[]>(),
  roleConflicts: new PostureListCache<RoleConflictView[]>(),
  ssoOverlap: new PostureListCache<SsoOverlapView[]>(),
};

/**
 * Most accounts MfaGap.accounts lists: far more than a person has (a person with more is a wrong join, which
 * linkAccounts / unlinkAccounts correct), in the finding's order.
 */
export const MAX_GAP_ACCOUNTS = 50;

export function mfaGapsPage(graph: Graph, kind: MfaGapKind | null, page: Page, version: string | null = null): Promise<MfaGapView[]> {
  const cypher = `CALL () { RETURN EXISTS { MATCH (app:OktaApp) WHERE app.name = 'office365' AND app.status = 'ACTIVE' } AS federated }
     ${findingsPage('federated, ')}
     MATCH (p:Person {id: f.subject})
     CALL (f) {
       UNWIND range(0, size(f.accountKeys[0..$maxAccounts]) - 1) AS i
       MATCH (a:Account {key: f.accountKeys[i]})
       WITH i, a ORDER BY i
       RETURN collect(${ACCOUNT_PROJECTION}) AS accounts
     }
     RETURN f.sort AS sort, f.kind AS kind, ${PERSON_PROJECTION} AS person, accounts, federated`;
  const q = { bucket: kind ?? ALL, page, cypher, params: { maxAccounts: neo4j.int(MAX_GAP_ACCOUNTS) } };
  return keptFindingsPage(graph, KEPT.mfaGaps, version, { list: 'mfaGap', ...q }, (r: { sort: string; kind: MfaGapKind; person: PersonView; accounts: AccountView[]; federated: boolean }) => ({
    kind: r.kind,
    person: r.person,
    accounts: r.accounts,
    federatedThroughOkta: r.kind === 'MFA_ONLY_IN_OKTA' && r.federated,
  }));
}

export function roleConflictsPage(graph: Graph, kind: RoleConflictKind | null, page: Page, version: string | null = null): Promise<RoleConflictView[]> {
  const cypher = `${FINDINGS_PAGE}
     MATCH (p:Person {id: f.subject})
     RETURN f.sort AS sort, f.kind AS kind, ${PERSON_PROJECTION} AS person, f.roles AS roles`;
  return keptFindingsPage(
    graph, KEPT.roleConflicts, version, { list: 'roleConflict', bucket: kind ?? ALL, page, cypher },
    (r: { sort: string; kind: RoleConflictKind; person: PersonView; roles: string[] }) => ({ kind: r.kind, person: r.person, roles: r.roles }),
  );
}

/** Apps integrated in both IdPs, by the Entra app (displayName, id), then the Okta app. */
export function ssoOverlapPage(graph: Graph, page: Page, version: string | null = null): Promise<SsoOverlapView[]> {
  const cypher = `${FINDINGS_PAGE}
     WITH f, split(f.subject, $sep) AS keys
     MATCH (e:Application {key: keys[0]})
     MATCH (o:Application {key: keys[1]})
     CALL (e) { WITH e AS app RETURN ${APPLICATION_PROJECTION} AS entra }
     CALL (o) { WITH o AS app RETURN ${APPLICATION_PROJECTION} AS okta }
     RETURN f.sort AS sort, entra, okta`;
  return keptFindingsPage(
    graph, KEPT.ssoOverlap, version, { list: 'ssoOverlap', bucket: ALL, page, cypher, params: { sep: '\u0000' } },
    (r: { sort: string; entra: ApplicationView; okta: ApplicationView }) => ({ entra: r.entra, okta: r.okta }),
  );
}
