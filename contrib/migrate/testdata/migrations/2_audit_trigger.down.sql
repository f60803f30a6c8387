DROP TRIGGER mig_items_audit;
DROP TABLE mig_audit;
DELETE FROM mig_items WHERE id = 3;
