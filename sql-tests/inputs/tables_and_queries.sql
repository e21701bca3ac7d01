-- A partitioned Parquet table, written with INSERT and read with the common query shapes.
CREATE TABLE trips (id BIGINT, city STRING, fare DECIMAL(10,2), ts TIMESTAMP, ok BOOLEAN) USING parquet PARTITIONED BY (city);
INSERT INTO trips VALUES
  (1, 'Oslo', 12.50, TIMESTAMP'2024-01-01 10:00:00', true),
  (2, 'Oslo', 7.25, TIMESTAMP'2024-01-01 11:30:00', false),
  (3, 'Bergen', 20.00, TIMESTAMP'2024-01-02 09:15:00', true),
  (4, 'Bergen', NULL, TIMESTAMP'2024-01-03 18:45:00', true),
  (5, 'Trondheim', 3.10, NULL, true),
  (6, NULL, 9.99, TIMESTAMP'2024-01-04 00:00:00', NULL);
SELECT * FROM trips ORDER BY id;
SELECT city, count(*), sum(fare) FROM trips WHERE ok GROUP BY city ORDER BY city;
SELECT city, count(fare) AS fares, avg(fare) AS mean, min(ts), max(id) FROM trips GROUP BY city ORDER BY city NULLS LAST;
SELECT city, sum(fare) AS total FROM trips GROUP BY 1 HAVING sum(fare) > 15 ORDER BY total DESC;
SELECT count(DISTINCT city), count(city), count(*) FROM trips;
SELECT DISTINCT ok FROM trips ORDER BY ok;
SELECT id, fare * 2 AS double_fare FROM trips WHERE fare IS NOT NULL ORDER BY fare DESC LIMIT 3;
SELECT id FROM trips ORDER BY id LIMIT 2 OFFSET 3;
SELECT t.id, t.city FROM trips AS t WHERE t.city IN ('Oslo', 'Trondheim') AND t.id > 1 ORDER BY t.id;
SELECT id FROM trips WHERE city = 'Bergen' ORDER BY ts DESC;
SELECT upper(city) AS c, count(*) AS n FROM trips GROUP BY upper(city) ORDER BY n DESC, c;
SELECT x, y FROM VALUES (1, 'a'), (2, 'b') AS v(x, y) ORDER BY x DESC;
SELECT * FROM (SELECT city, count(*) AS n FROM trips GROUP BY city) s WHERE n > 1 ORDER BY city;
WITH oslo AS (SELECT * FROM trips WHERE city = 'Oslo') SELECT count(*), sum(fare) FROM oslo;
SELECT id FROM trips WHERE id < 3 UNION ALL SELECT id FROM trips WHERE id > 4 ORDER BY 1;
SELECT city FROM trips WHERE id < 3 UNION SELECT city FROM trips WHERE id = 1 ORDER BY city;
CREATE TABLE trip_totals USING parquet AS SELECT city, sum(fare) AS total, count(*) AS n FROM trips GROUP BY city;
SELECT * FROM trip_totals ORDER BY city;
INSERT INTO trip_totals SELECT 'Tromso', 1.5, 1;
SELECT * FROM trip_totals WHERE city = 'Tromso';
INSERT OVERWRITE TABLE trip_totals SELECT 'Only', 2, 2;
SELECT * FROM trip_totals;
SHOW TABLES;
DESCRIBE trips;
DROP TABLE trip_totals;
DROP TABLE IF EXISTS trip_totals;
SHOW TABLES;
CREATE TABLE daily (n INT, day DATE) USING parquet PARTITIONED BY (day);
INSERT INTO daily VALUES (1, DATE'2024-01-01'), (2, DATE'2024-01-02'), (3, DATE'2024-01-03');
INSERT OVERWRITE TABLE daily PARTITION (day = DATE'2024-01-02') SELECT 20;
SELECT n, day FROM daily ORDER BY day, n;
INSERT INTO daily PARTITION (day = '2024-01-03') VALUES (30);
INSERT OVERWRITE daily SELECT 9, DATE'2024-02-01';
SELECT n, day FROM daily ORDER BY day, n;

-- CACHE/UNCACHE/CLEAR CACHE: no cache is kept, the names are checked and CACHE … AS makes a temporary view.
CACHE TABLE cached_numbers AS SELECT id FROM range(3);
SELECT count(*) FROM cached_numbers;
CACHE LAZY TABLE cached_numbers;
UNCACHE TABLE IF EXISTS no_such_table;
UNCACHE TABLE no_such_table;
CLEAR CACHE;
SHOW VIEWS LIKE 'cached*';
SHOW FUNCTIONS trim;
SELECT STRUCT('alpha' AS a, 'beta' AS b) AS st, struct(1, 2) AS positional;

-- INSERT … TABLE t, Hive's FROM-first form, and BY NAME.
CREATE TABLE ins_src (a INT, b STRING) USING parquet;
INSERT INTO ins_src VALUES (1, 'x'), (2, 'y');
CREATE TABLE ins_dst (a INT, b STRING) USING parquet;
INSERT INTO ins_dst TABLE ins_src;
INSERT INTO ins_dst FROM ins_src SELECT a + 10, b WHERE a > 1;
INSERT INTO ins_dst BY NAME SELECT 'z' AS b, 3 AS a;
INSERT INTO ins_dst BY NAME SELECT 4 AS nope;
TABLE ins_dst ORDER BY a;
FROM ins_dst SELECT b WHERE a >= 3 ORDER BY b;

-- TABLESAMPLE: ROWS keeps the first rows; PERCENT and BUCKET keep each row with that probability.
CREATE TEMPORARY VIEW ten_thousand AS SELECT id FROM range(10000);
SELECT count(*) FROM ten_thousand TABLESAMPLE (5 ROWS);
SELECT count(*) BETWEEN 4000 AND 6000 FROM ten_thousand TABLESAMPLE (50 PERCENT);
SELECT count(*) BETWEEN 3000 AND 5000 FROM ten_thousand TABLESAMPLE (BUCKET 4 OUT OF 10) t;
SELECT count(*) FROM ten_thousand TABLESAMPLE (BUCKET 11 OUT OF 10);
SELECT rand(7) = rand(7) AS repeatable, rand() >= 0 AND rand() < 1 AS in_range;
