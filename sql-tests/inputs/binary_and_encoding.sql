-- Binary and encoding functions: unhex, to_binary, encode/decode, the UTF-8 validators, lpad/rpad of bytes.
SELECT hex(unhex('4A6B')), hex(unhex('123')), unhex('GG'), unhex(''), unhex(NULL);
SELECT hex(lpad(unhex('aa'), 5, unhex('1f2e'))), hex(rpad(unhex('aabb'), 5)), hex(lpad(unhex('aabbcc'), 2)), lpad('abc', 5, x'57'), rpad(x'57', 5, 'abc');
SELECT hex(to_binary('737472696E67')), hex(to_binary('abc', 'utf-8')), hex(to_binary(' ab cd ', 'base64')), hex(to_binary('abc', 'Hex')), to_binary('abc', NULL), to_binary(NULL, 'hex');
SELECT to_binary('GG');
SELECT to_binary('abcd=', 'base64');
SELECT try_to_binary('GG'), try_to_binary('abcd=', 'base64'), hex(try_to_binary('61', 'hex'));
SELECT to_binary('abc', 'invalidFormat');
SELECT to_binary('abc', fmt) FROM VALUES ('hex') AS t(fmt);
SELECT hex(encode('héllo', 'utf-8')), hex(encode('abc', 'UTF-16')), hex(encode('abc', 'utf-16le')), hex(encode('é', 'ISO-8859-1')), hex(encode('a', 'utf-32')), encode(NULL, 'utf-8');
SELECT decode(encode('大千世界', 'utf-32'), 'utf-32'), decode(encode('白日依山尽', 'UTF-16'), 'UTF-16'), decode(X'68656c6c6f', 'us-ascii'), decode(NULL, 'utf-8');
SELECT encode('hello', 'WINDOWS-1252');
SELECT encode('客舍', 'US-ASCII');
SELECT decode(X'E8A5BF', 'US-ASCII');
SELECT decode(2, 1, 'Southlake', 2, 'San Francisco', 'Non domestic'), decode(6, 1, 'Southlake', 'Non domestic'), decode(6, 1, 'Southlake'), decode(NULL, 6, 'Spark', NULL, 'SQL');
SELECT decode(encode('abc', 'utf-8'));
SELECT is_valid_utf8('abc'), is_valid_utf8(x'80'), make_valid_utf8(x'61FF62'), try_validate_utf8(x'80'), validate_utf8('ok'), is_valid_utf8(NULL);
SELECT validate_utf8(x'80');
SELECT x, decode(x, 0, -1, 10 / x) FROM VALUES (0), (2), (NULL) AS t(x) ORDER BY x;
