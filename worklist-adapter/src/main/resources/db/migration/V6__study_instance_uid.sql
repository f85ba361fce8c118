-- The study's DICOM Study Instance UID (PHI), kept from phi-radiograph-received-v1 so the page can link
-- to the study in the PACS viewer (osteon.worklist.pacs-viewer-url). Null for rows stored before this
-- version and while only a decision is known: such rows get no link.
ALTER TABLE worklist_row ADD COLUMN study_instance_uid TEXT;
