-- Window functions: ranking, offsets, aggregates over partitions and frames.
CREATE TABLE scores (team STRING, player STRING, points INT, day INT) USING parquet;
INSERT INTO scores VALUES ('red', 'ann', 10, 1), ('red', 'bob', 30, 1), ('red', 'cid', 30, 2), ('red', 'dee', 5, 3),
  ('blue', 'eve', 20, 1), ('blue', 'fay', 15, 2), ('blue', 'gus', NULL, 3);
SELECT team, player, points,
  row_number() OVER (PARTITION BY team ORDER BY points DESC) AS rn,
  rank() OVER (PARTITION BY team ORDER BY points DESC) AS rk,
  dense_rank() OVER (PARTITION BY team ORDER BY points DESC) AS drk,
  percent_rank() OVER (PARTITION BY team ORDER BY points DESC) AS pr,
  cume_dist() OVER (PARTITION BY team ORDER BY points DESC) AS cd,
  ntile(2) OVER (PARTITION BY team ORDER BY points DESC) AS half
FROM scores ORDER BY team, rn;
SELECT player, day, points, lag(points) OVER (PARTITION BY team ORDER BY day, player) AS prev,
  lead(points, 1, 0) OVER (PARTITION BY team ORDER BY day, player) AS next
FROM scores WHERE team = 'red' ORDER BY day, player;
SELECT player, points, sum(points) OVER (PARTITION BY team) AS team_total, count(*) OVER () AS everyone,
  sum(points) OVER (PARTITION BY team ORDER BY day) AS running_by_day,
  avg(points) OVER (PARTITION BY team ORDER BY day, player ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS moving,
  max(points) OVER (PARTITION BY team ORDER BY day, player ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS best_so_far
FROM scores ORDER BY team, day, player;
SELECT team, sum(points) AS total, rank() OVER (ORDER BY sum(points) DESC) AS place FROM scores GROUP BY team ORDER BY place;
SELECT player FROM scores ORDER BY row_number() OVER (ORDER BY points DESC NULLS LAST) LIMIT 2;
SELECT rank() FROM scores;
SELECT player FROM scores WHERE row_number() OVER (ORDER BY points) = 1;
SELECT team, player, points FROM scores QUALIFY row_number() OVER (PARTITION BY team ORDER BY points DESC NULLS LAST) = 1 ORDER BY team;
SELECT team, count(*) AS n, sum(points) AS total FROM scores GROUP BY ALL ORDER BY team;
SELECT * EXCEPT (day, points) FROM scores WHERE team = 'blue' ORDER BY player;
SELECT * EXCEPT (nope) FROM scores;

-- The WINDOW clause: named windows, windows built on others.
SELECT id, sum(id) OVER w AS s, max(id) OVER (w2) AS m, row_number() OVER (w ORDER BY id DESC) AS r FROM range(4) WINDOW w AS (PARTITION BY id % 2), w2 AS (w ORDER BY id) ORDER BY id;
SELECT sum(id) OVER nope FROM range(2);
SELECT sum(id) OVER w FROM range(2) WINDOW w AS (missing ORDER BY id);

-- IGNORE NULLS: lag and lead count only rows whose value is not NULL.
SELECT id, v, lag(v, 1) IGNORE NULLS OVER (ORDER BY id) AS lg, lead(v, 1) IGNORE NULLS OVER (ORDER BY id) AS ld, lag(v, 2) IGNORE NULLS OVER (ORDER BY id) AS lg2
FROM (SELECT id, CASE WHEN id % 2 = 0 THEN NULL ELSE id * 10 END AS v FROM range(7)) ORDER BY id;
SELECT sum(id) IGNORE NULLS OVER (ORDER BY id) FROM range(2);

-- RANGE frames with value offsets: the frame holds the rows whose ORDER BY value is within the distance.
SELECT v, sum(v) OVER (ORDER BY v RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS near, count(*) OVER (ORDER BY v DESC RANGE BETWEEN CURRENT ROW AND 2.5 FOLLOWING) AS below
FROM VALUES (1), (2), (2), (4), (7), (NULL) AS t(v) ORDER BY v NULLS FIRST;
SELECT d, count(*) OVER (ORDER BY d RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW) AS by_interval, count(*) OVER (ORDER BY d RANGE 2 PRECEDING) AS by_days
FROM VALUES (DATE'2024-01-01'), (DATE'2024-01-02'), (DATE'2024-01-04') AS t(d) ORDER BY d;
SELECT ts, count(*) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS last_hour
FROM VALUES (TIMESTAMP'2024-01-01 10:00:00'), (TIMESTAMP'2024-01-01 10:30:00'), (TIMESTAMP'2024-01-01 11:15:00') AS t(ts) ORDER BY ts;
SELECT sum(v) OVER (ORDER BY v, v RANGE 1 PRECEDING) FROM VALUES (1) AS t(v);
SELECT sum(v) OVER (ORDER BY CAST(v AS STRING) RANGE 1 PRECEDING) FROM VALUES (1) AS t(v);
SELECT sum(v) OVER (ORDER BY v ROWS 1.5 PRECEDING) FROM VALUES (1) AS t(v);

-- Generated names follow Spark: the window with the frame Spark fills in, lag/lead's defaults, FILTER, <> as NOT (=).
SELECT row_number() OVER (ORDER BY id), sum(id) OVER (PARTITION BY id % 2), sum(id) OVER (ORDER BY id DESC), lag(id) OVER (ORDER BY id), lead(id, 2, 0) OVER (ORDER BY id), count(*) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 2 FOLLOWING) FROM range(3) ORDER BY id;
SELECT count(id) FILTER (WHERE id > 0), CEIL(1.5), ceil(1.5), 1 <> 2, CAST(1 AS LONG), CAST(1.5 AS DECIMAL(4, 2)) FROM range(2);

-- nth_value, IGNORE NULLS for first_value/last_value/nth_value (or their flag argument), FILTER in window aggregates.
SELECT v, nth_value(v, 2) OVER (ORDER BY i) AS n2, nth_value(v, 2) IGNORE NULLS OVER (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS n2i,
  first_value(v) IGNORE NULLS OVER (ORDER BY i) AS f, last_value(v, true) OVER (ORDER BY i) AS l, sum(v) FILTER (WHERE i > 1) OVER (ORDER BY i) AS s
FROM VALUES (1, NULL), (2, 10), (3, NULL), (4, 30) AS t(i, v) ORDER BY i;
SELECT nth_value(i, 0) OVER (ORDER BY i) FROM VALUES (1) AS t(i);
-- Frames that are prefixes or suffixes of the partition (one running aggregate), empty frames, first/last_value.
CREATE TABLE wf (g INT, o INT, v INT) USING parquet;
INSERT INTO wf VALUES (1, 1, 10), (1, 2, NULL), (1, 3, 30), (1, 4, 40), (2, 1, 5), (2, 2, 7);
SELECT g, o, sum(v) OVER (PARTITION BY g ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS s1, count(v) OVER (PARTITION BY g ORDER BY o ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS c2, max(v) OVER (PARTITION BY g ORDER BY o ROWS BETWEEN 2 FOLLOWING AND UNBOUNDED FOLLOWING) AS m3, first_value(v) OVER (PARTITION BY g ORDER BY o ROWS BETWEEN 1 PRECEDING AND UNBOUNDED FOLLOWING) AS f4, last_value(v) OVER (PARTITION BY g ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING) AS l5, first_value(v) OVER (PARTITION BY g ORDER BY o ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) AS f6, avg(v) OVER (PARTITION BY g ORDER BY o RANGE BETWEEN 1 PRECEDING AND UNBOUNDED FOLLOWING) AS a7 FROM wf ORDER BY g, o;
-- RANGE frames with value offsets are computed once per peer group; NULL keys frame their peers.
CREATE TABLE wr (o INT, v INT) USING parquet;
INSERT INTO wr VALUES (1, 10), (1, 20), (2, 5), (4, NULL), (NULL, 7), (NULL, 8), (5, 1), (5, 2);
SELECT o, v, sum(v) OVER (ORDER BY o NULLS FIRST RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS a, count(*) OVER (ORDER BY o DESC NULLS LAST RANGE BETWEEN CURRENT ROW AND 2 FOLLOWING) AS b, max(v) OVER (ORDER BY o RANGE BETWEEN 3 PRECEDING AND CURRENT ROW) AS c FROM wr ORDER BY o NULLS FIRST, v;
