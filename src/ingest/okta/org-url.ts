/**
 * The Okta org URL as an API base: `https://{host}` with no path. Admins often paste the Admin
 * Console address (`acme-admin.okta.com/admin/dashboard`), which is not an API host.
 */
import { isIP } from 'node:net';
import { isLoopback } from '../../config.js';
import { badInput } from '../../errors.js';

const OKTA_DOMAINS = ['okta.com', 'oktapreview.com', 'okta-emea.com'];

function fail(message: string): never {
  throw badInput(`orgUrl: ${message}`, 'orgUrl');
}

/** `https://acme.okta.com` from what an admin typed; throws BAD_USER_INPUT (field orgUrl). */
export function normalizeOrgUrl(raw: string): string {
  const text = raw.trim();
  if (text === '') fail('is required, e.g. https://acme.okta.com');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    fail('is not a URL; expected e.g. https://acme.okta.com');
  }
  if (url.protocol !== 'https:') fail('must use https://');
  if (url.username || url.password) fail('must not contain a user name or password');
  if (url.search || url.hash) fail('must not have a query or fragment');
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== '' && path !== '/admin' && !path.startsWith('/admin/')) {
    fail(`must be the org's base URL without a path (got ${url.pathname}); e.g. https://acme.okta.com`);
  }
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopback(host)) return url.origin;
  const firstLabel = host.split('.')[0] ?? '';
  if (firstLabel.endsWith('-admin')) {
    const orgHost = `${firstLabel.slice(0, -'-admin'.length)}${host.slice(firstLabel.length)}`;
    fail(`${host} is the Admin Console; use the org URL https://${orgHost}`);
  }
  if (isIP(host) !== 0) fail('must be a host name (an Okta domain or your custom domain), not an IP address');
  if (!host.includes('.')) fail(`${host} is not a fully qualified host name`);
  if (OKTA_DOMAINS.includes(host)) fail(`give your org's own subdomain, e.g. https://acme.${host}`);
  return url.origin;
}
