/**
 * The login.microsoftonline.com side: what MSAL node fetches for a confidential client using
 * client credentials (OpenID configuration, instance discovery, the v2 token endpoint), with
 * AAD's error bodies and AADSTS codes as the reference documents them.
 */
import { randomUUID } from 'node:crypto';
import { GRAPH_APP_ID, type AccessTokenService } from './access-token.js';
import type { TenantStore } from './tenant-store.js';

export interface LoginRequest {
  method: string;
  /** Decoded pathname, e.g. `/contoso.com/oauth2/v2.0/token`. */
  path: string;
  query: URLSearchParams;
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
}

export interface LoginResponse {
  status: number;
  body: object;
  headers?: Record<string, string>;
}

export interface LoginContext {
  origin: string;
  /** Resolves a tenant GUID or verified domain. */
  findTenant(nameOrId: string): TenantStore | undefined;
  tokens: AccessTokenService;
  nowMs(): number;
  /** Audiences Graph accepts; the first is the simulator's own endpoint. */
  graphAudiences: readonly string[];
}

const TOKEN_LIFETIME_SECONDS = 3599;
const tenantlessNames = new Set(['common', 'organizations', 'consumers']);

/** "2025-03-04 08:00:00Z", the format AAD uses in error bodies. */
function aadTimestamp(nowMs: number): string {
  return `${new Date(nowMs).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function aadError(
  ctx: LoginContext,
  status: number,
  error: string,
  code: number,
  description: string,
  correlationId: string = randomUUID(),
): LoginResponse {
  const traceId = randomUUID();
  const timestamp = aadTimestamp(ctx.nowMs());
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${ctx.origin}/error?code=${code}`,
    },
  };
}

function tenantNotFound(ctx: LoginContext, error: string, name: string, correlationId?: string): LoginResponse {
  return aadError(
    ctx,
    400,
    error,
    90002,
    `Tenant '${name}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    correlationId,
  );
}

function openIdConfiguration(ctx: LoginContext, tenantSegment: string): LoginResponse {
  let tid = '{tenantid}';
  if (!tenantlessNames.has(tenantSegment.toLowerCase())) {
    const store = ctx.findTenant(tenantSegment);
    if (!store) return tenantNotFound(ctx, 'invalid_tenant', tenantSegment);
    tid = store.tenantId;
  }
  const base = `${ctx.origin}/${tid}`;
  return {
    status: 200,
    body: {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${ctx.origin}/${tid}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${ctx.origin}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver', 'at_hash'],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: new URL(ctx.origin).host,
      rbac_url: 'https://pas.windows.net',
    },
  };
}

/** MSAL asks this only when the authority host is not in knownAuthorities. */
function instanceDiscovery(ctx: LoginContext, query: URLSearchParams): LoginResponse {
  const host = new URL(ctx.origin).host;
  let tenant = 'common';
  const authorize = query.get('authorization_endpoint');
  if (authorize) {
    try {
      tenant = new URL(authorize).pathname.split('/').filter(Boolean)[0] ?? tenant;
    } catch {
      // keep "common"
    }
  }
  return {
    status: 200,
    body: {
      tenant_discovery_endpoint: `${ctx.origin}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
  };
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

async function token(ctx: LoginContext, tenantSegment: string, req: LoginRequest): Promise<LoginResponse> {
  const form = new URLSearchParams(req.body);
  const correlationId = form.get('client-request-id') ?? req.headers['client-request-id'] ?? randomUUID();
  const fail = (status: number, error: string, code: number, description: string): LoginResponse =>
    aadError(ctx, status, error, code, description, correlationId);

  if (tenantlessNames.has(tenantSegment.toLowerCase())) {
    return fail(400, 'invalid_request', 50059, 'No tenant-identifying information found in either the request or implied by any provided credentials.');
  }
  const store = ctx.findTenant(tenantSegment);
  if (!store) return tenantNotFound(ctx, 'invalid_request', tenantSegment, correlationId);

  const grantType = form.get('grant_type');
  if (!grantType) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
  if (grantType !== 'client_credentials') {
    return fail(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  }

  const basic = basicCredentials(req.headers.authorization);
  const clientId = form.get('client_id') ?? basic?.id;
  if (!clientId) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");

  const scope = form.get('scope');
  if (!scope) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
  const scopes = scope.split(' ').filter(Boolean);
  const badScope = scopes.find((s) => !s.endsWith('/.default')) ?? (scopes.length > 1 ? scopes[1] : undefined);
  if (badScope !== undefined || scopes.length === 0) {
    return fail(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${badScope ?? scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const resource = (scopes[0] ?? '').slice(0, -'/.default'.length);
  const knownResources = [...ctx.graphAudiences, 'https://graph.microsoft.com', GRAPH_APP_ID];
  if (!knownResources.some((r) => r.toLowerCase() === resource.toLowerCase())) {
    return fail(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${store.fixture.displayName ?? store.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }

  const client = store.fixture.clients.find((c) => c.clientId.toLowerCase() === clientId.toLowerCase());
  if (!client) {
    return fail(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${store.fixture.displayName ?? store.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }

  const secret = form.get('client_secret') ?? basic?.secret;
  if (secret === null || secret === undefined) {
    if (form.get('client_assertion')) {
      return fail(401, 'invalid_client', 700027, 'The certificate with identifier used to sign the client assertion is not registered on application.');
    }
    return fail(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  const matching = client.secrets.find((s) => s.value === secret);
  if (!matching) {
    return fail(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
    );
  }
  if (Date.parse(matching.expiresAt) <= ctx.nowMs()) {
    return fail(
      401,
      'invalid_client',
      7000222,
      `The provided client secret keys for app '${client.clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
    );
  }

  const sp = store.servicePrincipalByAppId(client.clientId);
  // Roles are Graph permissions: a token for some other audience would carry none of them.
  const accessToken = await ctx.tokens.mint({
    tenantId: store.tenantId,
    clientId: client.clientId,
    audience: resource,
    roles: client.appPermissions,
    ...(sp ? { servicePrincipalId: sp.id } : {}),
    nowMs: ctx.nowMs(),
    lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
  });
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: accessToken,
    },
    headers: { 'client-request-id': correlationId },
  };
}

/** Undefined when the path is not a login endpoint. */
export async function handleLoginRequest(ctx: LoginContext, req: LoginRequest): Promise<LoginResponse | undefined> {
  const segments = req.path.split('/').filter(Boolean);
  const [tenant, ...rest] = segments;
  if (!tenant) return undefined;
  const tail = rest.join('/');
  if (req.method === 'GET' && tenant === 'common' && tail === 'discovery/instance') return instanceDiscovery(ctx, req.query);
  if (req.method === 'GET' && (tail === 'v2.0/.well-known/openid-configuration' || tail === '.well-known/openid-configuration')) {
    return openIdConfiguration(ctx, tenant);
  }
  if (req.method === 'GET' && tail === 'discovery/v2.0/keys') return { status: 200, body: { keys: [] } };
  if (tail === 'oauth2/v2.0/token') {
    if (req.method !== 'POST') {
      return aadError(ctx, 400, 'invalid_request', 900561, 'The endpoint only accepts POST requests. Received a GET request.');
    }
    return token(ctx, tenant, req);
  }
  return undefined;
}
