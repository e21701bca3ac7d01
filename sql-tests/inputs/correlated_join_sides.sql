-- Outer references on the right side of a join inside a subquery: that side runs per outer value too
CREATE TABLE rs_outer (k INT) USING parquet;
CREATE TABLE rs_inner (k INT, v INT) USING parquet;
INSERT INTO rs_outer VALUES (1), (2), (3), (NULL);
INSERT INTO rs_inner VALUES (1, 10), (1, 20), (2, 5);
SELECT k, (SELECT sum(v) FROM rs_inner i JOIN (SELECT o.k AS a) ON i.k = a) FROM rs_outer o ORDER BY k;
SELECT k FROM rs_outer o WHERE EXISTS (SELECT 1 FROM rs_inner i JOIN (SELECT o.k AS a) ON i.k = a) ORDER BY k;
SELECT k, (SELECT count(*) FROM rs_inner i LEFT JOIN (SELECT o.k AS a) ON i.k = a WHERE a IS NULL) FROM rs_outer o ORDER BY k;
SELECT k FROM rs_outer o WHERE k IN (SELECT i.k FROM rs_inner i JOIN rs_inner j ON i.v = j.v AND j.k = o.k) ORDER BY k;

-- A NATURAL join of relations without a common column pairs every row
SELECT * FROM (SELECT 1 AS a) NATURAL JOIN (SELECT 2 AS b);
SELECT * FROM (SELECT 1 AS a UNION ALL SELECT 3) NATURAL LEFT JOIN (SELECT 2 AS b WHERE false) ORDER BY a;

-- t.* in a subquery may name an outer relation; HAVING may name SELECT aliases
SELECT (SELECT t1.* FROM VALUES (2) AS t2(col1) LIMIT 1) FROM VALUES (1) AS t1(col1);
SELECT count(*) AS cnt FROM VALUES (1), (2) t(a) HAVING cnt > 1;
SELECT a, count(*) AS cnt FROM VALUES (1), (2), (2) t(a) GROUP BY a HAVING cnt = 1;

-- Chained NATURAL joins match each common column once
SELECT * FROM (SELECT 'a' AS k, 1 AS v1) NATURAL JOIN (SELECT 'a' AS k, 2 AS v2) NATURAL JOIN (SELECT 'a' AS k, 3 AS v3);
