/** The kinds of directory object the twin links: from `@odata.type` on members and role principals. */
import type { DirectoryObjectRef } from './graph-types.js';

export type DirectoryKind = 'user' | 'group' | 'servicePrincipal';

export function directoryKindOf(ref: DirectoryObjectRef | null | undefined): DirectoryKind | null {
  const t = ref?.['@odata.type']?.toLowerCase();
  if (t === '#microsoft.graph.user') return 'user';
  if (t === '#microsoft.graph.group') return 'group';
  if (t === '#microsoft.graph.serviceprincipal') return 'servicePrincipal';
  // Devices, org contacts and anything newer are not accounts the twin models.
  return null;
}
