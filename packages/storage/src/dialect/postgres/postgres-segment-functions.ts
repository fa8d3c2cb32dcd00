import { sql, type Kysely } from 'kysely';

/**
 * The PostgreSQL twins of core's rule functions (rule-functions.ts), created in Rapport's schema. Each follows its
 * JavaScript original step by step; the segment property test checks that they agree.
 */
const FUNCTIONS = [
  // bucketOf: the first 32 bits of SHA-256(seed:id), times 10000, divided by 2^32 (integer division floors).
  `CREATE OR REPLACE FUNCTION rapport_bucket(seed text, id text) RETURNS bigint
   LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
     SELECT (('x' || lpad(substr(encode(sha256(convert_to(seed || ':' || id, 'UTF8')), 'hex'), 1, 8), 16, '0'))::bit(64)::bigint * 10000) / 4294967296
   $f$`,
  // versionKey
  `CREATE OR REPLACE FUNCTION rapport_version_key(v text) RETURNS text
   LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
   DECLARE m text[]; p text; result text := ''; i int;
   BEGIN
     m := regexp_match(v, '^v?([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:\\.([0-9]+))?');
     IF m IS NULL THEN RETURN NULL; END IF;
     FOR i IN 1..4 LOOP
       p := coalesce(m[i], '0');
       IF length(p) > 6 THEN RETURN NULL; END IF;
       IF i > 1 THEN result := result || '.'; END IF;
       result := result || lpad(p, 6, '0');
     END LOOP;
     RETURN result;
   END $f$`,
  // parseRuleTime
  `CREATE OR REPLACE FUNCTION rapport_time(t text) RETURNS bigint
   LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
   DECLARE m text[]; y int; mo int; d int; h int; mi int; s int; ms int := 0; off bigint := 0; z text;
   BEGIN
     m := regexp_match(t, '^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\\.([0-9]{1,9}))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$');
     IF m IS NULL THEN RETURN NULL; END IF;
     y := m[1]::int; mo := m[2]::int; d := m[3]::int;
     h := coalesce(m[4], '0')::int; mi := coalesce(m[5], '0')::int; s := coalesce(m[6], '0')::int;
     IF y < 100 OR mo < 1 OR mo > 12 OR d < 1 OR h > 23 OR mi > 59 OR s > 59 THEN RETURN NULL; END IF;
     IF d > extract(day FROM (make_date(y, mo, 1) + interval '1 month - 1 day')) THEN RETURN NULL; END IF;
     IF m[7] IS NOT NULL THEN ms := rpad(substr(m[7], 1, 3), 3, '0')::int; END IF;
     z := m[8];
     IF z IS NOT NULL AND z <> 'Z' THEN
       IF substr(z, 2, 2)::int > 23 OR right(z, 2)::int > 59 THEN RETURN NULL; END IF;
       off := (CASE WHEN left(z, 1) = '-' THEN -1 ELSE 1 END) * (substr(z, 2, 2)::int * 60 + right(z, 2)::int) * 60000;
     END IF;
     RETURN (extract(epoch FROM make_date(y, mo, d)) * 1000)::bigint + ((h * 60 + mi) * 60 + s) * 1000::bigint + ms - off;
   END $f$`,
  // localTimeParts: an unknown zone is NULL, as in JavaScript.
  `CREATE OR REPLACE FUNCTION rapport_local_hour(tz text, at_ms bigint) RETURNS int
   LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $f$
   BEGIN
     RETURN extract(hour FROM to_timestamp(at_ms / 1000.0) AT TIME ZONE tz)::int;
   EXCEPTION WHEN others THEN RETURN NULL;
   END $f$`,
  `CREATE OR REPLACE FUNCTION rapport_local_weekday(tz text, at_ms bigint) RETURNS int
   LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $f$
   BEGIN
     RETURN extract(isodow FROM to_timestamp(at_ms / 1000.0) AT TIME ZONE tz)::int;
   EXCEPTION WHEN others THEN RETURN NULL;
   END $f$`,
];

/** Creates (or replaces) the rule functions in the current schema. */
export async function createPostgresSegmentFunctions(db: Kysely<unknown>): Promise<void> {
  for (const text of FUNCTIONS) await sql.raw(text).execute(db);
}
