-- Ends the run's staging database (StagingArea): in memory it is gone; a file is removed by the caller after this.
DETACH DATABASE IF EXISTS "votes.staging"
