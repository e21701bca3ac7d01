-- Join kinds over small inline tables.
CREATE TABLE emp (id INT, name STRING, dept INT) USING parquet;
CREATE TABLE dept (dept INT, title STRING) USING parquet;
INSERT INTO emp VALUES (1, 'ann', 10), (2, 'bob', 20), (3, 'cid', NULL), (4, 'dee', 40);
INSERT INTO dept VALUES (10, 'eng'), (20, 'ops'), (30, 'hr'), (NULL, 'none');
SELECT e.name, d.title FROM emp e JOIN dept d ON e.dept = d.dept ORDER BY e.name;
SELECT e.name, d.title FROM emp e LEFT JOIN dept d ON e.dept = d.dept ORDER BY e.name;
SELECT e.name, d.title FROM emp e RIGHT JOIN dept d ON e.dept = d.dept ORDER BY d.title;
SELECT e.name, d.title FROM emp e FULL OUTER JOIN dept d ON e.dept = d.dept ORDER BY e.name NULLS LAST, d.title;
SELECT name FROM emp e LEFT SEMI JOIN dept d ON e.dept = d.dept ORDER BY name;
SELECT name FROM emp e LEFT ANTI JOIN dept d ON e.dept = d.dept ORDER BY name;
SELECT * FROM emp JOIN dept USING (dept) ORDER BY id;
SELECT e.name, d.title FROM emp e, dept d WHERE e.dept = d.dept AND d.title <> 'ops' ORDER BY 1;
SELECT count(*) FROM emp CROSS JOIN dept;
SELECT e.name, d.title FROM emp e JOIN dept d ON e.dept < d.dept AND d.dept = 30 ORDER BY 1;

-- USING joins keep each side's key reachable by its qualifier (t.k, t.*); an aliased join tree.
SELECT l.k, r.k, k FROM VALUES (1), (2) AS l(k) LEFT JOIN VALUES (1), (3) AS r(k) USING (k) ORDER BY l.k;
SELECT *, l.*, r.* FROM VALUES (1, 'a'), (2, 'b') AS l(k, x) FULL JOIN VALUES (1, 'c'), (3, 'd') AS r(k, y) USING (k) ORDER BY k;
SELECT j.* FROM (VALUES (1) AS l(k) JOIN VALUES (1) AS r(k) USING (k)) AS j;
SELECT j.a, j.b FROM (VALUES (1) AS l(k) CROSS JOIN VALUES (2) AS r(k)) AS j(a, b);

-- Bag set operations: EXCEPT ALL and INTERSECT ALL count duplicates (NULLs match NULLs).
SELECT * FROM VALUES (1), (1), (1), (2), (NULL), (NULL) AS t(a) EXCEPT ALL SELECT * FROM VALUES (1), (NULL), (3) AS s(b) ORDER BY a;
SELECT * FROM VALUES (1), (1), (1), (2), (NULL), (NULL) AS t(a) INTERSECT ALL SELECT * FROM VALUES (1), (1), (NULL), (NULL), (NULL) AS s(b) ORDER BY a;
SELECT 1 EXCEPT ALL SELECT 1, 2;
