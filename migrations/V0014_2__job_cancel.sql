-- Cancelling scoring and map jobs (issue 14). cancelled: stopped on request; batches committed
-- before the cancel keep their (whole) predictions, a batch in flight rolls back.
ALTER TABLE score_job DROP CONSTRAINT score_job_status_check;
ALTER TABLE score_job ADD CONSTRAINT score_job_status_check
    CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled'));
ALTER TABLE map_job DROP CONSTRAINT map_job_status_check;
ALTER TABLE map_job ADD CONSTRAINT map_job_status_check
    CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled'));
