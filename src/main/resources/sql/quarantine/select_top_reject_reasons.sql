-- The :limit most frequent kinds of reason among all quarantined lines, with their counts. The kind is the reason without
-- the offending value after its first ': '.
SELECT split_part(reason, ': ', 1) AS reason, count(*) AS lines
FROM blog_analysis.rejected_votes
GROUP BY ALL
ORDER BY lines DESC, reason
LIMIT :limit
