-- Literals, their Spark types, and scalar expressions.
SELECT 1, 2147483648, 1L, 12.50, 1.5D, 1e3, 'text', true, NULL;
SELECT DATE'2024-02-29', TIMESTAMP'2024-01-01 10:00:00', TIMESTAMP'2024-01-01 10:00:00.123456';
SELECT 7 / 2, 7 DIV 2, 7 % 3, -7 % 3, 2 * 3 + 4, 2 * (3 + 4);
SELECT 12.50 + 1.5, 12.50 * 2.00, 1.00 / 3.00, CAST(1 AS DECIMAL(10,2)) / 3;
SELECT 'a' || 'b', concat('x', 'y', 'z'), upper('oslo'), lower('OSLO'), length('bergen'), substring('trondheim', 2, 3);
SELECT CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' ELSE 'c' END, CASE 3 WHEN 1 THEN 'one' WHEN 3 THEN 'three' END;
SELECT CAST('42' AS INT), CAST(3.99 AS INT), CAST(1 AS STRING), CAST('2024-03-01' AS DATE), TRY_CAST('x' AS INT);
SELECT 1 IN (1, 2), 3 IN (1, 2), 3 IN (1, NULL), 2 BETWEEN 1 AND 3, 'abc' LIKE 'a%', 'abc' LIKE '_b_', 'abc' NOT LIKE 'b%';
SELECT NULL = NULL, NULL <=> NULL, 1 <=> NULL, NULL AND false, NULL OR true, NOT NULL, NULL IS NULL, 1 IS NOT NULL;
SELECT coalesce(NULL, 2, 3), nullif(1, 1), if(1 < 2, 'yes', 'no'), abs(-3), round(2.5), round(3.14159, 2), floor(2.7), ceil(2.1);
SELECT 1 = 1.0, '1' = 1, 2 > 1.5, 'b' > 'a';
SELECT 'abc' ~ '^a', 'ABC' ~* '^a', 'abc' !~ 'z', 'ABC' !~* '^A', 'abc' OPERATOR(pg_catalog.~) 'b' COLLATE pg_catalog.default;

-- Interval types in casts, from text and numbers; negative interval literals.
SELECT CAST('interval ''3-1'' year to month' AS INTERVAL YEAR TO MONTH), CAST(10.123456BD AS INTERVAL DAY TO SECOND), CAST('4 seconds' AS INTERVAL);
SELECT CAST('1 2:03:04' AS INTERVAL DAY TO SECOND), CAST(14 AS INTERVAL MONTH), CAST('2 03' AS INTERVAL DAY TO HOUR), CAST('10' AS INTERVAL HOUR);
-- Each ANSI interval type reads only its own forms; numbers count the end field; casts to integers truncate.
SELECT CAST('2 days 3 hours' AS INTERVAL DAY TO HOUR);
SELECT CAST(80.654321BD AS INTERVAL HOUR TO MINUTE), CAST(INTERVAL '1 10:30' DAY TO MINUTE AS INTERVAL DAY), CAST(INTERVAL -'1 02:03:04.123' DAY TO SECOND AS INT);
SELECT CAST(INTERVAL '1000000' SECOND AS SMALLINT);
-- Interval arithmetic: products and quotients round half up into the widest type of their kind; sum keeps the type, avg widens.
SELECT INTERVAL '2' DAY * 3, 2 * INTERVAL '1' MONTH, INTERVAL '-3' MONTH / 2, INTERVAL '-1' SECOND * 1.5, abs(INTERVAL -'3' HOUR);
SELECT INTERVAL '1' DAY / 0;
SELECT sum(x), avg(x), sum(y), avg(y) FROM VALUES (INTERVAL '1' DAY, INTERVAL '1' MONTH), (INTERVAL '2' DAY, INTERVAL '2' MONTH) AS t(x, y);
SELECT make_dt_interval(1, 2, 3, 4.5), make_ym_interval(1, 2), extract(HOUR FROM INTERVAL '-3 04:05' DAY TO MINUTE), extract(SECOND FROM INTERVAL '1:02.5' MINUTE TO SECOND), extract(YEAR FROM INTERVAL '-1-11' YEAR TO MONTH);
SELECT extract(SECOND FROM INTERVAL '3' DAY);
SELECT typeof(INTERVAL '1' DAY), typeof(INTERVAL 3 HOURS 30 MINUTES), INTERVAL '2' DAY + INTERVAL '3' HOUR, CAST(INTERVAL 3 DAY 1 SECOND AS STRING);
SELECT CAST('1 month' AS INTERVAL DAY TO SECOND);
SELECT INTERVAL -1 DAY 2 HOURS, -INTERVAL '1' DAY;
SELECT INTERVAL -1 MONTH 1 DAY;

-- ANSI widening of alternatives: a string beside an integer is a bigint, beside a fraction a double; a float beside an int is a double.
SELECT CASE WHEN true THEN 1 ELSE '2' END, CASE WHEN true THEN 1.5 ELSE '2' END, coalesce(CAST(1 AS FLOAT), 2);
SELECT CASE WHEN true THEN 1 ELSE DATE '2020-01-01' END;
SELECT 1 AS a UNION ALL SELECT DATE '2020-01-01';

-- Differences of datetimes are intervals.
SELECT TIMESTAMP'2011-11-11 11:11:11' - TIMESTAMP'2011-11-11 11:11:10', DATE'2020-01-05' - DATE'2020-01-01', TIMESTAMP'2020-01-02 06:00:00' - DATE'2020-01-01';

-- Adjacent string literals concatenate (with '…' among them, or three "…"); unary plus is for numbers and intervals.
SELECT 'S' 'par' 'k' AS c1, "S" 'par' "k" AS c2, "S" "par" "k" AS c3, 'hello' " " 'lee' AS c4, +1 AS p, +INTERVAL '1' DAY AS i;
SELECT +DATE '1999-01-01';

-- ANSI mode: text cast to an integer must be whole and in range, and integers do not become binary.
SELECT CAST('1.23' AS INT);
SELECT CAST('9223372036854775808' AS BIGINT);
SELECT CAST('123.45' AS DECIMAL(4, 2));
SELECT HEX(CAST(-123S AS BINARY));
SELECT CAST(CAST('inf' AS DOUBLE) AS TIMESTAMP);
-- Without ANSI mode the fraction is dropped, an integer is its big-endian bytes, and overflow is NULL.
SET spark.sql.ansi.enabled=false;
SELECT CAST('1.23' AS INT), CAST('9223372036854775808' AS BIGINT), HEX(CAST(-123S AS BINARY)), HEX(CAST(123L AS BINARY)), CAST(1.5D AS TIMESTAMP);
SELECT CAST(INTERVAL '1000000' SECOND AS SMALLINT);
SET spark.sql.ansi.enabled=true;
