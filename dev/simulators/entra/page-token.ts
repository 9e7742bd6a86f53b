/**
 * Opaque `$skiptoken` values. The token carries the whole page state (path, tenant, the original
 * query, where to resume, when it was issued), MAC'd with a per-simulator key, so a client that
 * rebuilds a nextLink instead of following it, or replays it elsewhere, is caught, and expiry
 * can be simulated.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface PageState {
  /** Decoded pathname after the version segment, e.g. `/groups/{id}/members`. */
  path: string;
  tenantId: string;
  /** The first request's query parameters, `$skiptoken` excluded, in order. */
  query: ReadonlyArray<readonly [string, string]>;
  /** Scan position in the route's source collection to resume from. */
  offset: number;
  issuedAtMs: number;
}

interface Wire {
  p: string;
  t: string;
  q: ReadonlyArray<readonly [string, string]>;
  o: number;
  i: number;
}

export class PageTokenCodec {
  private readonly key = randomBytes(32);

  encode(state: PageState): string {
    const wire: Wire = { p: state.path, t: state.tenantId, q: state.query, o: state.offset, i: state.issuedAtMs };
    const payload = Buffer.from(JSON.stringify(wire)).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** Undefined when the token was not minted by this simulator or was altered. */
  decode(token: string): PageState | undefined {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const payload = token.slice(0, dot);
    const mac = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.mac(payload));
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return undefined;
    try {
      const wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Wire;
      return { path: wire.p, tenantId: wire.t, query: wire.q, offset: wire.o, issuedAtMs: wire.i };
    } catch {
      return undefined;
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url').slice(0, 16);
  }
}
