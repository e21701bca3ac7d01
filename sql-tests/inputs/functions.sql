-- Built-in functions by family: strings, math, dates and times, conditionals, aggregates.
SELECT concat_ws('-', 'a', NULL, 'c'), lpad('7', 3, '0'), rpad('ab', 4), lpad('abcdef', 3), replace('a.b.c', '.', '/'), reverse('abc'), repeat('ab', 3);
SELECT initcap('hello wORLD'), instr('quarry', 'rr'), left('oslo', 2), right('oslo', 2), split_part('a,b,c', ',', 2), trim('  x  '), ltrim('  x'), rtrim('x  ');
SELECT regexp_replace('2024-01-02', '(\\d+)-(\\d+)-(\\d+)', '$3/$2/$1'), regexp_extract('user=ann id=7', 'id=(\\d+)', 1), 'abc' RLIKE '^a.c$', md5('quarry');
SELECT sqrt(16), pow(2, 10), ln(1), log10(1000), log(2, 8), exp(0), sign(-3.5), round(pi(), 4), ln(0), degrees(pi());
SELECT greatest(1, 5, NULL, 3), least('b', 'a', 'c'), greatest(NULL, NULL), coalesce(NULL, NULL, 'x'), nvl(NULL, 1);
SELECT year(DATE'2024-02-29'), month(DATE'2024-02-29'), day(DATE'2024-02-29'), dayofweek(DATE'2024-02-29'), quarter(DATE'2024-11-24'), dayofyear(DATE'2024-12-31'), weekofyear(DATE'2024-01-01');
SELECT hour(TIMESTAMP'2024-01-01 13:45:30'), minute(TIMESTAMP'2024-01-01 13:45:30'), second(TIMESTAMP'2024-01-01 13:45:30');
SELECT date_add(DATE'2024-02-28', 2), date_sub(DATE'2024-03-01', 1), datediff(DATE'2024-03-01', DATE'2024-02-01'), add_months(DATE'2024-01-31', 1), last_day(DATE'2023-02-10');
SELECT trunc(DATE'2024-05-17', 'MM'), trunc(DATE'2024-05-17', 'year'), date_trunc('hour', TIMESTAMP'2024-05-17 13:45:30'), date_trunc('week', TIMESTAMP'2024-05-17 13:45:30');
SELECT to_date('2024-03-15'), to_date('15/03/2024', 'dd/MM/yyyy'), to_timestamp('2024-03-15 08:30:00'), to_timestamp('03/15/2024 8:30 PM', 'MM/dd/yyyy h:mm a');
SELECT date_format(TIMESTAMP'2024-03-05 14:07:09.123', 'yyyy-MM-dd HH:mm:ss.SSS'), date_format(TIMESTAMP'2024-03-05 14:07:09', 'EEE, d MMM yyyy'), from_unixtime(0), unix_timestamp(TIMESTAMP'1970-01-02 00:00:00');
SELECT to_date('not a date');
SELECT k, stddev(v), variance(v), stddev_pop(v), var_pop(v), count_if(v > 1), bool_and(v > 0), bool_or(v > 2), max_by(tag, v), min_by(tag, v)
  FROM VALUES ('a', 1, 'x'), ('a', 2, 'y'), ('a', 3, 'z'), ('b', 5, 'w') AS t(k, v, tag) GROUP BY k ORDER BY k;
SELECT first(v), last(v), any_value(v) FROM VALUES (NULL), (2), (3) AS t(v);
SELECT id FROM range(3);
SELECT sum(id), count(*), min(id), max(id) FROM range(1, 10001);
SELECT id FROM range(10, 0, -4) r;
SELECT DATE'2024-02-28' + 1, DATE'2024-03-01' - 1, 2 + DATE'2024-01-01';
SELECT timestampadd(MINUTE, 90, TIMESTAMP'2024-01-01 00:00:00'), timestampadd(MONTH, 1, TIMESTAMP'2024-01-31 12:00:00'), timestampdiff(HOUR, TIMESTAMP'2024-01-01 00:00:00', TIMESTAMP'2024-01-02 06:00:00');
SELECT TIMESTAMP'2024-01-01 10:00:00' + INTERVAL '1' HOUR, TIMESTAMP'2024-03-31 00:00:00' - INTERVAL 1 MONTH, DATE'2024-01-31' + INTERVAL '1' MONTH, DATE'2024-01-01' + INTERVAL 36 HOURS;
SELECT INTERVAL '1-2' YEAR TO MONTH, INTERVAL '1 02:03:04.5' DAY TO SECOND, INTERVAL 90 MINUTES, -INTERVAL '2' DAY, INTERVAL '1' DAY + INTERVAL '12' HOUR;
SELECT CAST(INTERVAL '3' DAY AS STRING), INTERVAL '1' YEAR > INTERVAL '11' MONTH;
SELECT INTERVAL '1' YEAR + INTERVAL '1' DAY;
SELECT current_database(), current_schema(), current_user(), current_catalog(), current_user, current_date = current_date();
SELECT EXTRACT(YEAR FROM DATE'2024-03-15'), EXTRACT(month FROM TIMESTAMP'2024-03-15 10:20:30.5'), date_part('SECOND', TIMESTAMP'2024-03-15 10:20:30.5'), EXTRACT(DOW FROM DATE'2024-03-15');
SELECT months_between(TIMESTAMP'2024-03-31 00:00:00', TIMESTAMP'2024-02-29 00:00:00'), months_between(DATE'2024-03-15', DATE'2024-01-01'), next_day(DATE'2024-03-15', 'Monday');
SELECT sha1('abc'), sha2('abc', 256), crc32('abc'), base64('quarry'), CAST(unbase64('cXVhcnJ5') AS STRING), hex('AB');
SELECT translate('abcba', 'ab', 'x'), locate('b', 'abcb'), locate('b', 'abcb', 3), position('c', 'abc'), levenshtein('kitten', 'sitting'), octet_length('Zürich'), concat('[', space(2), ']');
-- round of a double rounds its decimal form half up, as Spark's BigDecimal(x); never -0.0.
SELECT round(2.675D, 2), round(-2.675D, 2), round(1.005D, 2), round(-0.25D), round(-0.5D), round(0.125D, 2), round(123.456D, -1), round(1.4e-8D, 7);
-- floor and ceil of wide decimals (precision over 15, held as bigints) scale their result down.
SELECT floor(CAST(-7.34 AS DECIMAL(22,2))), ceil(CAST(-7.34 AS DECIMAL(22,2))), floor(CAST(12.5 AS DECIMAL(20,1))), ceil(CAST(12.5 AS DECIMAL(20,1))), ceil(CAST(3 AS DECIMAL(20,2)));
-- POSITION(substr IN str), SQL's form of locate(substr, str).
SELECT position('b' IN 'abcb') AS p, position('c' IN 'ab' || 'c') AS concatenated, position('z' IN NULL) AS unknown, position('b', 'abcb', 3) AS call;
-- percentile(x, p) and median(x): exact, interpolated between the neighbours of p * (n - 1); NULLs skipped.
SELECT median(i), percentile(i, 0.25), percentile(i, 0), percentile(i, 1) FROM VALUES (1), (2), (4), (NULL), (10) AS v(i);
SELECT g, median(i) FROM VALUES (1, 1), (1, NULL), (2, 3), (2, 4), (3, NULL) AS v(g, i) GROUP BY g ORDER BY g;
SELECT percentile(i, 1.5) FROM VALUES (1) AS v(i);
