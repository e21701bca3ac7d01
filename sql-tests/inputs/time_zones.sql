-- The session time zone (spark.sql.session.timeZone, SET TIME ZONE): TIMESTAMP values are instants
-- shown and parsed in it, with the zone's daylight saving time and history, as java.time has them.
SET TIME ZONE 'America/Los_Angeles';
SELECT current_timezone();
-- Winter and summer: the same wall clock is a different UTC instant.
SELECT TIMESTAMP'2024-01-15 12:00:00', unix_timestamp(TIMESTAMP'2024-01-15 12:00:00'), unix_timestamp(TIMESTAMP'2024-07-15 12:00:00');
SELECT CAST(TIMESTAMP'2024-07-04 23:30:00' AS DATE), CAST(DATE'2024-07-04' AS TIMESTAMP), CAST(TIMESTAMP'2024-07-04 23:30:00' AS TIMESTAMP_NTZ);
-- A zone in the text wins; the literal shows in the session zone.
SELECT TIMESTAMP'2024-07-04 12:00:00 UTC', TIMESTAMP'2024-07-04 12:00:00 Europe/Paris', CAST('2024-01-01T00:00:00+01:00' AS TIMESTAMP);
-- 02:30 on 2024-03-10 does not exist (clocks go forward): it is 03:30 PDT.
SELECT TIMESTAMP'2024-03-10 02:30:00', make_timestamp(2024, 3, 10, 2, 30, 0);
-- Days are wall-clock days: 23 hours across the spring change, 25 across the autumn one.
SELECT timestampadd(DAY, 1, TIMESTAMP'2024-03-09 12:00:00'), TIMESTAMP'2024-03-09 12:00:00' + INTERVAL '24' HOUR, timestampdiff(HOUR, TIMESTAMP'2024-11-02 12:00:00', TIMESTAMP'2024-11-03 12:00:00');
SELECT TIMESTAMP'2024-11-03 12:00:00' - TIMESTAMP'2024-11-02 12:00:00', date_trunc('DAY', TIMESTAMP'2024-03-10 15:00:00'), hour(TIMESTAMP'2024-03-10 15:00:00');
SELECT from_unixtime(0), to_timestamp('2024-07-04 10:00', 'yyyy-MM-dd HH:mm'), date_format(TIMESTAMP'2024-07-04 10:00:00', 'yyyy-MM-dd HH:mm z');
SELECT from_utc_timestamp(TIMESTAMP'2024-07-04 12:00:00', 'Asia/Tokyo'), to_utc_timestamp(TIMESTAMP'2024-07-04 12:00:00', 'Asia/Tokyo');
SELECT convert_timezone('Europe/Paris', TIMESTAMP_NTZ'2024-07-04 12:00:00'), convert_timezone('Asia/Tokyo', 'UTC', TIMESTAMP_NTZ'2024-07-04 12:00:00');
-- Before 1883 Los Angeles kept local mean time, -07:52:58.
SELECT unix_timestamp(TIMESTAMP'1850-01-01 00:00:00');
SET TIME ZONE '+05:30';
SELECT TIMESTAMP'2024-01-01 00:00:00', unix_timestamp(TIMESTAMP'2024-01-01 00:00:00'), current_timezone();
SET spark.sql.session.timeZone = PST;
SELECT unix_timestamp(TIMESTAMP'2024-07-15 12:00:00');
SET TIME ZONE 'Mars/Olympus_Mons';
SELECT make_timestamp(2024, 1, 1, 0, 0, 0, 'Nowhere/Special');
SET TIME ZONE 'UTC';
SELECT from_unixtime(0);
