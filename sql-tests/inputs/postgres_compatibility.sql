-- The Postgres side of the dialect that drivers and BI tools send: catalog functions, identifier
-- helpers, session functions, catalog casts, and the syntax of their catalog queries.
CREATE TABLE events (id INT NOT NULL COMMENT 'event id', kind STRING, at TIMESTAMP) USING parquet COMMENT 'all events';
SELECT version() LIKE 'PostgreSQL 15.%', current_database(), current_schema(), current_schemas(true), current_schemas(false);
SELECT current_setting('search_path'), current_setting('server_version_num'), current_setting('no.such.setting', true);
SELECT current_setting('no.such.setting');
SELECT set_config('spark.sql.ansi.enabled', 'false', false);
SELECT current_setting('spark.sql.ansi.enabled');
SET spark.sql.ansi.enabled = true;
SELECT quote_ident('events'), quote_ident('Mixed Case'), quote_ident('select'), quote_ident('a"b'), quote_literal('it''s');
SELECT parse_ident('db."My Table"'), format('%I.%I = %L, %s%%', 'public', 'T', 'x''y', NULL);
SELECT 'events'::regclass = (SELECT oid FROM pg_class WHERE relname = 'events'), 'int4'::regtype, 'pg_catalog.array_in'::regproc;
SELECT 'nope'::regclass;
SELECT to_regclass('events') IS NOT NULL, to_regclass('default.events') = 'events'::regclass, to_regclass('nope');
SELECT obj_description('events'::regclass, 'pg_class'), col_description('events'::regclass, 1), col_description('events'::regclass, 2);
SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_attribute a WHERE a.attrelid = 'events'::regclass ORDER BY a.attnum;
SELECT c.relname, c.relkind, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'default' ORDER BY 1;
SELECT typname, typlen, typcategory FROM pg_type WHERE oid IN (16, 23, 1007, 1700) ORDER BY oid;
SELECT t.typname FROM pg_type t JOIN pg_proc p ON p.oid = t.typreceive WHERE p.proname = 'array_recv' AND t.typelem = 23;
SELECT count(*) > 70 FROM pg_get_keywords() WHERE catcode = 'R';
SELECT has_table_privilege('events', 'SELECT'), pg_table_is_visible('events'::regclass), pg_get_userbyid(10);
SELECT E'tab\there', 'abc' OPERATOR(pg_catalog.~) 'b', 'abc' ~ '^a', 'abc' !~* '^A';
SELECT trim(BOTH '"' FROM '"quoted"'), trim(LEADING 'x' FROM 'xxy'), trim(TRAILING FROM 'a  '), btrim('xyx', 'x');
SELECT 6 & 3, 6 | 3, 6 ^ 3, ~5;
SELECT json_build_object('a', 1, 'b', 'two', 'c', NULL, 'd', array(1, 2)), json_build_array(1, 'x', true);
SELECT (information_schema._pg_expandarray(array(10, 20))).n, (information_schema._pg_expandarray(array(10, 20))).x;
SELECT named_struct('a', 1, 'b', 'x') AS s, (named_struct('a', 1, 'b', 'x')).b;
SELECT string_agg(kind, ', ') FROM (SELECT 'a' AS kind UNION ALL SELECT 'b' UNION ALL SELECT NULL);
SELECT array_agg(x), collect_list(x), collect_set(x) FROM (SELECT 1 AS x UNION ALL SELECT NULL UNION ALL SELECT 1);
SELECT n.nspname, (SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind = 'r') FROM pg_namespace n WHERE n.nspname = 'default';
SELECT ARRAY(SELECT relname FROM pg_class c WHERE c.relnamespace = n.oid ORDER BY 1) FROM pg_namespace n WHERE nspname = 'default';
DISCARD ALL;
DROP TABLE IF EXISTS no_such_table;

-- Arrays from Postgres's own functions are subscripted from 1 (NULL out of range); Spark's arrays from 0.
SELECT (parse_ident('public.orders'))[2], (string_to_array('a,b', ','))[1], (string_to_array('a,b', ','))[3], array('a', 'b')[1];
