/** The simulator's OData $filter subset: what connectors send to Graph, evaluated like Graph does. */
import { describe, expect, it } from 'vitest';
import { evaluateFilter, filterNeedsAdvancedQuery, filterRoots, parseFilter, timeBounds } from '../../dev/simulators/entra/odata-filter.js';

const user = {
  id: 'u1',
  displayName: "Aoife O'Brien",
  userType: 'Member',
  accountEnabled: true,
  methodsRegistered: ['fido2', 'mobilePhone'],
  signInActivity: { lastSignInDateTime: '2025-03-04T08:15:22.1234567Z' },
  createdDateTime: null,
};

const matches = (filter: string): boolean => evaluateFilter(parseFilter(filter), user);

describe('OData $filter', () => {
  it.each([
    ["userType eq 'member'", true],
    ["displayName eq 'Aoife O''Brien'", true],
    ["startswith(displayName,'aoi')", true],
    ["endswith(displayName,'brien')", true],
    ['accountEnabled eq false', false],
    ["accountEnabled eq true and (userType eq 'Guest' or id eq 'u1')", true],
    ["not (userType eq 'Member')", false],
    ["id in ('u0', 'u1')", true],
    ["methodsRegistered/any(m:m eq 'fido2')", true],
    ["methodsRegistered/any(m: m eq 'email')", false],
    ['signInActivity/lastSignInDateTime le 2025-03-04T08:15:22Z', false],
    ['signInActivity/lastSignInDateTime ge 2025-03-04T08:15:22Z', true],
    ['createdDateTime eq null', true],
    ['createdDateTime ge 2020-01-01T00:00:00Z', false],
  ])('%s -> %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it('names the properties it reads, lambda variables excluded', () => {
    expect(filterRoots(parseFilter("methodsRegistered/any(m:m eq 'x') and signInActivity/lastSignInDateTime le 2025-01-01T00:00:00Z"))).toEqual([
      'methodsRegistered',
      'signInActivity',
    ]);
  });

  it('flags what needs an advanced query', () => {
    expect(filterNeedsAdvancedQuery(parseFilter("userType ne 'Guest'"))).toBe(true);
    expect(filterNeedsAdvancedQuery(parseFilter("endswith(mail,'@x.com')"))).toBe(true);
    expect(filterNeedsAdvancedQuery(parseFilter("startswith(mail,'a')"))).toBe(false);
  });

  it('extracts a createdDateTime window from the top-level and chain', () => {
    const b = timeBounds(parseFilter("createdDateTime ge 2025-03-01T00:00:00Z and createdDateTime lt 2025-03-02T00:00:00Z and userId eq 'x'"), 'createdDateTime');
    expect(b).toEqual({ fromMs: Date.parse('2025-03-01T00:00:00Z'), fromInclusive: true, toMs: Date.parse('2025-03-02T00:00:00Z'), toInclusive: false });
  });

  it.each(["userType eq 'unterminated", 'userType eq', 'userType like 1', 'contains(displayName,1)'])('rejects %s', (filter) => {
    expect(() => parseFilter(filter)).toThrow();
  });
});
