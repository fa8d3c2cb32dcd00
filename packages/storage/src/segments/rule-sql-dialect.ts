import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';

/** A path into a JSON document: object keys and array indexes. Keys never contain a double quote (rules forbid it). */
export type JsonPath = readonly (string | number)[];

/**
 * A JSON document to read: a column, or an element of an array being iterated (on SQLite, the document and the
 * element's path in it, since json_each gives elements as SQL values that lose their JSON type).
 */
export interface JsonDoc {
  readonly expr: Expression<unknown>;
  /** SQLite only: the path of the element in `expr` (json_each's fullkey). */
  readonly sqliteBase?: Expression<string>;
}

/** The kinds of JSON value a rule tests for; `present` is anything but absent or null. */
export type JsonKind = 'string' | 'number' | 'boolean' | 'present';

/**
 * The SQL a compiled segment rule needs that differs between SQLite and PostgreSQL: reading JSON documents (text on
 * SQLite, jsonb on PostgreSQL), iterating their arrays and objects, string tests and casts. Everything returned is
 * never NULL where it is a condition (SqlBool), so that NOT of a condition is its exact negation.
 */
export interface RuleSqlDialect {
  readonly name: DialectName;
  /** TRUE when the value at `path` of the document has this kind, FALSE otherwise (absent included). */
  jsonIs(doc: JsonDoc, path: JsonPath, kind: JsonKind): RawBuilder<SqlBool>;
  /** The string at `path`, or NULL when it is not a string. */
  jsonText(doc: JsonDoc, path: JsonPath): RawBuilder<string | null>;
  /** The number at `path` as a double, or NULL when it is not a number. */
  jsonNumber(doc: JsonDoc, path: JsonPath): RawBuilder<number | null>;
  /** TRUE when the value at `path` equals one of `values`, of the same JSON type (the string "12" is not 12). */
  jsonEquals(doc: JsonDoc, path: JsonPath, values: readonly (string | number | boolean)[]): RawBuilder<SqlBool>;
  /** TRUE when the value at `path` is a number and `test` holds for it (given as a double). */
  jsonNumberTest(doc: JsonDoc, path: JsonPath, test: (value: Expression<number>) => Expression<SqlBool>): RawBuilder<SqlBool>;
  /** TRUE when the value at `path` is JSON `true`. */
  jsonTrue(doc: JsonDoc, path: JsonPath): RawBuilder<SqlBool>;
  /** TRUE when some element of the array at `path` satisfies `test` (given the element as a JSON document). */
  anyElement(doc: JsonDoc, path: JsonPath, test: (element: JsonDoc) => Expression<SqlBool>): RawBuilder<SqlBool>;
  /** How many members of the object at `path` have a number greater than `than`. */
  countMembersAbove(doc: JsonDoc, path: JsonPath, than: Expression<unknown>): RawBuilder<number>;
  /** The sum of the numbers of the object at `path` (0 when empty or absent). */
  sumMembers(doc: JsonDoc, path: JsonPath): RawBuilder<number>;
  /** A bound number, typed as a double (so that arithmetic never becomes integer arithmetic). */
  double(value: number): RawBuilder<number>;
  /** `value` as a double. */
  toDouble(value: Expression<unknown>): RawBuilder<number>;
  /** TRUE when `text` contains / starts with / ends with `part` (NULL text: FALSE). */
  contains(text: Expression<string | null>, part: string): RawBuilder<SqlBool>;
  startsWith(text: Expression<string | null>, part: string): RawBuilder<SqlBool>;
  endsWith(text: Expression<string | null>, part: string): RawBuilder<SqlBool>;
  /** The smaller of two numbers. */
  least(a: Expression<number>, b: Expression<number>): RawBuilder<number>;
  /** A condition that is always true / false. */
  readonly true: RawBuilder<SqlBool>;
  readonly false: RawBuilder<SqlBool>;
}

function sqlitePathText(path: JsonPath): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `."${p}"`)).join('');
}

/** The document and the SQLite JSON path of `path` in it. */
function at(doc: JsonDoc, path: JsonPath): [Expression<unknown>, RawBuilder<string>] {
  const rest = sqlitePathText(path);
  return [doc.expr, doc.sqliteBase === undefined ? sql`${`$${rest}`}` : sql`(${doc.sqliteBase} || ${rest})`];
}

const sqlite: RuleSqlDialect = {
  name: 'sqlite',
  jsonIs: (doc, path, kind) => {
    const [d, p] = at(doc, path);
    const t = sql`coalesce(json_type(${d}, ${p}), '')`;
    switch (kind) {
      case 'string':
        return sql<SqlBool>`(${t} = 'text')`;
      case 'number':
        return sql<SqlBool>`(${t} IN ('integer', 'real'))`;
      case 'boolean':
        return sql<SqlBool>`(${t} IN ('true', 'false'))`;
      case 'present':
        return sql<SqlBool>`(${t} NOT IN ('', 'null'))`;
    }
  },
  jsonText: (doc, path) => {
    const [d, p] = at(doc, path);
    return sql`(CASE WHEN json_type(${d}, ${p}) = 'text' THEN json_extract(${d}, ${p}) END)`;
  },
  jsonNumber: (doc, path) => {
    const [d, p] = at(doc, path);
    return sql`(CASE WHEN json_type(${d}, ${p}) IN ('integer', 'real') THEN CAST(json_extract(${d}, ${p}) AS REAL) END)`;
  },
  // The value is compared first and its type checked after, only for the rows that compare equal: most rows of a
  // selective rule fail the comparison, and read the document once instead of three times.
  jsonEquals: (doc, path, values) => {
    const [d, p] = at(doc, path);
    const strings = values.filter((v): v is string => typeof v === 'string');
    const numbers = values.filter((v): v is number => typeof v === 'number');
    const booleans = values.filter((v): v is boolean => typeof v === 'boolean');
    const parts: RawBuilder<SqlBool>[] = [];
    if (strings.length > 0) parts.push(sql<SqlBool>`coalesce(json_extract(${d}, ${p}) IN (${sql.join(strings)}) AND json_type(${d}, ${p}) = 'text', 0)`);
    if (numbers.length > 0) parts.push(sql<SqlBool>`coalesce(json_extract(${d}, ${p}) IN (${sql.join(numbers.map((n) => sql`CAST(${n} AS REAL)`))}) AND json_type(${d}, ${p}) IN ('integer', 'real'), 0)`);
    if (booleans.length > 0) parts.push(sql<SqlBool>`coalesce(json_type(${d}, ${p}) IN (${sql.join(booleans.map((b) => (b ? 'true' : 'false')))}), 0)`);
    return parts.length === 0 ? sql<SqlBool>`0` : sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
  },
  jsonNumberTest: (doc, path, test) => {
    const [d, p] = at(doc, path);
    return sql<SqlBool>`coalesce(${test(sql<number>`json_extract(${d}, ${p})`)} AND json_type(${d}, ${p}) IN ('integer', 'real'), 0)`;
  },
  jsonTrue: (doc, path) => {
    const [d, p] = at(doc, path);
    return sql<SqlBool>`(coalesce(json_type(${d}, ${p}), '') = 'true')`;
  },
  anyElement: (doc, path, test) => {
    const [d, p] = at(doc, path);
    // json_each of something that is not an array would walk an object's members or yield a scalar: only arrays count.
    return sql<SqlBool>`(coalesce(json_type(${d}, ${p}), '') = 'array' AND EXISTS (SELECT 1 FROM json_each(${d}, ${p}) AS el WHERE ${test({ expr: d, sqliteBase: sql`el.fullkey` })}))`;
  },
  countMembersAbove: (doc, path, than) => {
    const [d, p] = at(doc, path);
    return sql<number>`(CASE WHEN coalesce(json_type(${d}, ${p}), '') = 'object' THEN (SELECT count(*) FROM json_each(${d}, ${p}) AS m WHERE m.type IN ('integer', 'real') AND CAST(m.value AS REAL) > ${than}) ELSE 0 END)`;
  },
  sumMembers: (doc, path) => {
    const [d, p] = at(doc, path);
    return sql<number>`(CASE WHEN coalesce(json_type(${d}, ${p}), '') = 'object' THEN (SELECT coalesce(sum(CAST(m.value AS REAL)), 0.0) FROM json_each(${d}, ${p}) AS m WHERE m.type IN ('integer', 'real')) ELSE 0.0 END)`;
  },
  double: (value) => sql<number>`CAST(${value} AS REAL)`,
  toDouble: (value) => sql<number>`CAST(${value} AS REAL)`,
  contains: (text, part) => sql<SqlBool>`(coalesce(instr(${text}, ${part}), 0) > 0)`,
  startsWith: (text, part) => sql<SqlBool>`(coalesce(substr(${text}, 1, length(${part})) = ${part}, 0))`,
  endsWith: (text, part) => sql<SqlBool>`(coalesce(length(${text}) >= length(${part}) AND substr(${text}, length(${text}) - length(${part}) + 1) = ${part}, 0))`,
  least: (a, b) => sql<number>`min(${a}, ${b})`,
  true: sql<SqlBool>`1`,
  false: sql<SqlBool>`0`,
};

/** A JSON path as a PostgreSQL text[] literal, for `#>` and `#>>`. */
function pgPath(path: JsonPath): RawBuilder<string[]> {
  return sql`${path.map(String)}::text[]`;
}

const postgres: RuleSqlDialect = {
  name: 'postgres',
  jsonIs: (doc, path, kind) => {
    const t = sql`coalesce(jsonb_typeof(${doc.expr}::jsonb #> ${pgPath(path)}), '')`;
    return kind === 'present' ? sql<SqlBool>`(${t} NOT IN ('', 'null'))` : sql<SqlBool>`(${t} = ${kind})`;
  },
  jsonText: (doc, path) => sql`(CASE WHEN jsonb_typeof(${doc.expr}::jsonb #> ${pgPath(path)}) = 'string' THEN ${doc.expr}::jsonb #>> ${pgPath(path)} END)`,
  jsonNumber: (doc, path) =>
    sql`(CASE WHEN jsonb_typeof(${doc.expr}::jsonb #> ${pgPath(path)}) = 'number' THEN (${doc.expr}::jsonb #>> ${pgPath(path)})::double precision END)`,
  jsonEquals: (doc, path, values) => {
    const strings = values.filter((v): v is string => typeof v === 'string');
    const numbers = values.filter((v): v is number => typeof v === 'number');
    const booleans = values.filter((v): v is boolean => typeof v === 'boolean');
    const t = sql`jsonb_typeof(${doc.expr}::jsonb #> ${pgPath(path)})`;
    const parts: RawBuilder<SqlBool>[] = [];
    if (strings.length > 0) parts.push(sql<SqlBool>`coalesce(${t} = 'string' AND ${doc.expr}::jsonb #>> ${pgPath(path)} IN (${sql.join(strings.map((x) => sql`${x}::text`))}), false)`);
    if (numbers.length > 0) {
      parts.push(sql<SqlBool>`coalesce(${t} = 'number' AND (CASE WHEN ${t} = 'number' THEN (${doc.expr}::jsonb #>> ${pgPath(path)})::double precision END) IN (${sql.join(numbers.map((n) => sql`CAST(${n} AS double precision)`))}), false)`);
    }
    if (booleans.length > 0) parts.push(sql<SqlBool>`coalesce(${t} = 'boolean' AND ${doc.expr}::jsonb #>> ${pgPath(path)} IN (${sql.join(booleans.map((b) => (b ? 'true' : 'false')))}), false)`);
    return parts.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
  },
  jsonNumberTest: (doc, path, test) =>
    sql<SqlBool>`coalesce(jsonb_typeof(${doc.expr}::jsonb #> ${pgPath(path)}) = 'number' AND ${test(sql<number>`(CASE WHEN jsonb_typeof(${doc.expr}::jsonb #> ${pgPath(path)}) = 'number' THEN (${doc.expr}::jsonb #>> ${pgPath(path)})::double precision END)`)}, false)`,
  jsonTrue: (doc, path) => sql<SqlBool>`(coalesce(${doc.expr}::jsonb #> ${pgPath(path)} = 'true'::jsonb, false))`,
  anyElement: (doc, path, test) =>
    sql<SqlBool>`(jsonb_typeof(${doc.expr}::jsonb #> ${pgPath(path)}) = 'array' AND EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${doc.expr}::jsonb #> ${pgPath(path)}) = 'array' THEN ${doc.expr}::jsonb #> ${pgPath(path)} ELSE '[]'::jsonb END) AS el(value) WHERE ${test({ expr: sql`el.value` })}))`,
  countMembersAbove: (doc, path, than) =>
    sql<number>`(SELECT count(*) FROM jsonb_each(CASE WHEN jsonb_typeof(${doc.expr}::jsonb #> ${pgPath(path)}) = 'object' THEN ${doc.expr}::jsonb #> ${pgPath(path)} ELSE '{}'::jsonb END) AS m(key, value) WHERE jsonb_typeof(m.value) = 'number' AND (m.value #>> '{}')::double precision > ${than})`,
  sumMembers: (doc, path) =>
    sql<number>`(SELECT coalesce(sum((m.value #>> '{}')::double precision), 0.0) FROM jsonb_each(CASE WHEN jsonb_typeof(${doc.expr}::jsonb #> ${pgPath(path)}) = 'object' THEN ${doc.expr}::jsonb #> ${pgPath(path)} ELSE '{}'::jsonb END) AS m(key, value) WHERE jsonb_typeof(m.value) = 'number')`,
  double: (value) => sql<number>`CAST(${value} AS double precision)`,
  toDouble: (value) => sql<number>`CAST(${value} AS double precision)`,
  contains: (text, part) => sql<SqlBool>`(coalesce(strpos(${text}, ${part}::text), 0) > 0)`,
  startsWith: (text, part) => sql<SqlBool>`(coalesce(left(${text}, length(${part}::text)) = ${part}::text, false))`,
  endsWith: (text, part) => sql<SqlBool>`(coalesce(length(${text}) >= length(${part}::text) AND right(${text}, length(${part}::text)) = ${part}::text, false))`,
  least: (a, b) => sql<number>`least(${a}, ${b})`,
  true: sql<SqlBool>`true`,
  false: sql<SqlBool>`false`,
};

/** The rule SQL of a dialect. */
export function ruleSqlDialect(dialect: DialectName): RuleSqlDialect {
  return dialect === 'postgres' ? postgres : sqlite;
}
