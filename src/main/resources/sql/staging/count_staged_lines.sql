-- The run's line counts: lines read (non-blank), and of those the valid and the rejected ones.
SELECT (SELECT count(*) FROM "votes.staging".main.staged_votes) + (SELECT count(*) FROM staged_unreadable_lines) AS rows_read,
       (SELECT count(*) FROM "votes.staging".main.staged_votes WHERE NOT marked) AS rows_valid,
       (SELECT count(*) FROM "votes.staging".main.staged_votes WHERE marked)
           + (SELECT count(*) FROM staged_unreadable_lines) AS rows_rejected
