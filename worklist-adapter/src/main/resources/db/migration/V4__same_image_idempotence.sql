-- A re-sent image (its acknowledgement was lost) comes back as a new decision event for the same
-- instance; the adapter looks up the image's earlier outcome by instance key.
CREATE INDEX applied_decision_instance ON applied_decision (instance_key);
