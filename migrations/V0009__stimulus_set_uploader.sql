-- Who uploaded a stimulus set through the console. A set name belongs to the account that first
-- uploaded it: experiments and jobs find a set by name (its latest version), so another account
-- adding a version under that name would silently change their stimuli. Built-in and
-- command-line sets have no uploader; only admins add versions to them.
ALTER TABLE stimulus_set ADD COLUMN uploaded_by bigint REFERENCES account (id);
