CREATE TABLE td (a INT, b INT) USING parquet;
INSERT INTO td VALUES (1, 1), (1, NULL), (2, 2);

-- count of several values counts rows where none is NULL; stars other than count(*) stand for columns
SELECT count(a, b), count(b, a), count(td.*, td.*), count(DISTINCT *), count(*) FROM td;
SELECT count(td.*) FROM td;
SELECT count() FROM td;
SET spark.sql.legacy.allowParameterlessCount=true;
SELECT count() FROM td;
SET spark.sql.legacy.allowStarWithSingleTableIdentifierInCount=true;
SELECT count(td.*) FROM td;

-- ranking functions and lag/lead need an ordered window
SELECT row_number() OVER (PARTITION BY a) FROM td;
SELECT lead(a) OVER () FROM td;

-- a frame offset wider than INT is a value distance: RANGE frames take it, ROWS frames refuse it
SELECT x, sum(x) OVER (ORDER BY x RANGE BETWEEN CURRENT ROW AND 2147483648 FOLLOWING) FROM VALUES (1L), (2L), (2147483650L) t(x) ORDER BY x;
SELECT x, sum(x) OVER (ORDER BY x ROWS BETWEEN CURRENT ROW AND 2147483648 FOLLOWING) FROM VALUES (1L) t(x);

-- ANSI coercion: a string takes a number's type from the other side, two strings have none
SELECT '1' + 1, '2' * 3L, pmod('7', 2);
SELECT '1' + '1';
SELECT '6' / '3';
SELECT date'2017-12-11' + '1';
SET spark.sql.ansi.enabled=false;
SELECT '1' + '1';
