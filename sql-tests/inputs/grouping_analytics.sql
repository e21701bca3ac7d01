-- Nested grouping analytics: GROUPING SETS lists the sets of ROLLUP, CUBE and GROUPING SETS inside it
CREATE TABLE pairs (a INT, b INT) USING parquet;
INSERT INTO pairs VALUES (1, 1), (1, 2), (2, 1);
SELECT a, b, count(1) FROM pairs GROUP BY a, GROUPING SETS(ROLLUP(a, b)) ORDER BY a, b;
SELECT a, b, count(1) FROM pairs GROUP BY GROUPING SETS(GROUPING SETS((a, b), (a), ()), CUBE(b)) ORDER BY a, b;

-- ROLLUP and CUBE refuse an empty set
SELECT a, b, count(1) FROM pairs GROUP BY ROLLUP(a, b, ());
SELECT a, b, count(1) FROM pairs GROUP BY CUBE(a, (a, b), ());

-- grouping__id is grouping_id()
SELECT a, b, grouping__id FROM pairs GROUP BY CUBE(a, b) ORDER BY grouping__id, a, b;
SELECT a, b FROM pairs GROUP BY ROLLUP(a, b) HAVING grouping__id > 0 ORDER BY a, b;

-- grouping() and grouping_id() need grouping sets; grouping_id's columns are the grouping columns
SELECT a, grouping(a) FROM pairs GROUP BY a;
SELECT a FROM pairs GROUP BY a ORDER BY grouping_id(a);
SELECT grouping_id(a, b) FROM pairs GROUP BY ROLLUP(a);
SELECT a, b, grouping_id(a, b) FROM pairs GROUP BY CUBE(a, b) ORDER BY 3, a, b;

-- Lateral column aliases, also over aggregates and grouping_id()
SELECT 1 AS x, x + 1 AS y, y * 2;
SELECT a AS k, k * 10 AS k10, sum(b) AS s, s + k AS total FROM pairs GROUP BY a ORDER BY k;
SELECT a, grouping_id() AS gid, CASE WHEN gid = 0 THEN 'detail' ELSE 'total' END AS level FROM pairs GROUP BY a WITH ROLLUP ORDER BY a;
-- an input column of that name wins over the alias
SELECT b AS a, a AS c FROM pairs ORDER BY 1, 2;
