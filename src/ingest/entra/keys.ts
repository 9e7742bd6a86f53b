/**
 * Node keys of one Entra tenant, namespaced as docs/architecture.md says so several tenants could share
 * one graph. The tenant part is always the tenant GUID (from the token), never a domain the admin typed,
 * so configuring the same tenant by domain or by id keeps every key stable.
 */
export interface EntraKeys {
  readonly tenantId: string;
  user(objectId: string): string;
  group(objectId: string): string;
  role(templateId: string): string;
  app(objectId: string): string;
  servicePrincipal(objectId: string): string;
  policy(id: string): string;
  signIn(id: string): string;
}

export function entraKeys(tenantId: string): EntraKeys {
  const t = `entra:${tenantId.toLowerCase()}`;
  // Graph ids are GUIDs; lower-casing them keeps a key stable whichever case an endpoint echoes.
  const id = (v: string): string => v.toLowerCase();
  return {
    tenantId: tenantId.toLowerCase(),
    user: (o) => `${t}:${id(o)}`,
    group: (o) => `${t}:${id(o)}`,
    role: (templateId) => `${t}:role:${id(templateId)}`,
    app: (o) => `${t}:app:${id(o)}`,
    servicePrincipal: (o) => `${t}:sp:${id(o)}`,
    policy: (o) => `${t}:ca:${id(o)}`,
    signIn: (o) => `${t}:signin:${id(o)}`,
  };
}
