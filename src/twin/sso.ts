/**
 * SSO overlap and gaps (CrossIdpPosture.ssoOverlap, .ssoGaps) as a pure rule over the apps of both IdPs:
 * few thousand apps at most, joined in memory by normalized name and sign-on host.
 *
 * - ssoOverlap pairs Entra *service principals* (the enterprise apps users sign in to; loginUrl and
 *   replyUrls are theirs) with Okta apps; app registrations alone are not integrations. No first-party
 *   filter: the contract's rule is applied as written. Each pair once, by Entra app then Okta app.
 * - ssoGaps: password-SSO apps, by source, then displayName and id.
 */
import type { Source } from '../model/vocabulary.js';
import type { ApplicationView, SsoOverlapView } from './views.js';
import { cmp } from './cypher.js';

export interface SsoApp {
  app: ApplicationView;
  nameNorm: string | null;
  hosts: string[];
  passwordSso: boolean;
}

function byApp(a: ApplicationView, b: ApplicationView): number {
  return cmp(a.displayName, b.displayName) || cmp(a.id, b.id);
}

export function ssoFindings(apps: readonly SsoApp[]): { ssoOverlap: SsoOverlapView[]; ssoGaps: ApplicationView[] } {
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

  const ssoOverlap: SsoOverlapView[] = [];
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
