/**
 * Everything needed to talk to one Okta org: the HTTP client with Okta's rate-limit pacing wired into
 * its hooks, the credential provider the stored settings ask for, and the API client.
 */
import { TwinError } from '../../errors.js';
import type { ConnectorDeps, StoredIntegration } from '../connector.js';
import { HttpClient, userAgent, type RetryPolicy } from '../http.js';
import { ApiTokenAuth, ServiceAppAuth, type OktaAuth } from './auth.js';
import { OktaClient } from './client.js';
import { parsePrivateKey } from './private-key.js';
import { noteRateLimitWait, reportProgress } from '../progress.js';
import { RateLimitPacer } from './rate-limit.js';
import { ServerClock } from './server-clock.js';
import type { OktaCredentialKind } from './validate.js';

/** Per-user and per-group calls in flight; well under Okta's concurrent-request limits. */
export const OKTA_CONCURRENCY = 8;

export interface OktaOrg {
  kind: OktaCredentialKind;
  orgUrl: string;
  http: HttpClient;
  auth: OktaAuth;
  client: OktaClient;
  /** Okta's clock, from every response's Date header (change cursors are times on it). */
  clock: ServerClock;
}

function seconds(ms: number): number {
  return Math.max(1, Math.round(ms / 1000));
}

function pathOf(url: string): string {
  return new URL(url).pathname;
}

export function openOktaOrg(
  deps: ConnectorDeps,
  stored: StoredIntegration,
  credentials: Record<string, string>,
  opts: { scopes: readonly string[]; retry?: Partial<RetryPolicy> },
): OktaOrg {
  const orgUrl = stored.tenant;
  const kind: OktaCredentialKind = stored.settings.credentialKind === 'privateKey' ? 'privateKey' : 'apiToken';
  const pacer = new RateLimitPacer({
    onPause: (info) => {
      if (!info) return reportProgress(null);
      noteRateLimitWait(info.waitMs);
      reportProgress(`pausing ${seconds(info.waitMs)} s: Okta's rate limit for ${info.bucket.replace(/^okta:/, '')} is nearly used up`);
    },
  });
  let showingWait = false;
  const clock = new ServerClock();
  const http = new HttpClient({
    extraCaPem: deps.extraCaPem,
    userAgent: userAgent('okta'),
    concurrency: OKTA_CONCURRENCY,
    ...(opts.retry ? { retry: opts.retry } : {}),
    waitAdvisor: (res, now) => pacer.advise(res, now),
    beforeRequest: (bucket, signal) => pacer.beforeRequest(bucket, signal),
    afterResponse: (bucket, res) => {
      pacer.observe(bucket, res);
      clock.observe(res);
      if (showingWait && res.status !== 429) {
        showingWait = false;
        reportProgress(null);
      }
    },
    onWait: ({ url, status, waitMs, attempt }) => {
      showingWait = true;
      if (status === 429) {
        noteRateLimitWait(waitMs);
        reportProgress(`waiting ${seconds(waitMs)} s for Okta's rate limit on ${pathOf(url)} (HTTP 429 E0000047, attempt ${attempt})`);
      } else {
        reportProgress(`retrying ${pathOf(url)} in ${seconds(waitMs)} s after ${status === 'network' ? 'a network error' : `HTTP ${status}`} (attempt ${attempt})`);
      }
    },
  });

  let auth: OktaAuth;
  if (kind === 'apiToken') {
    const token = credentials.apiToken;
    if (!token) throw new TwinError('NOT_CONFIGURED', 'Okta is configured for an API token but none is stored; configure Okta again');
    auth = new ApiTokenAuth(token);
  } else {
    const pem = credentials.privateKey;
    if (!pem || !stored.clientId) throw new TwinError('NOT_CONFIGURED', 'Okta is configured for a service app but its client id or key is missing; configure Okta again');
    auth = new ServiceAppAuth({
      http,
      orgUrl,
      clientId: stored.clientId,
      key: parsePrivateKey(pem),
      keyId: stored.settings.keyId || undefined,
      scopes: opts.scopes,
    });
  }
  return { kind, orgUrl, http, auth, client: new OktaClient(orgUrl, http, auth), clock };
}
