import type { SubgraphClient } from "./client.js";
import { SubgraphResponseError } from "./errors.js";
import { type BlockHeight, ScalarParseError, parseBigDecimal, parseBigIntScalar, parseBytes } from "./scalars.js";
import {
  type SubgraphAggregations,
  type SubgraphEntities,
  type SubgraphFilters,
  type SubgraphIds,
  type SubgraphIntervals,
  type SubgraphOrderBy,
  subgraphSchema,
} from "./schema.js";

/** Runtime shape of a field in {@link subgraphSchema}. */
type FieldMeta = {
  readonly type: string;
  readonly kind: "scalar" | "enum" | "ref";
  readonly list?: boolean;
  readonly nullable?: boolean;
  readonly itemNullable?: boolean;
  readonly derivedFrom?: string;
};
/** Runtime shape of a type in {@link subgraphSchema}. */
type TypeMeta = {
  readonly kind: "object" | "interface" | "aggregation";
  readonly single?: string;
  readonly plural: string;
  readonly idType: "String" | "Bytes" | "Int8";
  readonly implementers?: readonly string[];
  readonly fields: Readonly<Record<string, FieldMeta>>;
};
const TYPES = subgraphSchema.types as unknown as Readonly<Record<string, TypeMeta>>;
const ENUMS = subgraphSchema.enums as unknown as Readonly<Record<string, readonly string[]>>;

/** Name of an entity or interface of the subgraph. */
export type SubgraphEntityName = keyof SubgraphEntities;
/** Name of an aggregation of the subgraph. */
export type SubgraphAggregationName = keyof SubgraphAggregations;

/** graph-node's maximum `first`. */
export const MAX_PAGE_SIZE = 1000;

function typeMeta(name: string): TypeMeta {
  const meta = TYPES[name];
  if (!meta) throw new SubgraphResponseError({ path: "", reason: `\`${name}\` is not a type of the subgraph schema` });
  return meta;
}

/** GraphQL selection set of a type: every stored field; relations as `{ id }`; `@derivedFrom` fields left out. */
export function selectionOf(name: string): string {
  const meta = typeMeta(name);
  const fields = Object.entries(meta.fields)
    .filter(([, f]) => f.derivedFrom === undefined)
    .map(([fieldName, f]) => (f.kind === "ref" ? `${fieldName} { id }` : fieldName));
  return `{ ${meta.kind === "interface" ? "__typename " : ""}${fields.join(" ")} }`;
}

function parseScalar(type: string, raw: unknown): unknown {
  switch (type) {
    case "ID":
    case "String":
      if (typeof raw === "string") return raw;
      break;
    case "Boolean":
      if (typeof raw === "boolean") return raw;
      break;
    case "Int":
      if (typeof raw === "number" && Number.isInteger(raw)) return raw;
      break;
    case "Bytes":
      return parseBytes(raw);
    case "BigInt":
    case "Int8":
    case "Timestamp":
      return parseBigIntScalar(raw);
    case "BigDecimal":
      return parseBigDecimal(raw);
    default:
      throw new ScalarParseError(`unknown scalar ${type}`);
  }
  throw new ScalarParseError(`expected ${type}, got ${JSON.stringify(raw)}`);
}

const ID_SCALAR = { String: "String", Bytes: "Bytes", Int8: "Int8" } as const;

function parseValue(field: FieldMeta, raw: unknown, path: string): unknown {
  const one = (item: unknown, itemPath: string, nullable: boolean): unknown => {
    if (item === null || item === undefined) {
      if (nullable) return null;
      throw new SubgraphResponseError({ path: itemPath, reason: "null in a non-null field" });
    }
    try {
      if (field.kind === "scalar") return parseScalar(field.type, item);
      if (field.kind === "enum") {
        if (typeof item === "string" && ENUMS[field.type]?.includes(item)) return item;
        throw new ScalarParseError(`${JSON.stringify(item)} is not a value of enum ${field.type}`);
      }
      const id = (item as { id?: unknown }).id;
      return parseScalar(ID_SCALAR[typeMeta(field.type).idType], id);
    } catch (error) {
      if (error instanceof ScalarParseError) throw new SubgraphResponseError({ path: itemPath, reason: error.message, cause: error });
      throw error;
    }
  };
  if (!field.list) return one(raw, path, field.nullable === true);
  if (raw === null || raw === undefined) return one(raw, path, field.nullable === true);
  if (!Array.isArray(raw)) throw new SubgraphResponseError({ path, reason: "expected a list" });
  return raw.map((item, i) => one(item, `${path}.${i}`, field.itemNullable === true));
}

/** Parses one raw entity of type `name` (as selected by {@link selectionOf}) into its SDK shape. */
export function parseEntity(name: string, raw: unknown, path = name): Record<string, unknown> {
  const meta = typeMeta(name);
  if (raw === null || typeof raw !== "object") throw new SubgraphResponseError({ path, reason: "expected an object" });
  const record = raw as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  if (meta.kind === "interface") {
    const typename = record.__typename;
    if (typeof typename !== "string" || !meta.implementers?.includes(typename)) {
      throw new SubgraphResponseError({ path: `${path}.__typename`, reason: `${JSON.stringify(typename)} does not implement ${name}` });
    }
    result.__typename = typename;
  }
  for (const [fieldName, field] of Object.entries(meta.fields)) {
    if (field.derivedFrom !== undefined) continue;
    if (!(fieldName in record)) throw new SubgraphResponseError({ path: `${path}.${fieldName}`, reason: "missing field" });
    result[fieldName] = parseValue(field, record[fieldName], `${path}.${fieldName}`);
  }
  return result;
}

function parseList(name: string, raw: unknown, path: string): Record<string, unknown>[] {
  if (!Array.isArray(raw)) throw new SubgraphResponseError({ path, reason: "expected a list" });
  return raw.map((item, i) => parseEntity(name, item, `${path}.${i}`));
}

/** `($a: T, ...)` and `(a: $a, ...)` for the arguments actually given (absent ones keep graph-node's defaults). */
function argumentsOf(args: Record<string, [graphqlType: string, value: unknown]>) {
  const given = Object.entries(args).filter(([, [, value]]) => value !== undefined);
  const variables = Object.fromEntries(given.map(([k, [, v]]) => [k, v]));
  const declarations = given.map(([k, [t]]) => `$${k}: ${t}`).join(", ");
  const uses = given.map(([k]) => `${k}: $${k}`).join(", ");
  return {
    variables,
    declarations: declarations ? `(${declarations})` : "",
    uses: uses ? `(${uses})` : "",
  };
}

/** Options every subgraph query accepts. */
export type SubgraphReadOptions = {
  /** Block to query at (default: the latest indexed block). */
  block?: BlockHeight | undefined;
};

/** Parameters of {@link fetchEntity}. */
export type FetchEntityParameters<name extends SubgraphEntityName> = SubgraphReadOptions & {
  entity: name;
  id: SubgraphIds[name];
};

/**
 * Fetches one entity by id (`null` when it does not exist at that block).
 *
 * @example
 * ```ts
 * const deal = await fetchEntity(subgraph, { entity: "Deal", id: "1" })
 * ```
 */
export async function fetchEntity<name extends SubgraphEntityName>(
  client: SubgraphClient,
  parameters: FetchEntityParameters<name>,
): Promise<SubgraphEntities[name] | null> {
  const meta = typeMeta(parameters.entity);
  const { declarations, uses, variables } = argumentsOf({
    id: ["ID!", typeof parameters.id === "string" && meta.idType === "Bytes" ? parameters.id.toLowerCase() : parameters.id],
    block: ["Block_height", parameters.block],
  });
  const data = await client.request<{ entity?: unknown }>(
    `query${declarations} { entity: ${meta.single}${uses} ${selectionOf(parameters.entity)} }`,
    variables,
  );
  if (data.entity === null || data.entity === undefined) return null;
  return parseEntity(parameters.entity, data.entity) as SubgraphEntities[name];
}

/** Parameters of {@link fetchEntities}. */
export type FetchEntitiesParameters<name extends SubgraphEntityName> = SubgraphReadOptions & {
  entity: name;
  where?: SubgraphFilters[name] | undefined;
  orderBy?: SubgraphOrderBy[name] | undefined;
  orderDirection?: "asc" | "desc" | undefined;
  /** Page size (graph-node default 100, max 1000). */
  first?: number | undefined;
  /** Offset (graph-node caps it at 5000: use {@link fetchAllEntities} for long lists). */
  skip?: number | undefined;
};

/**
 * Fetches one page of a collection (one HTTP request), with graph-node's `where`, `orderBy`, `first`, `skip`.
 *
 * @example
 * ```ts
 * const late = await fetchEntities(subgraph, { entity: "Deal", where: { status_in: ["Late", "Defaulted"] } })
 * ```
 */
export async function fetchEntities<name extends SubgraphEntityName>(
  client: SubgraphClient,
  parameters: FetchEntitiesParameters<name>,
): Promise<SubgraphEntities[name][]> {
  const { items } = await fetchPage(client, parameters, false);
  return items;
}

async function fetchPage<name extends SubgraphEntityName>(
  client: SubgraphClient,
  parameters: FetchEntitiesParameters<name>,
  withMeta: boolean,
): Promise<{ items: SubgraphEntities[name][]; blockNumber: number | undefined }> {
  const { entity } = parameters;
  const meta = typeMeta(entity);
  const { declarations, uses, variables } = argumentsOf({
    first: ["Int", parameters.first],
    skip: ["Int", parameters.skip],
    orderBy: [`${entity}_orderBy`, parameters.orderBy],
    orderDirection: ["OrderDirection", parameters.orderDirection],
    where: [`${entity}_filter`, parameters.where],
    block: ["Block_height", parameters.block],
  });
  const metaSelection = withMeta ? " _meta { block { number } }" : "";
  const data = await client.request<{ items?: unknown; _meta?: { block?: { number?: unknown } } }>(
    `query${declarations} { items: ${meta.plural}${uses} ${selectionOf(entity)}${metaSelection} }`,
    variables,
  );
  const items = parseList(entity, data.items, meta.plural) as SubgraphEntities[name][];
  let blockNumber: number | undefined;
  if (withMeta) {
    blockNumber = data._meta?.block?.number as number | undefined;
    if (typeof blockNumber !== "number") throw new SubgraphResponseError({ path: "_meta.block.number", reason: "missing" });
  }
  return { items, blockNumber };
}

/** Parameters of {@link fetchAllEntities}. */
export type FetchAllEntitiesParameters<name extends SubgraphEntityName> = SubgraphReadOptions & {
  entity: name;
  where?: SubgraphFilters[name] | undefined;
  /** Entities per request (default and max 1000). */
  pageSize?: number | undefined;
};

/**
 * Fetches a whole collection, paginating by id cursor (`id_gt`, ordered by id: no `skip` limit), every page at the
 * same block (the first page's, unless `block` is given) so the result is one consistent snapshot. Returns the
 * entities ordered by id.
 *
 * @example
 * ```ts
 * const requests = await fetchAllEntities(subgraph, { entity: "RedeemRequest", where: { status: "Pending" } })
 * ```
 */
export async function fetchAllEntities<name extends SubgraphEntityName>(
  client: SubgraphClient,
  parameters: FetchAllEntitiesParameters<name>,
): Promise<SubgraphEntities[name][]> {
  const { entity } = parameters;
  const where = parameters.where && Object.keys(parameters.where).length > 0 ? parameters.where : undefined;
  const pageSize = parameters.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be an integer in [1, ${MAX_PAGE_SIZE}], got ${pageSize}`);
  }
  let block = parameters.block;
  const all: SubgraphEntities[name][] = [];
  let cursor: unknown;
  for (;;) {
    const cursorFilter = cursor === undefined ? undefined : { id_gt: cursor };
    const pageWhere = cursorFilter === undefined ? where : where === undefined ? cursorFilter : { and: [where, cursorFilter] };
    const page = await fetchPage(
      client,
      { entity, where: pageWhere as SubgraphFilters[name] | undefined, orderBy: "id" as SubgraphOrderBy[name], orderDirection: "asc", first: pageSize, block },
      block === undefined,
    );
    if (block === undefined && page.blockNumber !== undefined) block = { number: page.blockNumber };
    all.push(...page.items);
    if (page.items.length < pageSize) return all;
    cursor = (page.items[page.items.length - 1] as { id: unknown }).id;
  }
}

/** Parameters of {@link fetchAggregation}. */
export type FetchAggregationParameters<name extends SubgraphAggregationName> = SubgraphReadOptions & {
  aggregation: name;
  interval: SubgraphIntervals[name];
  where?: SubgraphFilters[name] | undefined;
  orderBy?: SubgraphOrderBy[name] | undefined;
  orderDirection?: "asc" | "desc" | undefined;
  first?: number | undefined;
  skip?: number | undefined;
  /** `include` adds the current, still open bucket (graph-node `current`). */
  current?: "exclude" | "include" | undefined;
};

/**
 * Fetches buckets of an `@aggregation` (one request). `timestamp` is the bucket start in microseconds.
 *
 * @example
 * ```ts
 * const hours = await fetchAggregation(subgraph, { aggregation: "ProtocolStats", interval: "hour", first: 24 })
 * ```
 */
export async function fetchAggregation<name extends SubgraphAggregationName>(
  client: SubgraphClient,
  parameters: FetchAggregationParameters<name>,
): Promise<SubgraphAggregations[name][]> {
  const name = parameters.aggregation as string;
  const meta = typeMeta(name);
  const { declarations, uses, variables } = argumentsOf({
    interval: ["Aggregation_interval!", parameters.interval],
    first: ["Int", parameters.first],
    skip: ["Int", parameters.skip],
    orderBy: [`${name}_orderBy`, parameters.orderBy],
    orderDirection: ["OrderDirection", parameters.orderDirection],
    current: ["Aggregation_current", parameters.current],
    where: [`${name}_filter`, parameters.where],
    block: ["Block_height", parameters.block],
  });
  const data = await client.request<{ items?: unknown }>(
    `query${declarations} { items: ${meta.plural}${uses} ${selectionOf(name)} }`,
    variables,
  );
  return parseList(name, data.items, meta.plural) as SubgraphAggregations[name][];
}

/** Return type of {@link fetchMeta}. */
export type SubgraphMeta = {
  /** Latest indexed block (`timestamp` in seconds, null when the chain does not report it). */
  block: { number: number; hash: `0x${string}` | null; timestamp: number | null };
  /** Deployment id (IPFS hash). */
  deployment: string;
  /** Whether the subgraph hit an indexing error. */
  hasIndexingErrors: boolean;
};

/**
 * Reads `_meta`: the latest indexed block, the deployment id, and whether indexing failed. Compare `block.number`
 * with the chain head to know how far behind the subgraph is.
 *
 * @example
 * ```ts
 * const { block } = await fetchMeta(subgraph)
 * ```
 */
export async function fetchMeta(client: SubgraphClient, parameters: SubgraphReadOptions = {}): Promise<SubgraphMeta> {
  const { declarations, uses, variables } = argumentsOf({ block: ["Block_height", parameters.block] });
  const data = await client.request<{ _meta?: unknown }>(
    `query${declarations} { _meta${uses} { block { number hash timestamp } deployment hasIndexingErrors } }`,
    variables,
  );
  const meta = data._meta as
    | { block?: { number?: unknown; hash?: unknown; timestamp?: unknown }; deployment?: unknown; hasIndexingErrors?: unknown }
    | null
    | undefined;
  const number = meta?.block?.number;
  const hash = meta?.block?.hash;
  const timestamp = meta?.block?.timestamp;
  if (typeof number !== "number") throw new SubgraphResponseError({ path: "_meta.block.number", reason: "missing" });
  if (typeof meta?.deployment !== "string") throw new SubgraphResponseError({ path: "_meta.deployment", reason: "missing" });
  return {
    block: {
      number,
      hash: hash === null || hash === undefined ? null : parseBytes(hash),
      timestamp: typeof timestamp === "number" ? timestamp : null,
    },
    deployment: meta.deployment,
    hasIndexingErrors: meta.hasIndexingErrors === true,
  };
}
