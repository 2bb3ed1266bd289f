#!/usr/bin/env node
// Generates sdk/src/subgraph/schema.ts from subgraph/schema.graphql: one TypeScript type per entity, interface and
// aggregation (as the SDK returns it: BigInt/Int8/Timestamp → bigint, BigDecimal → { value, decimals }, Bytes → Hex,
// relations → the related entity's id), its `where` filter and `orderBy` types exactly as graph-node derives them, and
// a runtime description (`subgraphSchema`) that the client uses to build selections and parse responses.
//
//   node scripts/gen-subgraph-types.mjs           → writes sdk/src/subgraph/schema.ts
//   node scripts/gen-subgraph-types.mjs --check   → exits 1 when schema.ts differs from what the schema generates
//                                                   (a schema change without regeneration fails `npm test`)
//
// Constructs handled (everything graph-node accepts in a subgraph schema): `@entity(immutable:, timeseries:,
// skipDuplicates:)` object types, interfaces (`implements`, `__typename` in results), `@aggregation(intervals:,
// source:)` types with `@aggregate(fn:, arg:, cumulative:)` fields, `@derivedFrom(field:)`, enums, lists, the
// scalars ID, Bytes, String, Boolean, Int, Int8, BigInt, BigDecimal, Timestamp, and the `_Schema_` fulltext type
// (skipped). Anything else (unions, input types, custom scalars, unknown directives) is an error, so a regeneration
// never silently produces wrong types. Query field names follow graph-node (`camel_cased_names`: Inflector's
// `to_plural` + `to_camel_case`, `_collection` when the plural equals the singular).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Kind, parse } from "graphql";

const SDK = fileURLToPath(new URL("..", import.meta.url));
const SCHEMA = join(SDK, "..", "subgraph", "schema.graphql");
const TARGET = join(SDK, "src", "subgraph", "schema.ts");

const SCALARS = ["ID", "Bytes", "String", "Boolean", "Int", "Int8", "BigInt", "BigDecimal", "Timestamp"];
/** TypeScript type of a scalar in a parsed result. */
const RESULT_TS = {
  ID: "string",
  Bytes: "Hex",
  String: "string",
  Boolean: "boolean",
  Int: "number",
  Int8: "bigint",
  BigInt: "bigint",
  BigDecimal: "BigDecimal",
  Timestamp: "bigint",
};
/** TypeScript type of a scalar in a `where` filter (bigints and BigDecimals are sent as decimal strings). */
const FILTER_TS = { ...RESULT_TS, BigDecimal: "BigDecimal | string", Int8: "bigint", Timestamp: "bigint" };

// ----------------------------------------------------------------------------------------------------------------
// graph-node's names (Inflector 0.11.4 `to_plural` and `to_camel_case`, as used by graph-node's `camel_cased_names`)
// ----------------------------------------------------------------------------------------------------------------

const UNCOUNTABLE = new Set(
  (
    "accommodation adulthood advertising advice aggression aid air aircraft alcohol anger applause arithmetic " +
    "assistance athletics bacon baggage beef biology blood botany bread butter carbon cardboard cash chalk chaos " +
    "chess crossroads countryside dancing deer dignity dirt dust economics education electricity engineering " +
    "enjoyment envy equipment ethics evidence evolution fame fiction flour flu food fuel fun furniture gallows " +
    "garbage garlic genetics gold golf gossip grammar gratitude grief guilt gymnastics happiness hardware harm hate " +
    "hatred health heat help homework honesty honey hospitality housework humour hunger hydrogen ice importance " +
    "inflation information innocence iron irony jam jewelry judo karate knowledge lack laughter lava leather " +
    "leisure lightning linguine linguini linguistics literature litter livestock logic loneliness luck luggage " +
    "macaroni machinery magic management mankind marble mathematics mayonnaise measles methane milk money mud " +
    "music mumps nature news nitrogen nonsense nurture nutrition obedience obesity oxygen pasta patience physics " +
    "poetry pollution poverty pride psychology publicity punctuation quartz racism relaxation reliability research " +
    "respect revenge rice rubbish rum safety scenery seafood seaside series shame sheep shopping sleep smoke " +
    "smoking snow soap software soil spaghetti species steam stuff stupidity sunshine symmetry tennis thirst " +
    "thunder timber traffic transportation trust underwear unemployment unity validity veal vegetation " +
    "vegetarianism vengeance violence vitality warmth wealth weather welfare wheat wildlife wisdom yoga zinc zoology"
  ).split(" "),
);
const SPECIAL_PLURALS = {
  ox: "oxen",
  man: "men",
  woman: "women",
  die: "dice",
  yes: "yeses",
  foot: "feet",
  eave: "eaves",
  goose: "geese",
  tooth: "teeth",
  quiz: "quizzes",
};
/** Inflector's rules in declaration order; `toPlural` tries them last to first, like Inflector. */
const PLURAL_RULES = [
  [/(\w*)s$/, "s"],
  [/(\w*([^aeiou]ese))$/, ""],
  [/(\w*(ax|test))is$/, "es"],
  [/(\w*(alias|[^aou]us|tlas|gas|ris))$/, "es"],
  [/(\w*(e[mn]u))s?$/, "s"],
  [/(\w*([^l]ias|[aeiou]las|[emjzr]as|[iu]am))$/, ""],
  [/(\w*(alumn|syllab|octop|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|uter|loc|strat))(?:us|i)$/, "i"],
  [/(\w*(alumn|alg|vertebr))(?:a|ae)$/, "ae"],
  [/(\w*(seraph|cherub))(?:im)?$/, "im"],
  [/(\w*(her|at|gr))o$/, "oes"],
  [
    /(\w*(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|candelabr|errat|ov|symposi|curricul|automat|quor))(?:a|um)$/,
    "a",
  ],
  [/(\w*(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|prolegomen|hedr|automat))(?:a|on)$/, "a"],
  [/(\w*)sis$/, "ses"],
  [/(\w*(kni|wi|li))fe$/, "ves"],
  [/(\w*(ar|l|ea|eo|oa|hoo))f$/, "ves"],
  [/(\w*([^aeiouy]|qu))y$/, "ies"],
  [/(\w*([^ch][ieo][ln]))ey$/, "ies"],
  [/(\w*(x|ch|ss|sh|zz)es)$/, ""],
  [/(\w*(x|ch|ss|sh|zz))$/, "es"],
  [/(\w*(matr|cod|mur|sil|vert|ind|append))(?:ix|ex)$/, "ices"],
  [/(\w*(m|l)(?:ice|ouse))$/, "ice"],
  [/(\w*(pe)(?:rson|ople))$/, "ople"],
  [/(\w*(child))(?:ren)?$/, "ren"],
  [/(\w*eaux)$/, ""],
];

/** Inflector `to_plural`. */
export function toPlural(word) {
  if (UNCOUNTABLE.has(word)) return word;
  if (Object.hasOwn(SPECIAL_PLURALS, word)) return SPECIAL_PLURALS[word];
  for (const [rule, replacement] of [...PLURAL_RULES].reverse()) {
    const match = rule.exec(word);
    if (match?.[1] !== undefined) return match[1] + replacement;
  }
  return `${word}s`;
}

/** Inflector `to_camel_case` (CamelOptions: new_word false, last_char ' ', first_word false, not inverted). */
export function toCamelCase(text) {
  const alnum = (c) => /[\p{L}\p{N}]/u.test(c);
  const isLower = (c) => c !== c.toUpperCase() && c === c.toLowerCase();
  const isUpper = (c) => c !== c.toLowerCase() && c === c.toUpperCase();
  let newWord = false;
  let lastChar = " ";
  let foundReal = false;
  let result = "";
  const trimmed = [...text];
  while (trimmed.length > 0 && !alnum(trimmed[trimmed.length - 1])) trimmed.pop();
  for (const c of trimmed) {
    if (!alnum(c) && foundReal) newWord = true;
    else if (!foundReal && !alnum(c)) continue;
    else if (/\p{N}/u.test(c)) {
      foundReal = true;
      newWord = true;
      result += c;
    } else if (newWord || (isLower(lastChar) && isUpper(c))) {
      foundReal = true;
      newWord = false;
      result += c.toUpperCase();
    } else {
      foundReal = true;
      lastChar = c;
      result += c.toLowerCase();
    }
  }
  return result;
}

/** graph-node `camel_cased_names`: the single-entity and the collection query field of a type. */
export function queryFieldNames(typeName) {
  const single = toCamelCase(typeName);
  let plural = toCamelCase(toPlural(typeName));
  if (plural === single) plural += "_collection";
  return { single, plural };
}

// ----------------------------------------------------------------------------------------------------------------
// Schema model
// ----------------------------------------------------------------------------------------------------------------

const fail = (node, message) => {
  const where = node?.loc ? ` (line ${node.loc.startToken.line})` : "";
  throw new Error(`gen-subgraph-types: ${message}${where}`);
};

function argValue(node) {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
      return Number(node.value);
    case Kind.LIST:
      return node.values.map(argValue);
    default:
      return fail(node, `unsupported directive argument kind ${node.kind}`);
  }
}

function directiveArgs(directive, allowed) {
  const args = {};
  for (const arg of directive.arguments ?? []) {
    if (!allowed.includes(arg.name.value)) fail(arg, `@${directive.name.value} has an unknown argument \`${arg.name.value}\``);
    args[arg.name.value] = argValue(arg.value);
  }
  return args;
}

/** `[X!]!` → { base: "X", list: true, nullable: false, itemNullable: false }. Nested lists are rejected. */
function unwrapType(type, node) {
  let nullable = true;
  let t = type;
  if (t.kind === Kind.NON_NULL_TYPE) {
    nullable = false;
    t = t.type;
  }
  if (t.kind === Kind.LIST_TYPE) {
    let inner = t.type;
    let itemNullable = true;
    if (inner.kind === Kind.NON_NULL_TYPE) {
      itemNullable = false;
      inner = inner.type;
    }
    if (inner.kind !== Kind.NAMED_TYPE) fail(node, "nested lists are not supported by graph-node");
    return { base: inner.name.value, list: true, nullable, itemNullable };
  }
  return { base: t.name.value, list: false, nullable, itemNullable: false };
}

const description = (node) => node.description?.value.trim();

/** Parses the schema into { enums, types } (types: objects, interfaces and aggregations in file order). */
export function model(source) {
  const document = parse(source, { noLocation: false });
  const enums = new Map();
  const types = [];
  for (const def of document.definitions) {
    switch (def.kind) {
      case Kind.ENUM_TYPE_DEFINITION:
        if (def.directives?.length) fail(def, `enum ${def.name.value}: directives are not supported`);
        enums.set(def.name.value, { name: def.name.value, description: description(def), values: def.values.map((v) => v.name.value) });
        break;
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION: {
        const name = def.name.value;
        if (name === "_Schema_") break; // fulltext search definitions: no entity
        let kind = def.kind === Kind.INTERFACE_TYPE_DEFINITION ? "interface" : undefined;
        let immutable = false;
        let timeseries = false;
        let intervals;
        let source;
        for (const directive of def.directives ?? []) {
          const dname = directive.name.value;
          if (dname === "entity" && kind === undefined) {
            const args = directiveArgs(directive, ["immutable", "timeseries", "skipDuplicates"]);
            kind = "object";
            timeseries = args.timeseries === true;
            immutable = args.immutable === true || timeseries;
          } else if (dname === "aggregation" && kind === undefined) {
            const args = directiveArgs(directive, ["intervals", "source"]);
            kind = "aggregation";
            intervals = args.intervals;
            source = args.source;
            if (!Array.isArray(intervals) || intervals.length === 0) fail(directive, `${name}: @aggregation needs intervals`);
          } else fail(directive, `${name}: unsupported directive @${dname}`);
        }
        if (kind === undefined) fail(def, `type ${name} has neither @entity nor @aggregation`);
        const fields = (def.fields ?? []).map((f) => {
          const field = { name: f.name.value, description: description(f), ...unwrapType(f.type, f) };
          for (const directive of f.directives ?? []) {
            const dname = directive.name.value;
            if (dname === "derivedFrom") field.derivedFrom = directiveArgs(directive, ["field"]).field;
            else if (dname === "aggregate") field.aggregate = directiveArgs(directive, ["fn", "arg", "cumulative"]);
            else fail(directive, `${name}.${field.name}: unsupported directive @${dname}`);
          }
          if (f.arguments?.length) fail(f, `${name}.${field.name}: field arguments are not supported`);
          return field;
        });
        if (!fields.some((f) => f.name === "id")) fail(def, `${name} has no id field`);
        types.push({
          name,
          kind,
          description: description(def),
          immutable,
          timeseries,
          intervals,
          source,
          implements: (def.interfaces ?? []).map((i) => i.name.value),
          fields,
        });
        break;
      }
      case Kind.SCHEMA_DEFINITION:
      case Kind.DIRECTIVE_DEFINITION:
        break;
      default:
        fail(def, `unsupported definition ${def.kind}`);
    }
  }
  const byName = new Map(types.map((t) => [t.name, t]));
  for (const t of types) {
    for (const i of t.implements) if (byName.get(i)?.kind !== "interface") fail(undefined, `${t.name} implements unknown interface ${i}`);
    for (const f of t.fields) {
      if (SCALARS.includes(f.base)) f.kind = "scalar";
      else if (enums.has(f.base)) f.kind = "enum";
      else if (byName.has(f.base)) f.kind = "ref";
      else fail(undefined, `${t.name}.${f.name}: unknown type ${f.base}`);
      if (f.derivedFrom !== undefined && f.kind !== "ref") fail(undefined, `${t.name}.${f.name}: @derivedFrom on a non-entity`);
    }
  }
  // Id type: an object's own `id`; an interface's is its first implementer's (graph-node `id_type_as_scalar`).
  for (const t of types) {
    if (t.kind === "interface") {
      const first = types.find((o) => o.kind === "object" && o.implements.includes(t.name));
      t.idType = first ? first.fields.find((f) => f.name === "id").base : "String";
      t.implementers = types.filter((o) => o.implements.includes(t.name)).map((o) => o.name);
    } else t.idType = t.fields.find((f) => f.name === "id").base;
    if (t.idType === "ID") t.idType = "String";
    if (!["String", "Bytes", "Int8"].includes(t.idType)) fail(undefined, `${t.name}: illegal id type ${t.idType}`);
  }
  return { enums, types, byName };
}

// ----------------------------------------------------------------------------------------------------------------
// Rendering
// ----------------------------------------------------------------------------------------------------------------

/** The scalar graph-node uses for a reference's id in filters (`id_type_as_scalar`: Int8 ids are filtered as Int). */
const refFilterScalar = (target) => (target.idType === "Int8" ? "Int" : "String");

/** graph-node `field_filter_ops`. */
function scalarOps(set, scalar) {
  if (set === "aggregation") {
    return ["BigInt", "BigDecimal", "Int", "Int8", "Timestamp"].includes(scalar) ? ["", "gt", "lt", "gte", "lte", "in"] : [""];
  }
  switch (scalar) {
    case "Boolean":
      return ["", "not", "in", "not_in"];
    case "Bytes":
      return ["", "not", "gt", "lt", "gte", "lte", "in", "not_in", "contains", "not_contains"];
    case "ID":
    case "BigInt":
    case "BigDecimal":
    case "Int":
    case "Int8":
    case "Timestamp":
      return ["", "not", "gt", "lt", "gte", "lte", "in", "not_in"];
    case "String":
      return [
        "", "not", "gt", "lt", "gte", "lte", "in", "not_in", "contains", "contains_nocase", "not_contains",
        "not_contains_nocase", "starts_with", "starts_with_nocase", "not_starts_with", "not_starts_with_nocase",
        "ends_with", "ends_with_nocase", "not_ends_with", "not_ends_with_nocase",
      ];
    default:
      return ["", "not"];
  }
}

/** `readonly T[]`, parenthesised only when T is a union. */
const listOf = (ts) => (ts.includes(" ") ? `readonly (${ts})[]` : `readonly ${ts}[]`);

/**
 * Named op sets emitted into schema.ts (suffixes after `field_`; "" — the field itself — is always there). A field's
 * ops render as the named set when they are exactly that set, else as a union of literals.
 */
const ORDER = ["not", "gt", "lt", "gte", "lte"];
const OP_SETS = [
  ["OrderOps", ORDER],
  ["BytesOps", [...ORDER, "contains", "not_contains"]],
  [
    "StringOps",
    [
      ...ORDER, "contains", "contains_nocase", "not_contains", "not_contains_nocase", "starts_with", "starts_with_nocase",
      "not_starts_with", "not_starts_with_nocase", "ends_with", "ends_with_nocase", "not_ends_with", "not_ends_with_nocase",
    ],
  ],
  ["AggregateOps", ["gt", "lt", "gte", "lte"]],
  ["InOps", ["in", "not_in"]],
  ["ListOps", ["not", "contains", "not_contains"]],
  ["ListNocaseOps", ["not", "contains", "contains_nocase", "not_contains", "not_contains_nocase"]],
];

const opSet = (name) => OP_SETS.find(([n]) => n === name)[1];

function opsExpr(ops) {
  if (ops.length === 0) return "never";
  const named = OP_SETS.find(([, set]) => set.length === ops.length && set.every((o) => ops.includes(o)));
  return named ? named[0] : ops.map((o) => JSON.stringify(o)).join(" | ");
}

function filterTypeOf(scalar) {
  return FILTER_TS[scalar] ?? fail(undefined, `no filter type for ${scalar}`);
}

/** `WhereField<...>` for one field: graph-node ops split into single-valued and list-valued (`in`, `not_in`). */
function whereField(name, valueTs, ops) {
  const single = ops.filter((o) => o !== "" && o !== "in" && o !== "not_in");
  const list = ops.filter((o) => o === "in" || o === "not_in");
  const args = [JSON.stringify(name), valueTs, opsExpr(single)];
  if (list.length > 0) args.push(opsExpr(list));
  return `WhereField<${args.join(", ")}>`;
}

/**
 * `<Type>_filter` (graph-node `field_filter_input_values`): `WhereField` terms for the value filters, and the
 * members of an object type for child filters (`field_`), `_change_block`, `and`, `or`.
 */
function filterParts(m, type) {
  const set = type.kind === "aggregation" ? "aggregation" : "object";
  const terms = [];
  const members = [];
  for (const f of type.fields) {
    if (f.list) {
      // graph-node `field_list_filter_input_values`: every op takes a list
      let valueTs;
      let nocase = false;
      if (f.kind === "ref") {
        const target = m.byName.get(f.base);
        if (f.derivedFrom === undefined) {
          valueTs = target.idType === "Int8" ? "number" : "string";
          nocase = target.idType === "String";
        }
      } else if (f.kind === "scalar") {
        valueTs = filterTypeOf(f.base);
        nocase = f.base === "String";
      } else valueTs = f.base;
      if (valueTs !== undefined) terms.push(whereField(f.name, listOf(valueTs), ["", ...opSet(nocase ? "ListNocaseOps" : "ListOps")]));
      if (f.kind === "ref") members.push([`${f.name}_`, `${f.base}Filter`]);
      continue;
    }
    if (f.kind === "ref") {
      const target = m.byName.get(f.base);
      if (f.derivedFrom === undefined) {
        const scalar = refFilterScalar(target);
        terms.push(whereField(f.name, scalar === "Int" ? "number" : "string", scalarOps(set, scalar)));
      }
      members.push([`${f.name}_`, `${f.base}Filter`]);
    } else if (f.kind === "enum") {
      terms.push(whereField(f.name, f.base, ["", "not", "in", "not_in"]));
    } else terms.push(whereField(f.name, filterTypeOf(f.base), scalarOps(set, f.base)));
  }
  members.push(["_change_block", "BlockChangedFilter"]);
  members.push(["and", `readonly ${type.name}Filter[]`]);
  members.push(["or", `readonly ${type.name}Filter[]`]);
  return { terms, members };
}

/** Fields a parent can sort by through a relation (`parent__child`): stored single scalars and enums. */
const sortableFields = (type) => type.fields.filter((f) => !f.list && f.kind !== "ref" && f.derivedFrom === undefined);

/**
 * `<Type>_orderBy` (graph-node `field_enum_values`: every field, plus `field__child` for a non-list relation), as
 * a union: the type's `<Type>SortField`s, its other fields, and a template literal per relation.
 */
function orderByExpr(m, type) {
  const sortable = new Set(sortableFields(type).map((f) => f.name));
  const parts = [`${type.name}SortField`];
  for (const f of type.fields) {
    if (sortable.has(f.name)) continue;
    parts.push(JSON.stringify(f.name));
    if (f.kind === "ref" && !f.list) parts.push(`\`${f.name}__\${${f.base}SortField}\``);
  }
  return parts.join(" | ");
}

const idTs = (type) => (type.idType === "Bytes" ? "Hex" : type.idType === "Int8" ? "bigint" : "string");

function resultTs(m, f) {
  let ts;
  if (f.kind === "scalar") ts = RESULT_TS[f.base];
  else if (f.kind === "enum") ts = f.base;
  else ts = idTs(m.byName.get(f.base));
  if (f.list) ts = listOf(f.itemNullable ? `${ts} | null` : ts);
  return f.nullable ? `${ts} | null` : ts;
}

function doc(text, indent = "") {
  if (!text) return "";
  const lines = text.split("\n");
  if (lines.length === 1) return `${indent}/** ${text.replaceAll("*/", "*\\/")} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} *${l ? " " : ""}${l.replaceAll("*/", "*\\/")}`).join("\n")}\n${indent} */\n`;
}

function fieldMeta(f) {
  const parts = [`type: ${JSON.stringify(f.base)}`, `kind: ${JSON.stringify(f.kind)}`];
  if (f.list) parts.push("list: true");
  if (f.nullable) parts.push("nullable: true");
  if (f.itemNullable) parts.push("itemNullable: true");
  if (f.derivedFrom !== undefined) parts.push(`derivedFrom: ${JSON.stringify(f.derivedFrom)}`);
  return `{ ${parts.join(", ")} }`;
}

/** Renders schema.ts from the GraphQL source. Deterministic: same schema → byte-identical output. */
export function generate(source, { sourceName = "subgraph/schema.graphql" } = {}) {
  const m = model(source);
  const out = [];
  const w = (s = "") => out.push(s);
  w(`// Generated by sdk/scripts/gen-subgraph-types.mjs from ${sourceName}. Do not edit: run \`npm run gen:subgraph -w sdk\`.`);
  w("// `npm run check:subgraph -w sdk` (part of `npm test`) fails when this file is stale.");
  w('import type { Hex } from "viem";');
  w('import type { BigDecimal, BlockChangedFilter } from "./scalars.js";');
  w();
  w("/**");
  w(" * The `where` keys of one field, as graph-node derives them: `name`, `name_<op>` for each op, and");
  w(" * `name_in` / `name_not_in` (the `listOps`) taking a list.");
  w(" */");
  w("export type WhereField<name extends string, value, ops extends string = never, listOps extends string = never> = {");
  w("  [key in name | `${name}_${ops}`]?: value;");
  w("} & { [key in `${name}_${listOps}`]?: readonly value[] };");
  w();
  w("/** graph-node's filter op sets (`field_filter_ops`). */");
  for (const [name, set] of OP_SETS) w(`export type ${name} = ${set.map((o) => JSON.stringify(o)).join(" | ")};`);
  w();
  for (const e of m.enums.values()) {
    w(`${doc(e.description)}export type ${e.name} = ${e.values.map((v) => JSON.stringify(v)).join(" | ")};`);
    w();
  }
  for (const t of m.types) {
    const what = t.kind === "aggregation" ? `aggregation of \`${t.source}\` (intervals: ${t.intervals.join(", ")})` : t.kind === "interface" ? `interface (implemented by ${t.implementers.join(", ") || "no type"})` : t.timeseries ? "timeseries entity" : t.immutable ? "immutable entity" : "entity";
    const header = [t.description, `Subgraph ${what}. Relations are returned as the related entity's id; \`@derivedFrom\` fields are not selected (query the other side).`].filter(Boolean).join("\n\n");
    w(doc(header) + `export type ${t.name} = {`);
    if (t.kind === "interface") w(`  __typename: ${t.implementers.map((n) => JSON.stringify(n)).join(" | ") || "never"};`);
    for (const f of t.fields) {
      if (f.derivedFrom !== undefined) continue;
      const note = [f.description, f.kind === "ref" ? `Id of the related \`${f.base}\`${f.list ? "s" : ""}.` : undefined, f.aggregate ? `Aggregate \`${f.aggregate.fn}(${f.aggregate.arg ?? ""})\`${f.aggregate.cumulative ? " (cumulative)" : ""}.` : undefined, f.kind === "scalar" && f.base === "Timestamp" ? "Microseconds since the Unix epoch." : undefined].filter(Boolean).join(" ");
      w(`${doc(note, "  ")}  ${f.name}: ${resultTs(m, f)};`);
    }
    w("};");
    w();
    w(`/** \`where\` argument of \`${t.name}\` queries (graph-node's \`${t.name}_filter\`). */`);
    const { terms, members } = filterParts(m, t);
    w(`export type ${t.name}Filter = ${terms.map((term) => `${term} &`).join("\n  ")}${terms.length ? "\n  " : ""}{`);
    for (const [key, ts] of members) w(`    ${key}?: ${ts};`);
    w(`${terms.length ? "  " : ""}};`);
    w();
    const sortable = sortableFields(t).map((f) => JSON.stringify(f.name));
    w(`/** Stored scalar and enum fields of \`${t.name}\` (sortable directly and through a relation). */`);
    w(`export type ${t.name}SortField = ${sortable.join(" | ") || "never"};`);
    w();
    w(`/** \`orderBy\` argument of \`${t.name}\` queries (graph-node's \`${t.name}_orderBy\`). */`);
    w(`export type ${t.name}OrderBy = ${orderByExpr(m, t)};`);
    w();
  }

  const objects = m.types.filter((t) => t.kind !== "aggregation");
  const aggregations = m.types.filter((t) => t.kind === "aggregation");
  w("/** Entity and interface types by name (what `fetchEntity` / `fetchEntities` return). */");
  w("export type SubgraphEntities = {");
  for (const t of objects) w(`  ${t.name}: ${t.name};`);
  w("};");
  w();
  w("/** Aggregation types by name (what `fetchAggregation` returns). */");
  w(aggregations.length ? "export type SubgraphAggregations = {" : "export type SubgraphAggregations = {};");
  for (const t of aggregations) w(`  ${t.name}: ${t.name};`);
  if (aggregations.length) w("};");
  w();
  w("/** `where` filter type of every entity, interface and aggregation. */");
  w("export type SubgraphFilters = {");
  for (const t of m.types) w(`  ${t.name}: ${t.name}Filter;`);
  w("};");
  w();
  w("/** `orderBy` values of every entity, interface and aggregation. */");
  w("export type SubgraphOrderBy = {");
  for (const t of m.types) w(`  ${t.name}: ${t.name}OrderBy;`);
  w("};");
  w();
  w("/** Id type of every entity and interface (the `id` argument of the single-entity query). */");
  w("export type SubgraphIds = {");
  for (const t of objects) w(`  ${t.name}: ${idTs(t)};`);
  w("};");
  w();
  w("/** Intervals of every aggregation. */");
  w(aggregations.length ? "export type SubgraphIntervals = {" : "export type SubgraphIntervals = {};");
  for (const t of aggregations) w(`  ${t.name}: ${t.intervals.map((i) => JSON.stringify(i)).join(" | ")};`);
  if (aggregations.length) w("};");
  w();
  w("/**");
  w(" * Runtime description of the schema: query field names (graph-node's), id types and fields. The client builds");
  w(" * selections and parses responses from it.");
  w(" */");
  w("export const subgraphSchema = {");
  w("  enums: {");
  for (const e of m.enums.values()) w(`    ${e.name}: [${e.values.map((v) => JSON.stringify(v)).join(", ")}],`);
  w("  },");
  w("  types: {");
  for (const t of m.types) {
    const names = queryFieldNames(t.name);
    w(`    ${t.name}: {`);
    w(`      kind: ${JSON.stringify(t.kind)},`);
    if (t.kind !== "aggregation") w(`      single: ${JSON.stringify(names.single)},`);
    w(`      plural: ${JSON.stringify(names.plural)},`);
    w(`      idType: ${JSON.stringify(t.idType)},`);
    if (t.kind === "object") w(`      immutable: ${t.immutable},`);
    if (t.timeseries) w("      timeseries: true,");
    if (t.kind === "aggregation") {
      w(`      source: ${JSON.stringify(t.source)},`);
      w(`      intervals: [${t.intervals.map((i) => JSON.stringify(i)).join(", ")}],`);
    }
    if (t.kind === "interface") w(`      implementers: [${t.implementers.map((i) => JSON.stringify(i)).join(", ")}],`);
    w("      fields: {");
    for (const f of t.fields) w(`        ${f.name}: ${fieldMeta(f)},`);
    w("      },");
    w("    },");
  }
  w("  },");
  w("} as const;");
  w();
  return out.join("\n");
}

/** `--schema <file>` / `--out <file>` override the default paths (used by the tests). */
function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
}

function main() {
  const schemaPath = option("--schema", SCHEMA);
  const target = option("--out", TARGET);
  const text = generate(readFileSync(schemaPath, "utf8"));
  if (process.argv.includes("--check")) {
    const current = existsSync(target) ? readFileSync(target, "utf8") : undefined;
    if (current !== text) {
      console.error(
        `check:subgraph: ${target} ${current === undefined ? "is missing" : "is stale"}: it does not match ${schemaPath}.`,
      );
      console.error("Run `npm run gen:subgraph -w sdk` and commit the result.");
      process.exit(1);
    }
    console.log(`check:subgraph: ${target} matches ${schemaPath}`);
  } else {
    writeFileSync(target, text);
    console.log(`gen-subgraph-types: wrote ${target}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
