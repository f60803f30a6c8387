DROP TABLE fail_ok;
