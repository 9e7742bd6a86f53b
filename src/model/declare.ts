/**
 * The vocabulary for declaring the graph: typed properties, nodes and relationships. Declarations live
 * in graph.ts; writes.ts, cleanup.ts, migrations.ts and the generated docs/graph-model.md are compiled
 * from them, so a label, key or property is spelled once and its TypeScript type flows to the rows the
 * connectors write.
 */
import type { Source } from './vocabulary.js';

export type PropKind = 'string' | 'boolean' | 'integer' | 'float' | 'string[]' | 'datetime' | 'json';

/** A stored property: its Neo4j kind, whether null is a value, and what it means. `T` is its TS type. */
export interface Prop<T> {
  readonly kind: PropKind;
  readonly nullable: boolean;
  readonly doc: string;
  /** Phantom: carries T for the row types; never set at run time. */
  readonly type?: T;
}

function prop<T>(kind: PropKind, nullable: boolean, doc: string): Prop<T> {
  return { kind, nullable, doc };
}

/** Property builders. Dates are ISO-8601 strings in UTC; "never" is null. */
export const p = {
  string: (doc: string) => prop<string>('string', false, doc),
  optString: (doc: string) => prop<string | null>('string', true, doc),
  oneOf: <const V extends readonly string[]>(values: V, doc: string) =>
    prop<V[number]>('string', false, `${doc} (${values.join(' / ')})`),
  optOneOf: <const V extends readonly string[]>(values: V, doc: string) =>
    prop<V[number] | null>('string', true, `${doc} (${values.join(' / ')})`),
  bool: (doc: string) => prop<boolean>('boolean', false, doc),
  int: (doc: string) => prop<number>('integer', false, doc),
  optInt: (doc: string) => prop<number | null>('integer', true, doc),
  strings: (doc: string) => prop<string[]>('string[]', false, doc),
  listOf: <const V extends readonly string[]>(values: V, doc: string) =>
    prop<Array<V[number]>>('string[]', false, `${doc} (of ${values.join(', ')})`),
  date: (doc: string) => prop<string | null>('datetime', true, doc),
  json: (doc: string) => prop<string>('json', false, `${doc} (a JSON string)`),
};

export type PropSchema = Readonly<Record<string, Prop<unknown>>>;

/** The names of the properties that hold a string (or null): what a TEXT index can serve. */
export type StringPropsOf<S extends PropSchema> = {
  [K in keyof S]: S[K] extends Prop<infer T> ? ([T] extends [string | null] ? K : never) : never;
}[keyof S] & string;

/** The row value of each declared property. */
export type PropsOf<S extends PropSchema> = { [K in keyof S]: S[K] extends Prop<infer T> ? T : never };

/** Who writes a node, relationship or facet: the data set of one connector, or the twin itself. */
export interface Owner {
  readonly source: Source | 'TWIN';
  /** The data set (users, groups, ...) whose run writes it and whose cleanup removes what it did not see. */
  readonly dataSet: string;
}

export const entra = (dataSet: string): Owner => ({ source: 'ENTRA_ID', dataSet });
export const okta = (dataSet: string): Owner => ({ source: 'OKTA', dataSet });
export const twin = (dataSet: string): Owner => ({ source: 'TWIN', dataSet });

/**
 * Properties of a node written by another data set than the node's owner (Entra MFA registration on
 * users) or kept apart from the main write (a user's last sign-in, refused without a licence). A facet
 * carries its own run stamp; `reset` is what a finished owner's cleanup writes on nodes it did not see
 * (omit it to keep the old values, as for a sign-in date that was not read).
 */
export interface Facet<S extends PropSchema = PropSchema> {
  readonly owner: Owner;
  readonly doc: string;
  readonly props: S;
  /** The property stamped with the run id of the last run that wrote this facet. */
  readonly stamp?: string;
  readonly reset?: { readonly [K in keyof S]: S[K] extends Prop<infer T> ? T : never };
  /** Values a newly created node starts with, before any run of this facet's owner wrote it. */
  readonly initial?: { readonly [K in keyof S]: S[K] extends Prop<infer T> ? T : never };
}

/** How a node's stale instances go: not seen by the owner's finished run, or older than a retention window. */
export type Retention =
  | { readonly kind: 'unseen' }
  /** Dated instances go when `dateProp` is older than `$retentionDays` (a cleanup parameter); undated ones when unseen. */
  | { readonly kind: 'age'; readonly dateProp: string };

export interface NodeSpec<S extends PropSchema = PropSchema, F extends Record<string, Facet> = Record<string, Facet>> {
  /** The name this declaration goes by (EntraUser); also its extra label when `labels` has two. */
  readonly name: string;
  /** The keyed label first (Account), then the kind label if any (EntraUser). */
  readonly labels: readonly [string] | readonly [string, string];
  readonly doc: string;
  /** The format of the key, e.g. entra:{tenantId}:{objectId}. */
  readonly key: string;
  /** The uniquely constrained properties: `key` for synced nodes; none for a node found by an index. */
  readonly unique: readonly string[];
  readonly owner: Owner;
  readonly props: S;
  readonly facets: F;
  /** Composite or single-property range indexes on the keyed label. */
  readonly indexes: ReadonlyArray<readonly string[]>;
  /**
   * String properties with a TEXT index (Neo4j 5's default `text-2.0` provider, trigram-based): it serves
   * `CONTAINS` and `ENDS WITH` on the exact stored string, so a substring search reads the index, not every node.
   */
  readonly textIndexes: readonly string[];
  readonly retention: Retention;
  /** Created as a placeholder by edges that need it before its owner ran (a service principal met as a member). */
  readonly placeholders: boolean;
  /** How writes mark the nodes they change, so the twin's enrichment re-reads only those (src/twin/enrich-scope.ts). */
  readonly changeFlag: ChangeFlag | null;
}

/**
 * A property every write sets when it changes one of the node's values (created, a value differs, a facet
 * reset): 'identity' when one of the `identity` properties changed; else 'facts' when one that is not an
 * `activity` property changed; else 'activity'. A flag is never lowered (identity > facts > activity).
 * Enrichment reads and clears it.
 */
export interface ChangeFlag {
  readonly property: string;
  /** The properties identity resolution joins on: a change to one may move the node to another person. */
  readonly identity: readonly string[];
  /**
   * Properties that only dates are derived from (a sign-in: staleness, a person's last activity). A change to
   * these alone needs no resolution: enrichment updates the dates directly (src/twin/activity-pass.ts).
   */
  readonly activity: readonly string[];
}

export function node<S extends PropSchema, F extends Record<string, Facet> = Record<string, never>>(spec: {
  name: string;
  labels: readonly [string] | readonly [string, string];
  doc: string;
  key: string;
  unique?: readonly string[];
  owner: Owner;
  props: S;
  facets?: F;
  indexes?: ReadonlyArray<readonly string[]>;
  textIndexes?: ReadonlyArray<StringPropsOf<S>>;
  retention?: Retention;
  placeholders?: boolean;
  changeFlag?: ChangeFlag;
}): NodeSpec<S, F> {
  return {
    ...spec,
    unique: spec.unique ?? ['key'],
    facets: spec.facets ?? ({} as F),
    indexes: spec.indexes ?? [],
    textIndexes: spec.textIndexes ?? [],
    retention: spec.retention ?? { kind: 'unseen' },
    placeholders: spec.placeholders ?? false,
    changeFlag: spec.changeFlag ?? null,
  };
}

export function facet<S extends PropSchema>(spec: Facet<S>): Facet<S> {
  return spec;
}

/** The keyed label (the one with the unique `key` constraint). */
export function keyedLabel(n: NodeSpec): string {
  return n.labels[0];
}

/** The kind label that tells this declaration apart from others sharing the keyed label, if any. */
export function kindLabel(n: NodeSpec): string | undefined {
  return n.labels[1];
}

export interface RelSpec<S extends PropSchema = PropSchema> {
  readonly type: string;
  readonly doc: string;
  readonly from: readonly NodeSpec[];
  readonly to: readonly NodeSpec[];
  /** Each connector data set that writes it; cleanup of one never touches another's edges (`dataSet` stamp). */
  readonly owners: readonly Owner[];
  readonly props: S;
}

export function rel<S extends PropSchema = Record<string, never>>(spec: {
  type: string;
  doc: string;
  from: readonly NodeSpec[];
  to: readonly NodeSpec[];
  owners: readonly Owner[];
  props?: S;
}): RelSpec<S> {
  return { ...spec, props: spec.props ?? ({} as S) };
}

/** Stamps every synced node and relationship carries (docs/graph-model.md). */
export const NODE_STAMPS: PropSchema = {
  integration: p.string('the integration that wrote it: entra or okta'),
  source: p.oneOf(['ENTRA_ID', 'OKTA'], 'the identity provider'),
  runId: p.optString('the last sync run that saw it (null on a placeholder)'),
  seenAt: p.date('the start of that run'),
};

export const REL_STAMPS: PropSchema = {
  integration: p.string('the integration that wrote it'),
  runId: p.string('the last sync run that saw it'),
  seenAt: p.date('the start of that run'),
  dataSet: p.string('the data set that owns it'),
};
