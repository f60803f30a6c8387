DROP INDEX mig_items_name ON mig_items;
