/**
 * App-only tokens for Graph: MSAL's ConfidentialClientApplication with a client secret (client
 * credentials), one per session so its in-memory cache serves every request of a sync and renews the
 * token before it expires. Failures become UPSTREAM_AUTH_FAILED with the AADSTS code and what to do.
 */
import { AuthError, ConfidentialClientApplication, LogLevel, ServerError } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { TwinError, errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { HttpClient } from '../http.js';
import { MsalNetworkModule, type NetworkFailure } from './msal-network.js';
import type { TokenSource } from './client.js';

/** Hosts MSAL knows (instance metadata built in); any other host must be listed in knownAuthorities. */
const MICROSOFT_AUTHORITY_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn']);

export interface EntraAuthSettings {
  /** Tenant GUID or verified domain. */
  tenant: string;
  clientId: string;
  clientSecret: string;
  /** Origin, e.g. https://login.microsoftonline.com (config.entra.authorityHost). */
  authorityHost: string;
  /** Origin, e.g. https://graph.microsoft.com (config.entra.graphEndpoint). */
  graphEndpoint: string;
  http: HttpClient;
  log?: Logger;
}

export function authorityConfig(authorityHost: string, tenant: string): { authority: string; knownAuthorities?: string[] } {
  const url = new URL(authorityHost);
  const authority = `${url.origin}/${encodeURIComponent(tenant)}`;
  // url.host keeps a non-default port, which MSAL compares against.
  return MICROSOFT_AUTHORITY_HOSTS.has(url.hostname.toLowerCase()) ? { authority } : { authority, knownAuthorities: [url.host] };
}

export function graphScope(graphEndpoint: string): string {
  return `${new URL(graphEndpoint).origin}/.default`;
}

/** What to do about the AADSTS codes an admin meets when setting the connector up. */
const AADSTS_ADVICE: Record<string, string> = {
  AADSTS7000215: "the client secret is wrong: paste the secret's Value (not its Secret ID), or create a new client secret",
  AADSTS7000222: 'the client secret has expired: create a new client secret in the app registration and configure it again',
  AADSTS700016: 'no application with this client id exists in the tenant: check the client id and that the app is registered in, or admin-consented to, this tenant',
  AADSTS90002: 'the tenant was not found: check the tenant id or verified domain, and that ENTRA_AUTHORITY_HOST is the right cloud',
  AADSTS900023: 'the tenant id is not a valid GUID or domain',
  AADSTS7000112: 'the application is disabled in the tenant: enable its service principal',
  AADSTS1002012: 'the requested scope is invalid: ENTRA_GRAPH_ENDPOINT must be the Graph endpoint of your cloud',
  AADSTS500011: 'the Graph resource was not found in the tenant: check ENTRA_GRAPH_ENDPOINT',
  AADSTS53003: 'a Conditional Access policy blocked the app: exclude this workload identity or allow its sign-in',
};

export function aadstsAdvice(code: string | undefined): string | undefined {
  return code ? AADSTS_ADVICE[code] : undefined;
}

const DISCOVERY_FAILURES = new Set(['openid_config_error', 'endpoints_resolution_error']);

/** Maps whatever MSAL threw (plus what the network module saw) to a TwinError. */
export function toAuthError(err: unknown, failure?: NetworkFailure): TwinError {
  if (err instanceof TwinError) return err;
  const msal = err instanceof AuthError ? err : undefined;
  const msalCode = msal?.errorCode ?? '';
  if (failure && failure.status === undefined && (msalCode === 'network_error' || DISCOVERY_FAILURES.has(msalCode))) {
    return new TwinError('UPSTREAM_UNAVAILABLE', `the Entra sign-in endpoint is unreachable: ${errorMessage(failure.error)}`, { cause: err });
  }
  const text = `${msal?.errorMessage ?? ''} ${err instanceof Error ? err.message : String(err)}`;
  let code = /AADSTS\d+/.exec(text)?.[0];
  if (!code && msal instanceof ServerError && msal.errorNo) code = `AADSTS${msal.errorNo}`;
  // MSAL drops the body of a failed discovery request; an unknown tenant is why it fails.
  if (!code && DISCOVERY_FAILURES.has(msalCode)) code = failure?.aadsts ?? 'AADSTS90002';
  if (!code && failure?.aadsts) code = failure.aadsts;
  const providerCode = code ?? (msalCode || undefined);
  const advice = aadstsAdvice(code);
  const reason = code ? firstLine(aadstsText(text, code)) : firstLine(msal?.errorMessage || errorMessage(err));
  const message = `Entra ID refused the token request${providerCode ? ` (${providerCode})` : ''}: ${advice ?? reason}`;
  return new TwinError('UPSTREAM_AUTH_FAILED', message, { ...(providerCode ? { providerCode } : {}), cause: err });
}

function aadstsText(text: string, code: string): string {
  const i = text.indexOf(`${code}:`);
  return i >= 0 ? text.slice(i) : code;
}

function firstLine(s: string): string {
  return (s.split(/\r?\n| - Correlation ID| - Trace ID|Trace ID:/)[0] ?? s).trim().slice(0, 300);
}

export class EntraAuth implements TokenSource {
  private readonly network: MsalNetworkModule;
  private readonly scope: string;
  private app: ConfidentialClientApplication | undefined;
  /** The tenant GUID, from the first token's tid claim. */
  tenantId: string | undefined;

  constructor(private readonly settings: EntraAuthSettings) {
    this.network = new MsalNetworkModule(settings.http);
    this.scope = graphScope(settings.graphEndpoint);
  }

  private client(): ConfidentialClientApplication {
    if (this.app) return this.app;
    const { authority, knownAuthorities } = authorityConfig(this.settings.authorityHost, this.settings.tenant);
    const log = this.settings.log;
    this.app = new ConfidentialClientApplication({
      auth: {
        clientId: this.settings.clientId,
        clientSecret: this.settings.clientSecret,
        authority,
        ...(knownAuthorities ? { knownAuthorities } : {}),
      },
      system: {
        networkClient: this.network,
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (_level, message) => log?.debug({ msal: true }, message),
        },
      },
    });
    return this.app;
  }

  async token(signal?: AbortSignal, forceRefresh = false): Promise<string> {
    signal?.throwIfAborted();
    if (signal) this.network.signal = signal;
    let accessToken: string | undefined;
    try {
      const result = await this.client().acquireTokenByClientCredential({ scopes: [this.scope], skipCache: forceRefresh });
      accessToken = result?.accessToken;
    } catch (err) {
      throw toAuthError(err, this.network.lastFailure);
    }
    if (!accessToken) throw new TwinError('UPSTREAM_AUTH_FAILED', 'Entra ID returned no access token');
    this.tenantId ??= tenantOf(accessToken) ?? this.settings.tenant.toLowerCase();
    return accessToken;
  }
}

/** The token's tid claim: the tenant GUID even when the admin configured a domain. */
export function tenantOf(accessToken: string): string | undefined {
  try {
    const tid = decodeJwt(accessToken).tid;
    return typeof tid === 'string' && tid !== '' ? tid.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
