-- Spark's error classes for LIMIT-like expressions, inline tables and aggregate FILTERs
CREATE TABLE ce (a INT, s STRING) USING parquet;
INSERT INTO ce VALUES (1, 'x'), (2, 'y');
SELECT * FROM ce LIMIT CAST(NULL AS INT);
SELECT * FROM ce LIMIT a > 3;
SELECT * FROM ce LIMIT true;
SELECT * FROM ce LIMIT 'a';
SELECT * FROM ce LIMIT -1;
SELECT * FROM ce ORDER BY a LIMIT 1 + 0;
SELECT * FROM ce TABLESAMPLE (-1 ROWS);

select * from values ('one', rand(5)), ('two', 3.0D) as data(a, b);
select * from values ('one', array(0, 1)), ('two', struct(1, 2)) as data(a, b);
select * from values ('one'), ('two') as data(a, b);
select * from values ('one', count(1)), ('two', 2) as data(a, b);

SELECT sum(a) FILTER (WHERE rand(1) > 1) FROM ce;
SELECT sum(a) FILTER (WHERE s) FROM ce;
SELECT sum(a) FILTER (WHERE max(a) > 1) FROM ce;
SELECT sum(a) FILTER (WHERE row_number() OVER (ORDER BY a) > 1) FROM ce;
SELECT sum(a) FILTER (WHERE a > 1), count(*) FILTER (WHERE s = 'x') FROM ce;

-- Column names Spark gives: IS [NOT] NULL for isnull/isnotnull, exists(outer columns), NOT IN
SELECT isnotnull(a), isnull(s) FROM ce ORDER BY a;
SELECT a, EXISTS (SELECT 1 FROM ce c2 WHERE c2.a > ce.a) FROM ce ORDER BY a;
SELECT sum(a) FILTER (WHERE a NOT IN (SELECT 2)) FROM ce;

-- spark.sql.legacy.negativeIndexInArrayInsert: -1 inserts before the last element
select array_insert(array(1, 3, 4), -2, 2), array_insert(array(2, 3, NULL, 4), -5, 1);
set spark.sql.legacy.negativeIndexInArrayInsert=true;
select array_insert(array(1, 3, 4), -2, 2), array_insert(array(2, 3, NULL, 4), -5, 1);

-- A column is named as written
SELECT A, S, ce.A AS a2 FROM ce ORDER BY A;

-- PIVOT's checks and nested aggregates
CREATE TABLE sales_p (course STRING, year INT, earnings INT) USING parquet;
INSERT INTO sales_p VALUES ('Java', 2012, 20000), ('dotNET', 2012, 5000), ('Java', 2013, 30000);
SELECT * FROM sales_p PIVOT (abs(earnings) FOR year IN (2012, 2013));
SELECT * FROM sales_p PIVOT (sum(earnings) FOR year IN (course, 2013));
SELECT * FROM sales_p PIVOT (sum(earnings) FOR year IN (nosuch, 2013));
SELECT * FROM sales_p PIVOT (sum(earnings) FOR (course, year) IN ('dotNET', 'Java'));
SELECT * FROM sales_p PIVOT (sum(earnings) FOR year IN (2012, 2013)) ORDER BY course;
SELECT sum(avg(earnings)) FROM sales_p;
