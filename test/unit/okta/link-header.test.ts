import { describe, expect, it } from 'vitest';
import { nextLink, parseLinkHeader } from '../../../src/ingest/okta/link-header.js';

describe('parseLinkHeader', () => {
  it('reads separate link lines (self and next)', () => {
    const values = [
      '<https://acme.okta.com/api/v1/users?limit=200>; rel="self"',
      '<https://acme.okta.com/api/v1/users?after=00u1&limit=200>; rel="next"',
    ];
    expect(nextLink(values)).toBe('https://acme.okta.com/api/v1/users?after=00u1&limit=200');
    expect(parseLinkHeader(values).map((l) => l.rels)).toEqual([['self'], ['next']]);
  });

  it('reads lines that fetch joined with ", "', () => {
    const joined = '<https://a.okta.com/api/v1/users?limit=2>; rel="self", <https://a.okta.com/api/v1/users?after=x&limit=2>; rel="next"';
    expect(nextLink(joined)).toBe('https://a.okta.com/api/v1/users?after=x&limit=2');
  });

  it('keeps commas and semicolons inside the URI and quoted values', () => {
    const v = '<https://a.okta.com/api/v1/logs?filter=a,b;c&after=1_2>; title="x, y; z"; rel="next"';
    const [link] = parseLinkHeader(v);
    expect(link?.href).toBe('https://a.okta.com/api/v1/logs?filter=a,b;c&after=1_2');
    expect(link?.params.title).toBe('x, y; z');
    expect(link?.rels).toEqual(['next']);
  });

  it('handles unquoted, upper-case and multi-valued rel, and ignores a second rel', () => {
    expect(nextLink('<https://a/x>; REL=next')).toBe('https://a/x');
    expect(nextLink('<https://a/x>; rel="prev next"')).toBe('https://a/x');
    expect(nextLink('<https://a/x>; rel="self"; rel="next"')).toBeNull();
  });

  it('resolves relative targets against the request URL', () => {
    expect(nextLink('</api/v1/users?after=2>; rel="next"', 'https://a.okta.com/api/v1/users?limit=1')).toBe('https://a.okta.com/api/v1/users?after=2');
  });

  it('has no next on the last page, an empty header, or garbage', () => {
    expect(nextLink(['<https://a/x>; rel="self"'])).toBeNull();
    expect(nextLink([])).toBeNull();
    expect(nextLink('garbage, more garbage; rel=next')).toBeNull();
    expect(nextLink('<https://a/unterminated; rel="next"')).toBeNull();
  });

  it('skips a malformed link-value and keeps parsing', () => {
    expect(nextLink('nonsense "with, comma", <https://a/n>; rel="next"')).toBe('https://a/n');
    expect(nextLink('<https://a/s>; rel="self" junk, <https://a/n>; rel=next')).toBe('https://a/n');
  });

  it('handles escaped quotes in quoted strings', () => {
    const [link] = parseLinkHeader('<https://a/x>; title="say \\"hi\\", ok"; rel="next"');
    expect(link?.params.title).toBe('say "hi", ok');
    expect(link?.rels).toEqual(['next']);
  });
});
