-- Diagnoses arrive by accession number (POST /api/diagnoses, the HL7 ORU^R01 listener): an index, so
-- each lookup stays one index probe however long the worklist grows.
CREATE INDEX worklist_row_accession_number ON worklist_row (accession_number) WHERE accession_number IS NOT NULL;
