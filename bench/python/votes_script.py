"""The baseline a user would otherwise write: the exercise's whole job in Python with the duckdb package.

    python votes_script.py WAREHOUSE.db VOTES.jsonl

Loads the JSON-lines votes into blog_analysis.votes (typed, primary key on Id, INSERT OR IGNORE), then, in a second
connection, (re)creates the view blog_analysis.outlier_weeks and prints it. No validation, quarantine or ledger.
"""
import sys

import duckdb

database, votes = sys.argv[1], sys.argv[2]

with duckdb.connect(database) as con:
    con.execute("CREATE SCHEMA IF NOT EXISTS blog_analysis")
    con.execute("""CREATE TABLE IF NOT EXISTS blog_analysis.votes (
        Id BIGINT PRIMARY KEY, PostId BIGINT NOT NULL, VoteTypeId INTEGER NOT NULL, UserId BIGINT,
        BountyAmount INTEGER, CreationDate TIMESTAMP NOT NULL)""")
    con.execute("""INSERT OR IGNORE INTO blog_analysis.votes
        SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate
        FROM read_json(?, format = 'newline_delimited')""", [votes])

with duckdb.connect(database) as con:
    con.execute("""CREATE OR REPLACE VIEW blog_analysis.outlier_weeks AS
        WITH weekly AS (
            SELECT CAST(strftime(CreationDate, '%Y') AS INTEGER) AS Year,
                   CAST(strftime(CreationDate, '%W') AS INTEGER) AS WeekNumber,
                   count(*) AS VoteCount
            FROM blog_analysis.votes GROUP BY ALL)
        SELECT Year, WeekNumber, VoteCount FROM weekly
        WHERE abs(1 - VoteCount / (SELECT avg(VoteCount) FROM weekly)) > 0.2
        ORDER BY Year, WeekNumber""")
    for row in con.execute("SELECT * FROM blog_analysis.outlier_weeks").fetchall():
        print(*row, sep=",")
