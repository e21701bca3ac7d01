-- Subqueries and set operations, planned as joins: [NOT] IN, [NOT] EXISTS (correlated), scalar
-- subqueries, INTERSECT and EXCEPT.
CREATE TABLE emp (id INT, name STRING, dept INT, salary INT) USING parquet;
CREATE TABLE dept (dept INT, title STRING) USING parquet;
INSERT INTO emp VALUES (1, 'ann', 10, 100), (2, 'bob', 20, 80), (3, 'cid', NULL, 90), (4, 'dee', 40, 70), (5, 'eve', 10, 120);
INSERT INTO dept VALUES (10, 'eng'), (20, 'ops'), (30, 'hr');
SELECT name FROM emp WHERE dept IN (SELECT dept FROM dept) ORDER BY name;
SELECT name FROM emp WHERE dept NOT IN (SELECT dept FROM dept) ORDER BY name;
SELECT name FROM emp WHERE dept NOT IN (SELECT dept FROM dept WHERE dept > 100) ORDER BY name;
SELECT name FROM emp WHERE id NOT IN (SELECT CAST(NULL AS INT)) ORDER BY name;
-- A NULL among other values in the subquery keeps no row either (planned as a null-aware anti join).
SELECT title FROM dept WHERE dept NOT IN (SELECT dept FROM emp) ORDER BY title;
SELECT title FROM dept WHERE dept NOT IN (SELECT dept FROM emp WHERE dept IS NOT NULL) ORDER BY title;
SELECT title FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.dept) ORDER BY title;
SELECT title FROM dept d WHERE NOT EXISTS (SELECT * FROM emp e WHERE e.dept = d.dept) ORDER BY title;
SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.dept = e.dept AND d.title <> 'ops') AND salary > 90 ORDER BY name;
SELECT name, salary, (SELECT max(salary) FROM emp) AS top FROM emp WHERE salary > (SELECT avg(salary) FROM emp) ORDER BY name;
SELECT name FROM emp WHERE dept = (SELECT dept FROM dept WHERE title = 'nobody');
SELECT name FROM emp WHERE dept = (SELECT dept FROM dept);
SELECT name FROM emp e WHERE salary = (SELECT max(salary) FROM emp x WHERE x.dept = e.dept);
SELECT name FROM emp WHERE dept IN (SELECT dept, title FROM dept);
SELECT dept FROM emp INTERSECT SELECT dept FROM dept ORDER BY 1;
SELECT dept FROM emp EXCEPT SELECT dept FROM dept ORDER BY 1;
SELECT dept FROM emp MINUS SELECT dept FROM dept WHERE dept = 10 ORDER BY 1 NULLS LAST;
SELECT dept FROM emp INTERSECT ALL SELECT dept FROM dept;

-- Subqueries in a grouped block (SELECT, HAVING, ORDER BY) see its groups; in an inner join's ON they filter the joined rows.
SELECT dept, count(*) AS n, (SELECT count(*) FROM dept) AS depts, (SELECT max(salary) FROM emp e2 WHERE e2.dept = emp.dept) AS top FROM emp GROUP BY dept ORDER BY dept;
SELECT dept FROM emp GROUP BY dept HAVING EXISTS (SELECT 1 FROM dept d WHERE d.dept = emp.dept) ORDER BY dept;
SELECT dept, sum(salary) AS total FROM emp GROUP BY dept HAVING sum(salary) > (SELECT avg(salary) FROM emp) ORDER BY (SELECT 1), dept;
SELECT e.name FROM emp e JOIN dept d ON e.dept = d.dept AND e.salary IN (SELECT max(salary) FROM emp) ORDER BY e.name;
-- IN over an empty subquery is false even for a NULL operand, also where it is not a WHERE conjunct.
SELECT name, dept IN (SELECT dept FROM dept WHERE dept > 100) AS in_empty FROM emp ORDER BY name;
SELECT name FROM emp WHERE dept NOT IN (SELECT dept FROM dept WHERE dept > 100) OR id < 0 ORDER BY name;
-- Subqueries in HAVING: uncorrelated, and correlated on a grouping key.
SELECT dept, count(*) FROM emp GROUP BY dept HAVING count(*) > (SELECT count(*) FROM dept WHERE dept > 20) ORDER BY dept;
SELECT dept, sum(salary) FROM emp GROUP BY dept HAVING dept IN (SELECT dept FROM dept) OR sum(salary) < 80 ORDER BY dept;
SELECT dept, max(salary) FROM emp e GROUP BY dept HAVING EXISTS (SELECT 1 FROM dept d WHERE d.dept = e.dept) ORDER BY dept;
SELECT dept + 1, count(*) FROM emp e GROUP BY dept + 1 HAVING count(*) > (SELECT count(*) FROM dept d WHERE d.dept = e.salary);

-- Subqueries in aggregates' arguments and FILTER clauses run per input row.
SELECT dept, sum(salary) FILTER (WHERE dept IN (SELECT dept FROM dept WHERE title = 'eng')) AS eng, max((SELECT max(salary) FROM emp)) AS top,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM dept d WHERE d.dept = emp.dept)) AS known FROM emp GROUP BY dept ORDER BY dept;

-- A correlated subquery with LIMIT/OFFSET keeps that many rows per outer row.
SELECT dept, (SELECT name FROM emp e WHERE e.dept = d.dept ORDER BY salary DESC LIMIT 1) AS best FROM dept d ORDER BY dept;
SELECT d.dept, x.name FROM dept d, LATERAL (SELECT name FROM emp e WHERE e.dept = d.dept ORDER BY salary LIMIT 1 OFFSET 1) x ORDER BY d.dept;
SELECT dept, EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.dept UNION ALL SELECT 1 WHERE d.dept = 30) AS staffed,
  (SELECT count(*) FROM (SELECT salary FROM emp e WHERE e.dept = d.dept UNION SELECT 0)) AS salaries FROM dept d ORDER BY dept;

-- Outer and semi joins whose ON conjuncts hold subqueries over one side.
SELECT e.name, d.title FROM emp e LEFT JOIN dept d ON e.dept = d.dept AND e.salary > (SELECT avg(salary) FROM emp) ORDER BY e.name;
SELECT e.name FROM emp e LEFT SEMI JOIN dept d ON e.dept = d.dept AND d.title IN (SELECT 'ops') ORDER BY e.name;
