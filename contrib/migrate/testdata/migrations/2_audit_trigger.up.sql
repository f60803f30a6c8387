CREATE TABLE mig_audit (
    id INTEGER PRIMARY KEY,
    note STRING NOT NULL
);
-- The trigger's body has its own ';': it is one statement.
CREATE TRIGGER mig_items_audit AFTER INSERT ON mig_items
FOR EACH ROW
BEGIN
    INSERT INTO mig_audit VALUES (new.id, 'added; ' || new.name);
END;
INSERT INTO mig_items VALUES (3, 'coffee');
