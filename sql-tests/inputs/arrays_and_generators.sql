-- Arrays: constructors, Spark's zero-based subscripts, Postgres's array literals and ANY/ALL.
SELECT array(1, 2, 3) AS a, ARRAY['x', NULL, 'y z'] AS b, array(1, 2.5) AS widened;
SELECT array(10, 20, 30)[0] AS first, array(10, 20, 30)[3] AS past_end, element_at(array(10, 20, 30), -1) AS last;
SELECT size(array(1, 2)), cardinality(array()), array_contains(array(1, 2), 2), array_contains(array(1, NULL), 3);
SELECT 2 = ANY (array(1, 2)) AS t, 3 = ANY (array(1, NULL)) AS unknown, 3 <> ALL (array(1, 2)) AS all_t, 1 > ALL (array()) AS vacuous;
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
