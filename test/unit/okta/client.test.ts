import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../../src/ingest/http.js';
import { dpopHtu } from '../../../src/ingest/okta/auth.js';
import { bucketFor, toOktaError } from '../../../src/ingest/okta/client.js';
import { RateLimitPacer, reserveFor, resetWaitMs } from '../../../src/ingest/okta/rate-limit.js';
import { oktaAdvice, scopesFor } from '../../../src/ingest/okta/access.js';

function res(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers, headerValues: (n) => (headers[n] ? [headers[n]] : []), text, json: <T>() => JSON.parse(text) as T };
}

const URL_ = 'https://acme.okta.com/api/v1/logs?limit=1';

describe('toOktaError', () => {
  it('keeps Okta errorCode as providerCode with a TwinError code per status', () => {
    const e = toOktaError(res(401, { errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorCauses: [] }, { 'x-okta-request-id': 'req1' }), 'GET', URL_);
    expect(e).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', providerCode: 'E0000011', details: { status: 401, path: '/api/v1/logs', requestId: 'req1' } });
    expect(e.message).toBe('Okta answered GET /api/v1/logs with HTTP 401 E0000011: Invalid token provided');
    expect(toOktaError(res(403, { errorCode: 'E0000006', errorSummary: 'no' }), 'GET', URL_)).toMatchObject({ code: 'UPSTREAM_PERMISSION_DENIED', providerCode: 'E0000006' });
    expect(toOktaError(res(401, { errorCode: 'E0000015' }), 'GET', URL_).code).toBe('UPSTREAM_LICENSE_REQUIRED');
    expect(toOktaError(res(403, { errorCode: 'E0000015' }), 'GET', URL_).code).toBe('UPSTREAM_LICENSE_REQUIRED');
    expect(toOktaError(res(404, { errorCode: 'E0000007' }), 'GET', URL_).code).toBe('UPSTREAM_NOT_FOUND');
    expect(toOktaError(res(429, { errorCode: 'E0000047' }), 'GET', URL_).code).toBe('UPSTREAM_THROTTLED');
    expect(toOktaError(res(500, { errorCode: 'E0000009' }), 'GET', URL_).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(toOktaError(res(400, { errorCode: 'E0000053', errorSummary: 'Invalid SCIM filter', errorCauses: [{ errorSummary: 'since too old' }] }), 'GET', URL_).message)
      .toBe('Okta answered GET /api/v1/logs with HTTP 400 E0000053: Invalid SCIM filter; since too old');
    expect(toOktaError(res(502, '<html>bad gateway</html>'), 'GET', URL_)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', providerCode: undefined });
  });

  it('reads insufficient_scope from www-authenticate', () => {
    const challenge = 'Bearer authorization_uri="https://acme.okta.com/oauth2/v1/authorize", realm="https://acme.okta.com", scope="okta.logs.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/logs"';
    const e = toOktaError(res(403, { errorCode: 'E0000006' }, { 'www-authenticate': challenge }), 'GET', URL_);
    expect(e).toMatchObject({ code: 'UPSTREAM_PERMISSION_DENIED', providerCode: 'insufficient_scope', details: { scope: 'okta.logs.read' } });
    expect(e.message).toMatch(/lacks okta\.logs\.read/);
  });
});

describe('bucketFor', () => {
  it('groups calls by endpoint family', () => {
    expect(bucketFor('/api/v1/users')).toBe('okta:/api/v1/users');
    expect(bucketFor('/api/v1/users/00u8k2mq4rTzNpL7x1d7/factors')).toBe('okta:/api/v1/users/{id}/factors');
    expect(bucketFor('/api/v1/users/00u1abcdef/roles')).toBe('okta:/api/v1/users/{id}/roles');
    expect(bucketFor('/api/v1/groups/rules')).toBe('okta:/api/v1/groups/rules');
    expect(bucketFor('/api/v1/groups/00g2a9Qx7LmNpR4s11d7/users')).toBe('okta:/api/v1/groups/{id}/users');
    expect(bucketFor('/api/v1/iam/assignees/users')).toBe('okta:/api/v1/iam/assignees/users');
    expect(bucketFor('/api/v1/apps/0oa3m9x2PqR7sT1uV1d7/users')).toBe('okta:/api/v1/apps');
    expect(bucketFor('/api/v1/policies/00p123456/rules')).toBe('okta:/api/v1/policies/{id}/rules');
  });
});

describe('rate limits', () => {
  const headers = (limit: number, remaining: number, reset: number, date?: number): Record<string, string> => ({
    'x-rate-limit-limit': String(limit),
    'x-rate-limit-remaining': String(remaining),
    'x-rate-limit-reset': String(reset),
    ...(date === undefined ? {} : { date: new Date(date).toUTCString() }),
  });

  it("waits until Okta's reset measured on its own clock, plus a second", () => {
    const serverNow = Date.parse('2026-06-01T10:00:00Z');
    // Clocks 5 s apart: Okta's Date header is the reference.
    expect(resetWaitMs(res(429, {}, headers(600, 0, serverNow / 1000 + 42, serverNow)), serverNow + 5000)).toBe(43_000);
    // Within the header's resolution: our clock is more precise.
    expect(resetWaitMs(res(429, {}, headers(600, 0, serverNow / 1000 + 42, serverNow)), serverNow + 700)).toBe(42_300);
    expect(resetWaitMs(res(429, {}, headers(600, 0, serverNow / 1000 + 3)), serverNow)).toBe(4000);
    expect(resetWaitMs(res(429, {}, {}), serverNow)).toBeUndefined();
  });

  it("leaves about 5% of a window to the org's other clients", () => {
    expect(reserveFor(600)).toBe(30);
    expect(reserveFor(100)).toBe(5);
    expect(reserveFor(10)).toBe(1);
    expect(reserveFor(1)).toBe(0);
  });

  it('pauses a bucket that is about to run dry until its reset, and only that bucket', async () => {
    let now = 1_000_000;
    const sleeps: number[] = [];
    const pauses: Array<string | null> = [];
    const pacer = new RateLimitPacer({
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      onPause: (info) => pauses.push(info ? `${info.bucket} ${info.waitMs}` : null),
    });
    pacer.observe('okta:/api/v1/users', res(200, [], headers(10, 3, now / 1000 + 10)));
    await pacer.beforeRequest('okta:/api/v1/users', undefined); // 3 -> 2
    await pacer.beforeRequest('okta:/api/v1/users', undefined); // 2 -> 1
    await pacer.beforeRequest('okta:/api/v1/groups', undefined);
    expect(sleeps).toEqual([]);
    await pacer.beforeRequest('okta:/api/v1/users', undefined); // 1 <= reserve 1: wait for the reset
    expect(sleeps).toEqual([11_000]);
    expect(pauses).toEqual(['okta:/api/v1/users 11000', null]);
    await pacer.beforeRequest('okta:/api/v1/users', undefined);
    expect(sleeps).toHaveLength(1);
  });

  it('lets a request retried at its 429 reset through, though the timer woke it a few ms before the clock got there', async () => {
    let now = 1_700_000_000_000;
    const sleeps: number[] = [];
    const pacer = new RateLimitPacer({ now: () => now, sleep: async (ms) => void sleeps.push(ms) });
    const limited = res(429, {}, headers(10, 0, now / 1000 + 3));
    pacer.observe('okta:/api/v1/groups', limited);
    const advised = pacer.advise(limited, now) as number;
    // The HttpClient slept `advised`; the loop's clock woke it 3 ms short of Date.now() + advised.
    now += advised - 3;
    await pacer.beforeRequest('okta:/api/v1/groups', undefined);
    expect(sleeps).toEqual([]);
    // Well before the reset, the bucket still pauses.
    pacer.observe('okta:/api/v1/groups', res(429, {}, headers(10, 0, now / 1000 + 3)));
    await pacer.beforeRequest('okta:/api/v1/groups', undefined);
    expect(sleeps).toHaveLength(1);
  });

  it('advises a wait for 429 only', () => {
    const pacer = new RateLimitPacer({});
    const now = Date.now();
    expect(pacer.advise(res(429, {}, headers(10, 0, Math.floor(now / 1000) + 3)), now)).toBeGreaterThan(2000);
    expect(pacer.advise(res(503, {}, headers(10, 5, Math.floor(now / 1000) + 3)), now)).toBeUndefined();
  });
});

describe('scopes and advice', () => {
  it('asks only for the scopes the enabled data sets need', () => {
    expect(scopesFor(['users', 'logs'])).toEqual(['okta.users.read', 'okta.logs.read']);
    expect(scopesFor(['roles'])).toEqual(['okta.roles.read', 'okta.groups.read']);
    expect(scopesFor([])).toEqual([]);
    // The System Log is the change feed of users and groups: asked for, not required.
    expect(scopesFor(['groups'])).toEqual(['okta.groups.read', 'okta.logs.read']);
  });

  it('says what to do per error code and credential kind', () => {
    expect(oktaAdvice('logs', 'insufficient_scope', 'privateKey')).toMatch(/Grant okta\.logs\.read/);
    expect(oktaAdvice('users', 'E0000011', 'apiToken')).toMatch(/new one/);
    expect(oktaAdvice('logs', 'E0000006', 'apiToken')).toMatch(/Read-only Administrator/);
    expect(oktaAdvice('logs', 'E0000006', 'privateKey')).toMatch(/admin role/);
  });
});

describe('dpopHtu', () => {
  it('drops query and fragment', () => {
    expect(dpopHtu('https://acme.okta.com/api/v1/users?limit=200&after=x#f')).toBe('https://acme.okta.com/api/v1/users');
    expect(dpopHtu('https://localhost:8443/oauth2/v1/token')).toBe('https://localhost:8443/oauth2/v1/token');
  });
});
