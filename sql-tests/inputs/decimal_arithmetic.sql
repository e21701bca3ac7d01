-- Decimal literals with exponents are exact (BigDecimal), negative scales raised to 0
select 5e36BD, 1.0123456789012345678901234567890123456e34BD, 1.2345678901234567890E30BD;
select 0.000000012345678, -0.0, -1.5e3BD;
select 1716699575118597095.42330819910640247627;
select (5e36BD + 0.1) + 5e36BD;

-- NaN and infinities cast to decimal are NULL, even in ANSI mode
select decimal(double('NaN')), cast(double('Infinity') as decimal(10,2)), cast(float('-Infinity') as decimal(5,1));

-- div with decimals divides the exact values, the quotient a bigint
select div(cast(999999999999999999999 as decimal(38, 0)), 1000000000000000000000);
select div(cast(-9999999999999999999999 as decimal(38, 0)), 1000000000000000000000) * 1000000000000000000000;

-- round keeps wide decimals exact; negative digits round to tens
select round(cast(-24851923.045047420 as decimal(38,10)), 10), round(cast(-24851923.045047420 as decimal(38,10)), -2);

-- without precision loss, results past 38 digits keep their scale and overflow instead
set spark.sql.decimalOperations.allowPrecisionLoss=false;
select 10.300000000000000000 * 3.000000000000000000;
select 10.300000000000000000 * 3.0000000000000000000;
select 1e35BD / 0.1, 12345678912345.123456789123 / 0.00000012345678;
set spark.sql.decimalOperations.allowPrecisionLoss=true;
select 10.300000000000000000 * 3.0000000000000000000;

-- floating literals beyond their type's range are errors, not infinities
select 1E309;
select -3.4028235E39f;
select 1e308, 3.4e38f;
-- Wide results of narrow operands take a float64 path while exact, and bigints past 2^53.
SELECT CAST(12345678901.23 AS DECIMAL(15,2)) * CAST(99999.99 AS DECIMAL(15,2)), CAST(1234567.89 AS DECIMAL(15,2)) * CAST(7.5 AS DECIMAL(15,2)), CAST(9999999999999.99 AS DECIMAL(15,2)) + CAST(0.001 AS DECIMAL(15,3));
SELECT sum(a * b) FROM VALUES (CAST(1.25 AS DECIMAL(15,2)), CAST(3.10 AS DECIMAL(15,2))), (CAST(99999999.99 AS DECIMAL(15,2)), CAST(99999999.99 AS DECIMAL(15,2))) AS t(a, b);
-- Sums cross 2^53 exactly: the float part hands over to the bigint part and back.
SELECT sum(v), sum(-v), avg(v) FROM (SELECT CAST(4503599627370496 AS DECIMAL(20,0)) AS v FROM range(5) UNION ALL SELECT CAST(1 AS DECIMAL(20,0)));
SELECT k, sum(CAST(v AS BIGINT)) FROM VALUES ('a', 9007199254740991), ('a', 1), ('a', 1), ('b', NULL), ('b', -3) AS t(k, v) GROUP BY k ORDER BY k;
SELECT a * b * c, a * b + c FROM VALUES (CAST(123.45 AS DECIMAL(15,2)), CAST(0.95 AS DECIMAL(15,2)), CAST(1.08 AS DECIMAL(15,2))), (CAST(9999999999999.99 AS DECIMAL(15,2)), CAST(9999999999999.99 AS DECIMAL(15,2)), CAST(3 AS DECIMAL(15,2))) AS t(a, b, c);
