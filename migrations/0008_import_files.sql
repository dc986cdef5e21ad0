-- A bulk import's file between its upload and its job (POST /api/v1/employees/import as text/csv or
-- multipart/form-data): written in pieces as it arrives, so the API never holds the whole file, and
-- read by whichever worker takes the job (api and worker may be different processes or machines).
-- Not a source of truth: the job deletes the file when it is done; the log holds what was imported.
CREATE TABLE import_files (
  upload_id  text NOT NULL,
  piece      integer NOT NULL,
  bytes      bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (upload_id, piece)
);
