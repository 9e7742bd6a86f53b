/**
 * The subset of OData `$filter` that identity connectors send to Graph: comparisons, and/or/not,
 * `in`, startswith/endswith, and lambda `any` over string collections. Anything else is a 400,
 * like a real query Graph does not support.
 *
 * String comparisons are case-insensitive (directory queries are); ISO timestamps compare as
 * instants, so "…22.1234567Z" and "…22Z" order correctly.
 */
import { type GraphError, graphErrors } from './graph-error.js';

type Literal = string | number | boolean | null;

export type Operand = { t: 'path'; path: readonly string[] } | { t: 'lit'; v: Literal };

export type ComparisonOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterExpr =
  | { t: 'and' | 'or'; a: FilterExpr; b: FilterExpr }
  | { t: 'not'; e: FilterExpr }
  | { t: 'cmp'; op: ComparisonOp; left: Operand; right: Operand }
  | { t: 'in'; left: Operand; list: readonly Literal[] }
  | { t: 'fn'; name: 'startswith' | 'endswith'; target: Operand; value: Operand }
  | { t: 'any'; path: readonly string[]; variable: string; body: FilterExpr };

type Token =
  | { k: 'ident'; v: string }
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'date'; v: string }
  | { k: 'punct'; v: '(' | ')' | ',' | ':' };

const invalid = (detail: string): GraphError => graphErrors.badRequest(`Invalid filter clause: ${detail}`);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')' || c === ',' || c === ':') {
      tokens.push({ k: 'punct', v: c });
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw invalid('unterminated string literal.');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ k: 'str', v: value });
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?[0-9][0-9A-Za-z:.+-]*/.exec(text.slice(i));
      if (!m) throw invalid(`unexpected '${c}'.`);
      const raw = m[0];
      i += raw.length;
      if (/^-?\d+(\.\d+)?$/.test(raw)) tokens.push({ k: 'num', v: Number(raw) });
      else if (!Number.isNaN(Date.parse(raw))) tokens.push({ k: 'date', v: raw });
      else tokens.push({ k: 'ident', v: raw });
    } else if (/[A-Za-z_@$]/.test(c)) {
      const m = /^[A-Za-z_@$][A-Za-z0-9_.@$/]*/.exec(text.slice(i));
      const raw = m?.[0] ?? c;
      i += raw.length;
      tokens.push({ k: 'ident', v: raw });
    } else {
      throw invalid(`unexpected '${c}'.`);
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterExpr {
    const expr = this.or();
    if (this.pos < this.tokens.length) throw invalid('unexpected trailing input.');
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t?.k === 'ident' && t.v.toLowerCase() === word;
  }

  private expectPunct(v: string): void {
    const t = this.peek();
    if (t?.k !== 'punct' || t.v !== v) throw invalid(`expected '${v}'.`);
    this.pos++;
  }

  private or(): FilterExpr {
    let left = this.and();
    while (this.isKeyword('or')) {
      this.pos++;
      left = { t: 'or', a: left, b: this.and() };
    }
    return left;
  }

  private and(): FilterExpr {
    let left = this.unary();
    while (this.isKeyword('and')) {
      this.pos++;
      left = { t: 'and', a: left, b: this.unary() };
    }
    return left;
  }

  private unary(): FilterExpr {
    if (this.isKeyword('not')) {
      this.pos++;
      return { t: 'not', e: this.unary() };
    }
    const t = this.peek();
    if (t?.k === 'punct' && t.v === '(') {
      this.pos++;
      const inner = this.or();
      this.expectPunct(')');
      return inner;
    }
    return this.primary();
  }

  private primary(): FilterExpr {
    const t = this.peek();
    if (t?.k !== 'ident') throw invalid('expected a property or function.');
    this.pos++;
    const next = this.peek();
    const lower = t.v.toLowerCase();
    if (next?.k === 'punct' && next.v === '(') {
      if (lower === 'startswith' || lower === 'endswith') {
        this.pos++;
        const target = this.operand();
        this.expectPunct(',');
        const value = this.operand();
        this.expectPunct(')');
        return { t: 'fn', name: lower, target, value };
      }
      if (lower.endsWith('/any')) {
        this.pos++;
        const variable = this.peek();
        if (variable?.k !== 'ident') throw invalid('expected a lambda variable.');
        this.pos++;
        this.expectPunct(':');
        const body = this.or();
        this.expectPunct(')');
        return { t: 'any', path: t.v.slice(0, -'/any'.length).split('/'), variable: variable.v, body };
      }
      throw graphErrors.unsupportedQuery(`Unsupported function '${t.v}' in filter.`);
    }
    const left: Operand = { t: 'path', path: t.v.split('/') };
    const op = this.peek();
    if (op?.k !== 'ident') throw invalid(`expected an operator after '${t.v}'.`);
    const opName = op.v.toLowerCase();
    this.pos++;
    if (opName === 'in') {
      this.expectPunct('(');
      const list: Literal[] = [];
      for (;;) {
        const item = this.operand();
        if (item.t !== 'lit') throw invalid("'in' takes a list of literals.");
        list.push(item.v);
        const sep = this.peek();
        if (sep?.k === 'punct' && sep.v === ',') {
          this.pos++;
          continue;
        }
        break;
      }
      this.expectPunct(')');
      return { t: 'in', left, list };
    }
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(opName)) {
      throw graphErrors.unsupportedQuery(`Unsupported operator '${op.v}' in filter.`);
    }
    return { t: 'cmp', op: opName as ComparisonOp, left, right: this.operand() };
  }

  private operand(): Operand {
    const t = this.peek();
    if (!t) throw invalid('unexpected end of input.');
    this.pos++;
    switch (t.k) {
      case 'str':
        return { t: 'lit', v: t.v };
      case 'num':
        return { t: 'lit', v: t.v };
      case 'date':
        return { t: 'lit', v: t.v };
      case 'ident': {
        const lower = t.v.toLowerCase();
        if (lower === 'true') return { t: 'lit', v: true };
        if (lower === 'false') return { t: 'lit', v: false };
        if (lower === 'null') return { t: 'lit', v: null };
        return { t: 'path', path: t.v.split('/') };
      }
      default:
        throw invalid(`unexpected '${t.v}'.`);
    }
  }
}

export function parseFilter(text: string): FilterExpr {
  return new Parser(tokenize(text)).parse();
}

/** Property paths the filter reads, joined with `/` (lambda variables excluded). */
export function filterPaths(expr: FilterExpr, bound: ReadonlySet<string> = new Set()): string[] {
  const fromOperand = (o: Operand): string[] => (o.t !== 'path' || bound.has(o.path[0] ?? '') ? [] : [o.path.join('/')]);
  switch (expr.t) {
    case 'and':
    case 'or':
      return [...filterPaths(expr.a, bound), ...filterPaths(expr.b, bound)];
    case 'not':
      return filterPaths(expr.e, bound);
    case 'cmp':
      return [...fromOperand(expr.left), ...fromOperand(expr.right)];
    case 'in':
      return fromOperand(expr.left);
    case 'fn':
      return [...fromOperand(expr.target), ...fromOperand(expr.value)];
    case 'any':
      return [expr.path.join('/'), ...filterPaths(expr.body, new Set([...bound, expr.variable]))];
  }
}

/** Root property names the filter reads (lambda variables excluded), for validation. */
export function filterRoots(expr: FilterExpr, bound: ReadonlySet<string> = new Set()): string[] {
  return filterPaths(expr, bound).map((path) => path.split('/')[0] ?? '');
}

/** Whether the filter needs Graph's "advanced query" mode (ne, not, endswith) on directory objects. */
export function filterNeedsAdvancedQuery(expr: FilterExpr): boolean {
  switch (expr.t) {
    case 'and':
    case 'or':
      return filterNeedsAdvancedQuery(expr.a) || filterNeedsAdvancedQuery(expr.b);
    case 'not':
      return true;
    case 'cmp':
      return expr.op === 'ne';
    case 'in':
      return false;
    case 'fn':
      return expr.name === 'endswith';
    case 'any':
      return filterNeedsAdvancedQuery(expr.body);
  }
}

const isoLike = /^\d{4}-\d{2}-\d{2}T/;

function resolve(o: Operand, obj: unknown, scope: ReadonlyMap<string, unknown>): unknown {
  if (o.t === 'lit') return o.v;
  const [root, ...rest] = o.path;
  let current: unknown = root !== undefined && scope.has(root) ? scope.get(root) : (obj as Record<string, unknown>)[root ?? ''];
  for (const segment of rest) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function compare(a: unknown, b: unknown): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  if (typeof a === 'string' && typeof b === 'string') {
    if (isoLike.test(a) && isoLike.test(b)) {
      const ta = Date.parse(a);
      const tb = Date.parse(b);
      if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
    }
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    return la < lb ? -1 : la > lb ? 1 : 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return undefined;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  return compare(a, b) === 0;
}

function evaluateIn(expr: FilterExpr, obj: unknown, scope: ReadonlyMap<string, unknown>): boolean {
  switch (expr.t) {
    case 'and':
      return evaluateIn(expr.a, obj, scope) && evaluateIn(expr.b, obj, scope);
    case 'or':
      return evaluateIn(expr.a, obj, scope) || evaluateIn(expr.b, obj, scope);
    case 'not':
      return !evaluateIn(expr.e, obj, scope);
    case 'cmp': {
      const l = resolve(expr.left, obj, scope);
      const r = resolve(expr.right, obj, scope);
      if (expr.op === 'eq') return equal(l, r);
      if (expr.op === 'ne') return !equal(l, r);
      const c = compare(l, r);
      if (c === undefined) return false;
      return expr.op === 'gt' ? c > 0 : expr.op === 'ge' ? c >= 0 : expr.op === 'lt' ? c < 0 : c <= 0;
    }
    case 'in': {
      const l = resolve(expr.left, obj, scope);
      return expr.list.some((v) => equal(l, v));
    }
    case 'fn': {
      const target = resolve(expr.target, obj, scope);
      const value = resolve(expr.value, obj, scope);
      if (typeof target !== 'string' || typeof value !== 'string') return false;
      const t = target.toLowerCase();
      const v = value.toLowerCase();
      return expr.name === 'startswith' ? t.startsWith(v) : t.endsWith(v);
    }
    case 'any': {
      const collection = resolve({ t: 'path', path: expr.path }, obj, scope);
      if (!Array.isArray(collection)) return false;
      return collection.some((item) => evaluateIn(expr.body, obj, new Map([...scope, [expr.variable, item]])));
    }
  }
}

export function evaluateFilter(expr: FilterExpr, obj: unknown): boolean {
  return evaluateIn(expr, obj, new Map());
}

/**
 * Bounds on one timestamp property implied by the top-level `and` chain, so a time-sorted
 * collection (sign-ins) can be sliced by binary search instead of scanned.
 */
export function timeBounds(expr: FilterExpr, property: string): { fromMs?: number; fromInclusive: boolean; toMs?: number; toInclusive: boolean } {
  const bounds: { fromMs?: number; fromInclusive: boolean; toMs?: number; toInclusive: boolean } = {
    fromInclusive: true,
    toInclusive: false,
  };
  const visit = (e: FilterExpr): void => {
    if (e.t === 'and') {
      visit(e.a);
      visit(e.b);
      return;
    }
    if (e.t !== 'cmp' || e.left.t !== 'path' || e.right.t !== 'lit') return;
    if (e.left.path.length !== 1 || e.left.path[0]?.toLowerCase() !== property.toLowerCase()) return;
    if (typeof e.right.v !== 'string') return;
    const ms = Date.parse(e.right.v);
    if (Number.isNaN(ms)) return;
    if ((e.op === 'ge' || e.op === 'gt') && (bounds.fromMs === undefined || ms >= bounds.fromMs)) {
      bounds.fromMs = ms;
      bounds.fromInclusive = e.op === 'ge';
    } else if ((e.op === 'lt' || e.op === 'le') && (bounds.toMs === undefined || ms <= bounds.toMs)) {
      bounds.toMs = ms;
      bounds.toInclusive = e.op === 'le';
    }
  };
  visit(expr);
  return bounds;
}
