/**
 * Graph keys of an Okta org's objects (docs/architecture.md): `okta:{host}:…`. The host is the org
 * URL's hostname without the port, so a simulator restarted on another port keeps the same keys.
 */

export interface OktaKeys {
  readonly host: string;
  user(id: string): string;
  factor(userId: string, factorId: string): string;
  group(id: string): string;
  /** `roleKey` is the role type (SUPER_ADMIN…) or, for custom roles, the `cr0…` role id. */
  role(roleKey: string): string;
  app(id: string): string;
  policy(id: string): string;
  logEvent(uuid: string): string;
}

export function oktaKeys(orgUrl: string): OktaKeys {
  const host = new URL(orgUrl).hostname.toLowerCase();
  const p = `okta:${host}:`;
  return {
    host,
    user: (id) => `${p}${id}`,
    factor: (userId, factorId) => `${p}${userId}:${factorId}`,
    group: (id) => `${p}${id}`,
    role: (roleKey) => `${p}role:${roleKey}`,
    app: (id) => `${p}app:${id}`,
    policy: (id) => `${p}policy:${id}`,
    logEvent: (uuid) => `${p}log:${uuid}`,
  };
}
