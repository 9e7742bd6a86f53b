/**
 * RFC 8288 `Link` header parsing. Okta sends one `link:` line per relation, and clients that join
 * repeated headers put them back together with ", ", while commas and semicolons may also appear
 * inside the `<URI>` and inside quoted parameter values: so a real parser, not a split on ",".
 */

export interface WebLink {
  /** The target, resolved against the request URL when one is given. */
  href: string;
  /** Relation types, lower-cased (a `rel` value may list several, space-separated). */
  rels: string[];
  /** Other parameters, names lower-cased; the first occurrence wins. */
  params: Record<string, string>;
}

const WS = new Set([' ', '\t']);

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text[this.pos] ?? '';
  }
  skipWs(): void {
    while (!this.done && WS.has(this.peek())) this.pos += 1;
  }
  /** Moves past the next top-level comma (outside <> and quotes): recovery from a malformed link-value. */
  skipToNextValue(): void {
    let inQuotes = false;
    let inUri = false;
    while (!this.done) {
      const c = this.peek();
      this.pos += 1;
      if (inQuotes) {
        if (c === '\\') this.pos += 1;
        else if (c === '"') inQuotes = false;
      } else if (inUri) {
        if (c === '>') inUri = false;
      } else if (c === '"') inQuotes = true;
      else if (c === '<') inUri = true;
      else if (c === ',') return;
    }
  }
  readUntil(stops: string): string {
    const start = this.pos;
    while (!this.done && !stops.includes(this.peek())) this.pos += 1;
    return this.text.slice(start, this.pos);
  }
  readQuoted(): string {
    // Precondition: at the opening quote.
    this.pos += 1;
    let out = '';
    while (!this.done) {
      const c = this.peek();
      this.pos += 1;
      if (c === '\\') {
        out += this.peek();
        this.pos += 1;
      } else if (c === '"') {
        return out;
      } else {
        out += c;
      }
    }
    return out;
  }
}

function resolve(target: string, base: string | undefined): string | null {
  try {
    return new URL(target, base).toString();
  } catch {
    return null;
  }
}

/** Parses one or more Link header values (each may itself hold several comma-separated links). */
export function parseLinkHeader(values: string | readonly string[], base?: string): WebLink[] {
  const links: WebLink[] = [];
  for (const value of typeof values === 'string' ? [values] : values) {
    const s = new Scanner(value);
    while (!s.done) {
      s.skipWs();
      if (s.peek() === ',') {
        s.pos += 1;
        continue;
      }
      if (s.done) break;
      if (s.peek() !== '<') {
        s.skipToNextValue();
        continue;
      }
      s.pos += 1;
      const target = s.readUntil('>');
      if (s.done) break; // unterminated URI: nothing usable
      s.pos += 1;
      const params: Record<string, string> = {};
      let rel: string | undefined;
      for (;;) {
        s.skipWs();
        if (s.peek() !== ';') break;
        s.pos += 1;
        s.skipWs();
        const name = s.readUntil('=;, \t').trim().toLowerCase();
        s.skipWs();
        let paramValue = '';
        if (s.peek() === '=') {
          s.pos += 1;
          s.skipWs();
          paramValue = s.peek() === '"' ? s.readQuoted() : s.readUntil(';, \t');
        }
        if (name === '') continue;
        // RFC 8288 §3.3: occurrences of rel after the first are ignored.
        if (name === 'rel') rel ??= paramValue;
        else if (!(name in params)) params[name] = paramValue;
      }
      // Whatever follows the parameters up to the next comma is not part of a valid link-value.
      s.skipWs();
      if (!s.done && s.peek() !== ',') s.skipToNextValue();
      const href = resolve(target.trim(), base);
      if (href === null) continue;
      const rels = (rel ?? '').toLowerCase().split(/[ \t]+/).filter(Boolean);
      links.push({ href, rels, params });
    }
  }
  return links;
}

/** The `rel="next"` target, or null when the header has none (the last page). */
export function nextLink(values: string | readonly string[], base?: string): string | null {
  return parseLinkHeader(values, base).find((l) => l.rels.includes('next'))?.href ?? null;
}
