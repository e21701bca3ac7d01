-- WITH RECURSIVE: anchor UNION ALL recursive part, run until an iteration yields no rows.

WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 100)
SELECT sum(n), count(*), max(n) FROM t;

WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5)
SELECT * FROM t ORDER BY n;

-- Column names from the anchor when the CTE lists none; strings grow per iteration.
WITH RECURSIVE t AS (SELECT 'a' AS s UNION ALL SELECT s || 'a' FROM t WHERE length(s) < 4)
SELECT s FROM t ORDER BY s;

-- An endless recursion stops when LIMIT has what it needs.
WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t)
SELECT * FROM t LIMIT 7;

-- A tree walked from a root, with the depth of each node.
CREATE TABLE tree (id INT, parent INT, name STRING) USING parquet;

INSERT INTO tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'c'), (5, 4, 'd'), (6, 3, 'e'), (7, NULL, 'other');

WITH RECURSIVE sub(id, name, depth) AS (
  SELECT id, name, 0 FROM tree WHERE name = 'root'
  UNION ALL
  SELECT t.id, t.name, s.depth + 1 FROM tree t JOIN sub s ON t.parent = s.id
)
SELECT * FROM sub ORDER BY id;

-- Paths as arrays; the reference may be aliased and joined on either side of an inner join.
WITH RECURSIVE paths(id, path) AS (
  SELECT id, array(id) FROM tree WHERE parent IS NULL
  UNION ALL
  SELECT t.id, concat(p.path, array(t.id)) FROM paths AS p, tree AS t WHERE t.parent = p.id
)
SELECT id, path FROM paths ORDER BY id;

-- A recursive CTE may use earlier CTEs, and later CTEs may use it.
WITH RECURSIVE
  start(n) AS (VALUES (1), (10)),
  up(n) AS (SELECT n FROM start UNION ALL SELECT n + 1 FROM up WHERE n % 10 < 3),
  doubled AS (SELECT n * 2 AS m FROM up)
SELECT m FROM doubled ORDER BY m;

-- RECURSIVE without a self-reference is an ordinary CTE.
WITH RECURSIVE plain AS (SELECT 42 AS x) SELECT * FROM plain;

-- Two references in one iteration (each reads the previous iteration's rows).
WITH RECURSIVE f(i) AS (
  VALUES (1)
  UNION ALL
  (SELECT i + 1 FROM f WHERE i < 3 UNION ALL SELECT i + 1 FROM f WHERE i < 2)
)
SELECT i, count(*) FROM f GROUP BY i ORDER BY i;

-- A nested recursive CTE inside the anchor.
WITH RECURSIVE t(j) AS (
  WITH RECURSIVE s(i) AS (VALUES (1) UNION ALL SELECT i + 1 FROM s WHERE i < 3)
  SELECT i FROM s
  UNION ALL
  SELECT j + 1 FROM t WHERE j < 3
)
SELECT j, count(*) FROM t GROUP BY j ORDER BY j;

-- Views over recursive CTEs.
CREATE TEMPORARY VIEW nums AS
WITH RECURSIVE nums(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM nums WHERE n < 4)
SELECT * FROM nums;

SELECT * FROM nums ORDER BY n;

CREATE VIEW fib AS
WITH RECURSIVE fib(k, a, b) AS (SELECT 1, 0L, 1L UNION ALL SELECT k + 1, b, a + b FROM fib WHERE k < 10)
SELECT k, a FROM fib;

SELECT * FROM fib ORDER BY k;

-- The level limit (spark.sql.cteRecursionLevelLimit, 100 by default): the anchor is level 1.
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 101) SELECT count(*) FROM t;

SET spark.sql.cteRecursionLevelLimit=200;

WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 200) SELECT count(*) FROM t;

SET spark.sql.cteRecursionLevelLimit=100;

-- A query's own limit: MAX RECURSION LEVEL.
WITH RECURSIVE t(n) MAX RECURSION LEVEL 150 AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 150) SELECT count(*) FROM t;

WITH RECURSIVE t(n) MAX RECURSION LEVEL 5 AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 6) SELECT count(*) FROM t;

SET spark.sql.cteRecursionRowLimit=50;

WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 60) SELECT count(*) FROM t;

RESET spark.sql.cteRecursionRowLimit;

-- Errors: UNION (distinct) is not supported in Spark's recursion.
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t;

-- The anchor may not name the CTE, and the CTE must be a UNION ALL without ORDER BY or LIMIT.
WITH RECURSIVE t(n) AS (SELECT n FROM t UNION ALL SELECT 1) SELECT * FROM t;

WITH RECURSIVE t(n) AS (SELECT n FROM t) SELECT * FROM t;

WITH RECURSIVE t(n) AS (SELECT 1 INTERSECT SELECT n + 1 FROM t) SELECT * FROM t;

WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t LIMIT 10) SELECT * FROM t;

-- Where the reference may not stand: under an aggregate, on the inner side of outer joins.
WITH RECURSIVE t(n) AS (SELECT 1L UNION ALL SELECT count(*) FROM t) SELECT * FROM t;

WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n + 1 FROM tree LEFT JOIN t ON t.n = tree.id WHERE n < 5) SELECT * FROM t;

WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n + 1 FROM t FULL JOIN tree ON t.n = tree.id WHERE n < 5) SELECT * FROM t;

-- Every iteration must have the anchor's types.
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT CAST(n + 1 AS DECIMAL(10, 0)) FROM t WHERE n < 3) SELECT * FROM t;

-- Without RECURSIVE the name inside its own definition is a table.
WITH t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t;

-- Mutual recursion is not supported: a CTE sees only those defined before it.
WITH RECURSIVE
  x(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM y WHERE id < 5),
  y(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM x WHERE id < 5)
SELECT * FROM x;

WITH t AS (SELECT 1), t AS (SELECT 2) SELECT * FROM t;

-- Every CTE is analysed, even one nothing names.
WITH unused AS (SELECT * FROM no_such_table) SELECT 1;

-- A CTE sees earlier CTEs only: a later name is a table (here there is none).
WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT 2;

-- An inner join's one-sided conditions filter their side first: path[0] is only read where size = 1.
WITH RECURSIVE p(id, path) AS (
  VALUES (1, CAST(array() AS ARRAY<INT>))
  UNION ALL
  SELECT tree.id, p.path || array(tree.id) FROM tree JOIN p ON tree.parent = p.id
)
SELECT p1.id, p2.id FROM p AS p1 JOIN p AS p2 ON p1.path[0] = p2.path[0] AND size(p1.path) = 1 AND size(p2.path) > 1
ORDER BY p1.id, p2.id;

-- WITH before INSERT: the CTEs serve the inserted query; the target is always a table.
CREATE TABLE counts (n INT) USING parquet;

WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) INSERT INTO counts SELECT n FROM t;

WITH counts AS (SELECT 42 AS n) INSERT INTO counts SELECT n FROM counts;

SELECT * FROM counts ORDER BY n;

WITH missing AS (SELECT 1) INSERT INTO missing VALUES (1);

-- A non-deterministic CTE is computed once: every reference reads the same rows.
WITH r(x) AS (SELECT rand() FROM range(5)) SELECT count(*) FROM (SELECT * FROM r UNION SELECT * FROM r);

WITH r(x) AS (SELECT rand() FROM range(3)), s AS (SELECT x FROM r) SELECT count(*) FROM r JOIN s USING (x);

-- A deterministic one is inlined: each reference computes it.
WITH d(x) AS (SELECT id FROM range(3)) SELECT count(*) FROM d AS a JOIN d AS b ON a.x = b.x;

-- struct(t.*) is named after the columns the star stands for.
WITH RECURSIVE t(n, s) AS (SELECT 1, 'a' UNION ALL SELECT n + 1, s || 'b' FROM t WHERE n < 2) SELECT struct(t.*), count(*) FROM t GROUP BY 1 ORDER BY 2, 1;

-- `(with …)` opens a query only when a CTE follows: here it is a column named with.
CREATE TABLE withcol (with INT) USING parquet;

CREATE TABLE badcol (with baz) USING parquet;

SELECT * FROM (WITH w AS (SELECT 1 AS x) SELECT x FROM w);

-- An inline table cannot read the outer query's columns.
SELECT (WITH c(v) AS (VALUES (id)) SELECT (SELECT v FROM c)) FROM range(2);

-- A non-deterministic CTE inside a recursive CTE's own WITH is shared by the anchor and the recursive part.
WITH RECURSIVE t(n, r) AS (
  WITH seed AS (SELECT rand() AS r)
  SELECT 1, r FROM seed
  UNION ALL
  SELECT n + 1, t.r FROM t, seed WHERE n < 3 AND t.r = seed.r
)
SELECT count(*), count(DISTINCT r) FROM t;
