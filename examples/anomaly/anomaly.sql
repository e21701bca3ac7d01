-- Network-intrusion anomaly detection on KDD Cup 99 data, end to end in SQL: raw CSV on DBFS,
-- a partitioned Parquet table, a saved Spark ML pipeline registered as a function, batch scoring,
-- and the dashboard's queries. Run with: psql -h 127.0.0.1 -p 5433 -U quarry -d default -v ON_ERROR_STOP=1 -f anomaly.sql
-- (README.md says where the CSV and the model directory go).

-- 1. The raw CSV, as Spark reads it: no header, the 41 KDD features and the label.
DROP TABLE IF EXISTS kdd_temp;
CREATE TABLE kdd_temp (
  duration INT, protocol_type STRING, service STRING, flag STRING, src_bytes BIGINT, dst_bytes BIGINT,
  land INT, wrong_fragment INT, urgent INT, hot INT, num_failed_logins INT, logged_in INT,
  num_compromised INT, root_shell INT, su_attempted INT, num_root INT, num_file_creations INT,
  num_shells INT, num_access_files INT, num_outbound_cmds INT, is_host_login INT, is_guest_login INT,
  count INT, srv_count INT, serror_rate DOUBLE, srv_serror_rate DOUBLE, rerror_rate DOUBLE,
  srv_rerror_rate DOUBLE, same_srv_rate DOUBLE, diff_srv_rate DOUBLE, srv_diff_host_rate DOUBLE,
  dst_host_count INT, dst_host_srv_count INT, dst_host_same_srv_rate DOUBLE, dst_host_diff_srv_rate DOUBLE,
  dst_host_same_src_port_rate DOUBLE, dst_host_srv_diff_host_rate DOUBLE, dst_host_serror_rate DOUBLE,
  dst_host_srv_serror_rate DOUBLE, dst_host_rerror_rate DOUBLE, dst_host_srv_rerror_rate DOUBLE,
  label STRING
) USING CSV OPTIONS ("header" = "false") LOCATION 'dbfs:/FileStore/kdd/';

-- 2. ETL: a Parquet table partitioned by protocol, with the label the model was trained on.
DROP TABLE IF EXISTS kdd;
CREATE TABLE kdd USING parquet PARTITIONED BY (protocol_type) AS
SELECT *, CASE WHEN label = 'normal.' THEN 'normal' ELSE 'anomaly' END AS class FROM kdd_temp;
DROP TABLE kdd_temp;
REFRESH TABLE kdd;

-- 3. The saved pipeline (StringIndexer + OneHotEncoder per symbolic column, VectorAssembler,
--    StandardScaler, DecisionTree) as a SQL function.
CREATE OR REPLACE MODEL kdd_anomaly FROM 'dbfs:/models/nids';
DESCRIBE MODEL kdd_anomaly;

-- 4. Batch scoring: prediction 1 is an anomaly.
DROP TABLE IF EXISTS kdd_scored;
CREATE TABLE kdd_scored USING parquet AS
SELECT service, protocol_type, flag, src_bytes, dst_bytes, label, class, predict(kdd_anomaly, *) AS is_anomaly FROM kdd;

-- 5. The dashboard.
-- Anomalies per service and protocol.
SELECT service, protocol_type, count(*) AS anomalies
FROM kdd_scored WHERE is_anomaly = 1
GROUP BY service, protocol_type ORDER BY anomalies DESC, service, protocol_type LIMIT 10;

-- Top sources of anomalous traffic by bytes sent.
SELECT service, flag, sum(src_bytes) AS bytes_sent, count(*) AS connections
FROM kdd_scored WHERE is_anomaly = 1
GROUP BY service, flag ORDER BY bytes_sent DESC, service, flag LIMIT 10;

-- Anomaly rate over all rows, and how the model agrees with the labels.
SELECT count(*) AS connections,
       round(avg(is_anomaly), 4) AS anomaly_rate,
       round(avg(CASE WHEN (is_anomaly = 1) = (class = 'anomaly') THEN 1.0 ELSE 0.0 END), 4) AS agreement_with_labels
FROM kdd_scored;
