-- PIVOT, checked against Spark's own pivot.sql.out.
CREATE TEMPORARY VIEW courseSales AS SELECT * FROM VALUES
  ('dotNET', 2012, 10000), ('Java', 2012, 20000), ('dotNET', 2012, 5000), ('dotNET', 2013, 48000), ('Java', 2013, 30000)
  AS courseSales(course, year, earnings);
SELECT * FROM (SELECT year, course, earnings FROM courseSales) PIVOT (sum(earnings) FOR course IN ('dotNET', 'Java')) ORDER BY year;
SELECT * FROM courseSales PIVOT (sum(earnings) FOR year IN (2012, 2013)) ORDER BY course;
SELECT 2012_s, 2013_s, 2012_a, 2013_a, c FROM (SELECT year y, course c, earnings e FROM courseSales) PIVOT (sum(e) s, avg(e) a FOR y IN (2012, 2013)) ORDER BY c;
SELECT firstYear_s, secondYear_s, firstYear_a, secondYear_a, c FROM (SELECT year y, course c, earnings e FROM courseSales)
  PIVOT (sum(e) s, avg(e) a FOR y IN (2012 AS firstYear, 2013 secondYear)) ORDER BY c;
SELECT * FROM courseSales PIVOT (sum(earnings) FOR (course, year) IN (('dotNET', 2012) AS c1, ('Java', 2013) AS c2));
SELECT * FROM (SELECT year, course, earnings FROM courseSales) PIVOT (ceil(sum(earnings)), avg(earnings) + 1 AS a1 FOR course IN ('dotNET', 'Java')) ORDER BY year;
SELECT * FROM courseSales PIVOT (sum(earnings) FOR year IN (2012, 2013)) p WHERE p.course = 'Java';
SELECT * FROM courseSales PIVOT (sum(earnings) FOR nope IN (1));
