DROP TABLE fail_half;
