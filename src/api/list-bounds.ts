/**
 * How long a list field of the schema can be, declared on the field itself (a type-graphql extension) so
 * that the cost estimate (limits.ts) and the schema check read the very constant the Cypher or the twin
 * cuts the list with: a cap is written once.
 *
 * Every list of objects is one of:
 * - paged: it takes `first` (checked against TWIN_MAX_PAGE_SIZE), which is its length;
 * - capped: `@Extensions(maxItems(n))`, n being the constant its read is cut with (or a bound the data
 *   has by construction, e.g. one entry per identity provider);
 * - the items of a page: `@Extensions(itemsOfPage)`, a connection's edges, as many as the `first` of the
 *   field that returned the connection (which the estimate has already multiplied by).
 * Lists of scalars and enums are one property value each, read with their node, and need no bound.
 */
import { getNamedType, getNullableType, isLeafType, isListType, type GraphQLField } from 'graphql';

/** The extension's name in the schema (GraphQLField.extensions). */
const LIST_BOUND = 'listBound';

type ListBound = number | 'page';

/** `@Extensions(maxItems(n))`: the list never holds more than n items. */
export function maxItems(n: number): Record<typeof LIST_BOUND, ListBound> {
  return { [LIST_BOUND]: n };
}

/** `@Extensions(itemsOfPage)`: the list is a page whose size the parent field's `first` set. */
export const itemsOfPage: Record<typeof LIST_BOUND, ListBound> = { [LIST_BOUND]: 'page' };

/** A field's declared bound, if any. */
export function declaredBound(field: GraphQLField<unknown, unknown>): ListBound | undefined {
  const bound: unknown = field.extensions[LIST_BOUND];
  return typeof bound === 'number' || bound === 'page' ? bound : undefined;
}

/** Whether the field is a list of objects (not of scalars or enums). */
export function isObjectList(field: GraphQLField<unknown, unknown>): boolean {
  return isListType(getNullableType(field.type)) && !isLeafType(getNamedType(field.type));
}

/** Whether the field's length is set by its own `first` argument. */
export function isPaged(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((a) => a.name === 'first');
}
