-- SQL-standard SUBSTRING and OVERLAY forms
SELECT substring('Spark SQL' FROM 5), substr('Spark SQL' FROM -3), substring('Spark SQL' FROM 5 FOR 1);
SELECT OVERLAY('abcdef' PLACING '45' FROM 4), OVERLAY('yabadoo' PLACING 'daba' FROM 5 FOR 0), OVERLAY('babosa' PLACING 'ubb' FROM 2 FOR 4);
SELECT overlay('Spark SQL', '_', 6), overlay('Spark SQL', 'CORE', 7, -1);

-- hex of integers is their 64-bit two's complement; of strings, their UTF-8 bytes
select hex(256*256*256 - 1), hex(-1), hex(17L), hex('Spark'), hex(X'0aff');

-- to_date and to_timestamp without a format are casts
select to_date('2001-01-01 00:00:00'), to_timestamp('2003-01-01'), to_date('2001-02-03', 'yyyy-MM-dd');
select to_date('not a date');

-- names on inline-table values are accepted and ignored
select * from values (1 as a, 2 as b);
select * from values (1 as id, 'a' as name), (2 as id, 'b' as name) as t(a, b);

-- a temporary data source view without a path is empty
create or replace temporary view empty_source(f3 int, amount decimal(10,2)) using parquet;
select * from empty_source;
select count(*), max(f3) from empty_source;
