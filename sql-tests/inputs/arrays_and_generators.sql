-- Arrays: constructors, Spark's zero-based subscripts, Postgres's array literals and ANY/ALL.
SELECT array(1, 2, 3) AS a, ARRAY['x', NULL, 'y z'] AS b, array(1, 2.5) AS widened;
SELECT array(10, 20, 30)[0] AS first, array(10, 20, 30)[3] AS past_end, element_at(array(10, 20, 30), -1) AS last;
SELECT size(array(1, 2)), cardinality(array()), array_contains(array(1, 2), 2), array_contains(array(1, NULL), 3);
SELECT 2 = ANY (array(1, 2)) AS t, 3 = ANY (array(1, NULL)) AS unknown, 3 <> ALL (array(1, 2)) AS all_t, 1 > ALL (array()) AS vacuous;
SELECT CAST(NULL AS INT) = ANY (array()) AS any_empty, CAST(NULL AS INT) > ALL (array()) AS all_empty, CAST(NULL AS INT) = ANY (array(1)) AS unknown;
SELECT 2 = ANY ('{1,2}') AS literal, '{a,"b,c",NULL}'::text[] AS parsed, CAST('{1,2}' AS ARRAY<INT>) AS spark_type;
SELECT '{1,x}'::int[];
SELECT array_upper(array(4, 5, 6), 1), array_lower(array(4, 5, 6), 1), array_length(array(), 1);
SELECT array_to_string(array(1, NULL, 3), ','), array_to_string(array(1, NULL, 3), ',', '?'), array_join(array('a', 'b'), '-');
SELECT string_to_array('a,b,,c', ','), CAST(array(1, 2) AS STRING), array(1, 2) = array(1, 2), array(1, 2) < array(1, 3);
SELECT 1 = ANY (array('a'));
SELECT x[0] FROM (SELECT 1 AS x);

-- Generators in SELECT: Spark's explode, Postgres's unnest, side by side, and in FROM.
SELECT unnest(array(1, 2, 3)) AS x, generate_subscripts(array('a', 'b'), 1) AS ord;
SELECT id, explode(array(id, id * 10)) FROM range(2) ORDER BY id, col;
SELECT explode_outer(array()) AS e;
SELECT * FROM generate_series(1, 3) AS s(r);
SELECT g FROM generate_series(10, 1, -4) g;
SELECT i, s[i] FROM generate_series(0, 2) AS i, string_to_array('a,b,c', ',') s;
SELECT r.id, u FROM range(3) r, unnest(array(r.id, r.id + 100)) u WHERE u > 0 ORDER BY u;
SELECT count(*), sum(g) FROM generate_series(1, 100000) g;
SELECT * FROM generate_series(1, 3, 0);
SELECT sum(unnest(array(1, 2)));
SELECT * FROM explode(array(1)) AS t(a, b);

-- LATERAL VIEW (Hive's generator syntax) and multi-column generators.
CREATE TEMPORARY VIEW t1 AS SELECT * FROM VALUES (0, 1), (1, 2) AS t(c1, c2);
CREATE TEMPORARY VIEW t2 AS SELECT * FROM VALUES (0, 2), (0, 3), (NULL, 4) AS t(c1, c2);
SELECT c1, pos, c FROM t1 LATERAL VIEW posexplode(array(c1, c2)) x AS pos, c ORDER BY c1, pos;
SELECT c1, e FROM t1 LATERAL VIEW OUTER explode(array()) AS e ORDER BY c1;
SELECT * FROM t1 LATERAL VIEW inline(array(struct(1, 'a'), struct(2, 'b'))) ORDER BY c1, col1;
SELECT c1, a, b FROM t1 LATERAL VIEW explode(array(c1)) x AS a LATERAL VIEW explode(array(a, a + 10)) y AS b ORDER BY c1, b;
SELECT * FROM t1 LATERAL VIEW posexplode(array(1)) x AS only_one;
SELECT * FROM t1 LATERAL VIEW upper('a') x AS u;

-- LATERAL subqueries: computed per distinct value of the columns they name.
SELECT * FROM t1, LATERAL (SELECT c2 FROM t2 WHERE t1.c1 = t2.c1) ORDER BY 1, 3;
SELECT * FROM t1 LEFT JOIN LATERAL (SELECT c2 AS d FROM t2 WHERE t1.c1 = t2.c1) s ORDER BY 1, 3;
SELECT a, b FROM t1, LATERAL (SELECT c1, c2) s(a, b) ORDER BY 1;
SELECT * FROM t1 JOIN LATERAL (SELECT c1 + c2 AS c2) USING (c2);
SELECT * FROM t1 JOIN LATERAL (SELECT sum(c2) AS s, count(*) AS n FROM t2 WHERE t2.c1 <= t1.c1) ORDER BY 1;
SELECT * FROM t1, LATERAL (SELECT c2 FROM t2 WHERE t2.c1 = t1.c1 ORDER BY c2 DESC LIMIT 1);
SELECT * FROM t1 FULL JOIN LATERAL (SELECT c1) ON true;
SELECT * FROM (SELECT 1 AS a), (SELECT 2 AS a);

-- Higher-order functions: lambdas over arrays, vectorized across rows.
SELECT transform(array(1, 2, 3), x -> x * 10), transform(array(5, 6), (x, i) -> x + i), filter(array(1, 2, 3, 4), x -> x % 2 = 0);
SELECT exists(array(1, 2), x -> x > 1), exists(array(1, NULL), x -> x > 1), forall(array(1, NULL), x -> x > 0), forall(array(), x -> false);
SELECT aggregate(array(1, 2, 3), 0, (acc, x) -> acc + x), reduce(array(1, 2, 3), 0, (acc, x) -> acc + x, acc -> acc * 10);
SELECT zip_with(array('a', 'b', 'c'), array('d', 'e'), (x, y) -> concat(x, y));
SELECT id, transform(array(id, id + 1), x -> x + id) AS shifted FROM range(3) ORDER BY id;
SELECT transform(CAST(NULL AS ARRAY<INT>), x -> x + 1), transform(array(array(1, 2), array(3)), a -> size(a));
SELECT filter(array(1, 2), x -> x);
SELECT transform(array(1), (x, i, j) -> x);
SELECT x -> x + 1;
SELECT posexplode(array(10, 20)) AS (elem, position_value);
SELECT posexplode(array('a')), inline(array(struct(1 AS k, 'v' AS v)));
SELECT explode(array(1)) AS (x);
SELECT posexplode(array(1)) AS (only_one);

-- Structs: row constructors, field access by dot, casts by position.
SELECT (1, 'a') AS r, named_struct('x', 1, 'y', 'b').y AS field;
SELECT s.a, t.s.b.c FROM (SELECT named_struct('a', 1, 'b', named_struct('c', 2)) AS s) t;
SELECT aggregate(array(10, 20, 30), (0 AS sum, 0 AS n), (acc, y) -> (acc.sum + y, acc.n + 1), acc -> acc.sum / acc.n) AS average;
SELECT s.nope FROM (SELECT named_struct('a', 1) AS s);
SELECT array_append(array(1, 2), 3), array_append(array(1, NULL), NULL), array_prepend(array('b'), 'a'), array_append(CAST(NULL AS ARRAY<INT>), 1), array_prepend(array(1.5), 2);
SELECT array_insert(array(1, 2, 3), 3, 4), array_insert(array(1, 3, 4), -2, 2), array_insert(array(2, 3, NULL, 4), -5, 1), array_insert(array(2, 3, NULL, 4), -6, 1), array_insert(array(1), 3, 2), array_insert(array(1, 2), CAST(NULL AS INT), 3);
SELECT array_insert(array(2, 3, 4), 0, 1);
SELECT array_insert(array(1, 2, 3), 3, '4');
SELECT sort_array(array('b', NULL, 'a')), sort_array(array(3, NULL, 1), false), sort_array(array(2.0D, double('NaN'), -1.0D)), array_sort(array(3, NULL, 1)), sort_array(array(1), CAST(NULL AS BOOLEAN));
SELECT sort_array(array('b', 'd'), '1');
SELECT array_size(array(1, 2)), array_size(array()), array_size(NULL), array_compact(array(1, NULL, 2, NULL)), array_compact(array(array(1, NULL), NULL));
SELECT array_distinct(array(0.0D, -0.0D, double('NaN'), double('NaN'), 1.0D)), array_distinct(array(1, NULL, 1, NULL)), array_union(array(1, 2), array(2, 3)), array_intersect(array(1, 2, 2, 3), array(3, 2)), array_except(array(1, 2, 3, 1), array(2)), array_remove(array(1, 2, 1, NULL), 1), array_max(array(1, NULL, 3)), array_min(array('b', 'a'));
SELECT arrays_zip(array(1, 2), array('a')), size(arrays_zip(array(1, 2, 3), array(4), array(7, 8, 9, 10))), arrays_zip(array(1), NULL);
SELECT element_at(array(1, 2, 3), -1), element_at(array(1, 2, 3), CAST(NULL AS INT)), try_element_at(array(1, 2, 3), 5), array(1, 2, 3)[2];
SELECT element_at(array(1, 2, 3), 5);
SELECT element_at(array(1, 2, 3), 0);
SELECT array(1, 2, 3)[3];
SELECT sequence(1, 5), sequence(5, 1), sequence(1, 16, 3), sequence(1L, 3L), sequence(DATE'2024-01-30', DATE'2024-05-01', INTERVAL 1 MONTH), sequence(DATE'2024-01-01', DATE'2024-01-03'), sequence(TIMESTAMP'2024-01-01 00:00:00', TIMESTAMP'2024-01-01 02:00:00', INTERVAL 1 HOUR), sequence(1, NULL);
SELECT sequence(1, 5, -1);
SELECT explode(sequence(1, 3));

-- Arrays and structs stored in Parquet tables and read back (nested, with NULLs and decimals).
CREATE TABLE nested USING parquet AS SELECT id, array(id, id * 2) AS a, named_struct('x', id, 'y', array('p', CAST(id AS STRING))) AS s,
  array(named_struct('k', 1.5)) AS z, CAST(NULL AS ARRAY<INT>) AS n, IF(id = 1, NULL, array(NULL, id)) AS m FROM range(3);
SELECT id, a, s, z, n, m, a[1], s.y[1], z[0].k FROM nested ORDER BY id;
DESCRIBE nested;
SELECT transform(array(1, 2, 3), 0), array_sort(array(3, 1, 2), 1), array_sort(array(3, 1, 2), -1);
SELECT exists(array(1, 2, 3), 1);
SELECT filter(array(1, 2, 3), array(true, false));
SELECT array_sort(array(3, 1, 2), array(0));
SELECT upper(x -> x);
