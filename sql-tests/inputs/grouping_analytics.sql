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

-- Arrays and structs group by value
SELECT count(1) FROM pairs GROUP BY struct(a + 0.1 AS aa) ORDER BY 1;
SELECT array(b), count(1) FROM pairs GROUP BY array(b) ORDER BY 2;

-- A HAVING condition that is not a predicate is cast to BOOLEAN
SELECT sum(b) + 1 FROM pairs HAVING sum(b) + 1;
SELECT a, sum(b) FROM pairs GROUP BY a HAVING sum(b) - 1 ORDER BY a;
SELECT a FROM pairs GROUP BY a HAVING array(a);

-- An aggregate of only the outer block's columns inside a subquery is the outer block's aggregate
SELECT a FROM pairs GROUP BY a HAVING max(b) = (SELECT 2 WHERE max(b) = 2);
SELECT a FROM pairs GROUP BY a HAVING (SELECT 1 WHERE max(b) = 1) = max(b);

-- spark.sql.legacy.parser.havingWithoutGroupByAsWhere: HAVING without GROUP BY is a WHERE
SET spark.sql.legacy.parser.havingWithoutGroupByAsWhere=true;
SELECT b FROM pairs HAVING b > 1;
SELECT 1 FROM pairs HAVING max(b) > 0;
SET spark.sql.legacy.parser.havingWithoutGroupByAsWhere=false;
SELECT 1 FROM pairs HAVING max(b) > 0;

-- an aggregate mixing outer and local columns in a subquery is refused
SELECT a FROM pairs p GROUP BY a HAVING EXISTS (SELECT 1 FROM pairs q WHERE sum(p.b + q.b) = q.b);

-- an outer aggregate beside the subquery's own aggregation is refused as Spark does
SELECT a FROM pairs GROUP BY a HAVING EXISTS (SELECT first(pairs.b) = 0);
