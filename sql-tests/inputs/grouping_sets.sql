-- ROLLUP, CUBE and GROUPING SETS, with grouping() and grouping_id().
CREATE TABLE sales (region STRING, product STRING, amount INT) USING parquet;
INSERT INTO sales VALUES ('north', 'apple', 10), ('north', 'pear', 5), ('south', 'apple', 7), ('south', 'apple', 3), (NULL, 'pear', 1);
SELECT region, product, sum(amount) AS total FROM sales GROUP BY ROLLUP(region, product) ORDER BY region NULLS LAST, product NULLS LAST;
SELECT region, product, sum(amount) AS total, grouping(region) AS gr, grouping(product) AS gp, grouping_id() AS gid
  FROM sales GROUP BY CUBE(region, product) ORDER BY gid, region, product;
SELECT region, product, count(*) AS n FROM sales GROUP BY GROUPING SETS ((region), (product), ()) ORDER BY region, product;
SELECT region, sum(amount) AS total FROM sales GROUP BY region, ROLLUP(product) HAVING sum(amount) > 5 ORDER BY region, total;
SELECT region, grouping(region) FROM sales GROUP BY region ORDER BY region;

-- Hive's spellings: WITH ROLLUP, WITH CUBE, and GROUPING SETS after a plain list; composite ROLLUP elements.
SELECT a, b, count(*) FROM (SELECT id % 2 AS a, id % 3 AS b FROM range(6)) GROUP BY a, b WITH ROLLUP ORDER BY a, b;
SELECT a, b, count(*) FROM (SELECT id % 2 AS a, id % 3 AS b FROM range(6)) GROUP BY a, b WITH CUBE ORDER BY a, b;
SELECT a, b, count(*) FROM (SELECT id % 2 AS a, id % 3 AS b FROM range(6)) GROUP BY a, b GROUPING SETS ((a), (b)) ORDER BY a, b;
SELECT a, b, count(*) FROM (SELECT id % 2 AS a, id % 3 AS b FROM range(6)) GROUP BY ROLLUP(a, (a, b)) ORDER BY a, b;
