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
