/**
 * What every SecurityEvent node holds, whichever connector wrote it (docs/architecture.md): the fields the
 * contract's SecurityEvent exposes. A connector may add provider details beside them.
 */
import type { Severity } from '../model/vocabulary.js';

export interface SecurityEventProps {
  externalId: string;
  severity: Severity;
  occurredAt: string | null;
  kind: string;
  ipAddress: string | null;
  location: string | null;
  device: string | null;
}
