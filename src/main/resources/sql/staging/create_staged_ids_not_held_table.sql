-- Connection-local: the Ids of the run's valid staged records that blog_analysis.votes does not hold yet (one entry per
-- record), filled by insert_staged_ids_not_held.sql when the Id ranges overlap (select_known_id_range.sql). A re-load of
-- rows the table holds leaves it empty, and every step after it then has next to nothing to do.
CREATE OR REPLACE TEMP TABLE staged_ids_not_held (
    Id BIGINT NOT NULL
)
