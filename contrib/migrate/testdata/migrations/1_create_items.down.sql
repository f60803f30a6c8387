DROP TABLE mig_items;
