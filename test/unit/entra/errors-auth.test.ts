import { AuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { authorityConfig, graphScope, tenantOf, toAuthError } from '../../../src/ingest/entra/auth.js';
import { graphError, parseGraphError } from '../../../src/ingest/entra/errors.js';
import { entraAdvice, grant, withAdvice } from '../../../src/ingest/entra/access.js';
import type { TwinError } from '../../../src/errors.js';

describe('graph errors', () => {
  it('keeps Graph’s code and maps the status', () => {
    const body = JSON.stringify({ error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } });
    const err = graphError(403, body, 'GET /users');
    expect(err.code).toBe('UPSTREAM_PERMISSION_DENIED');
    expect(err.providerCode).toBe('Authorization_RequestDenied');
    expect(err.message).toBe('GET /users: Microsoft Graph answered HTTP 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.');
  });

  it('unwraps the JSON errorCode of roleManagement’s UnknownError', () => {
    const body = { error: { code: 'UnknownError', message: '{"errorCode":"PermissionScopeNotGranted","message":"Authorization failed due to missing permission scope RoleManagement.Read.Directory."}' } };
    expect(parseGraphError(body)).toEqual({ code: 'PermissionScopeNotGranted', message: 'Authorization failed due to missing permission scope RoleManagement.Read.Directory.' });
    expect(graphError(403, body, 'GET /roleManagement/directory/roleAssignments').providerCode).toBe('PermissionScopeNotGranted');
  });

  it.each([
    [400, 'AadPremiumLicenseRequired', 'UPSTREAM_LICENSE_REQUIRED'],
    [403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'UPSTREAM_LICENSE_REQUIRED'],
    [401, 'InvalidAuthenticationToken', 'UPSTREAM_AUTH_FAILED'],
    [404, 'Request_ResourceNotFound', 'UPSTREAM_NOT_FOUND'],
    [429, 'TooManyRequests', 'UPSTREAM_THROTTLED'],
    [503, 'ServiceNotAvailable', 'UPSTREAM_UNAVAILABLE'],
    [400, 'Directory_ExpiredPageToken', 'UPSTREAM_BAD_RESPONSE'],
  ])('HTTP %i %s -> %s', (status, code, twin) => {
    expect(graphError(status, { error: { code, message: 'x' } }, 'GET /x').code).toBe(twin);
  });

  it('survives bodies that are not Graph errors', () => {
    expect(graphError(502, '<html>Bad gateway</html>', 'GET /x').providerCode).toBeUndefined();
    expect(parseGraphError(null)).toEqual({ code: undefined, message: undefined });
  });

  it('adds what to do to a refusal, naming the data set', () => {
    const err = withAdvice('signIns', graphError(403, { error: { code: 'Authentication_MSGraphPermissionMissing', message: 'no' } }, 'GET /auditLogs/signIns')) as TwinError;
    expect(err.providerCode).toBe('Authentication_MSGraphPermissionMissing');
    expect(err.message).toContain('signIns: grant AuditLog.Read.All to the app as an Application permission');
    expect(entraAdvice('users', 'Authentication_RequestFromNonPremiumTenantOrB2CTenant')).toBe('the tenant needs Entra ID P1 for users');
    expect(entraAdvice('signIns', 'Authentication_RequestFromNonPremiumTenantOrB2CTenant')).toBe('the tenant needs Entra ID P1 for sign-in logs');
    expect(grant('A.Read.All, B.Read.All')).toBe('grant A.Read.All and B.Read.All to the app as Application permissions (not Delegated) and admin-consent them');
  });
});

describe('auth', () => {
  it('lists non-Microsoft authority hosts (with their port) as known authorities', () => {
    expect(authorityConfig('https://login.microsoftonline.com', 'contoso.com')).toEqual({ authority: 'https://login.microsoftonline.com/contoso.com' });
    expect(authorityConfig('https://login.microsoftonline.us', 't')).toEqual({ authority: 'https://login.microsoftonline.us/t' });
    expect(authorityConfig('https://localhost:8443', 't')).toEqual({ authority: 'https://localhost:8443/t', knownAuthorities: ['localhost:8443'] });
    expect(graphScope('https://graph.microsoft.com')).toBe('https://graph.microsoft.com/.default');
  });

  it('maps a wrong secret to its AADSTS code', () => {
    const msal = new ServerError(
      'invalid_client',
      'corr',
      'Error(s): 7000215 - Timestamp: 2025-03-04 08:00:00Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.\r\nTrace ID: t\r\nCorrelation ID: c - Correlation ID: c - Trace ID: t',
      undefined,
      '7000215',
      401,
    );
    const err = toAuthError(msal);
    expect(err.code).toBe('UPSTREAM_AUTH_FAILED');
    expect(err.providerCode).toBe('AADSTS7000215');
    expect(err.message).toMatch(/^Entra ID refused the token request \(AADSTS7000215\): the client secret is wrong/);
  });

  it('takes the error number when the text has no AADSTS code', () => {
    expect(toAuthError(new ServerError('unauthorized_client', 'c', 'Application not found', undefined, '700016')).providerCode).toBe('AADSTS700016');
  });

  it('reads a failed endpoint discovery as an unknown tenant, unless the host did not answer', () => {
    const discovery = new AuthError('openid_config_error', 'c', 'Could not retrieve endpoints.');
    expect(toAuthError(discovery).providerCode).toBe('AADSTS90002');
    expect(toAuthError(discovery, { status: 400, aadsts: 'AADSTS90002', error: undefined }).providerCode).toBe('AADSTS90002');
    const down = toAuthError(discovery, { status: undefined, aadsts: undefined, error: new Error('ECONNREFUSED') });
    expect(down.code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('reads the tenant GUID from a token, and nothing from garbage', () => {
    const payload = Buffer.from(JSON.stringify({ tid: 'ABC-DEF' })).toString('base64url');
    expect(tenantOf(`e30.${payload}.sig`)).toBe('abc-def');
    expect(tenantOf('not-a-jwt')).toBeUndefined();
  });
});
