"""Reads a votes warehouse as a reviewer of the exercise would, with Python's duckdb package, and prints what it found
as one JSON object on stdout: the client's version, the warehouse's schemas and the tables and views of blog_analysis,
the rows of blog_analysis.votes, the rows of the view blog_analysis.outlier_weeks (earliest week first) and the storage
version DuckDB reports. A file this DuckDB cannot open prints {"client", "error"} and exits 3.

Usage: python check_warehouse.py WAREHOUSE
"""
import json
import sys

import duckdb


def main(path):
    client = "python duckdb " + duckdb.__version__
    try:
        con = duckdb.connect(path, read_only=True)
    except duckdb.Error as error:
        print(json.dumps({"client": client, "error": str(error).splitlines()[0]}))
        return 3
    schemas = [row[0] for row in con.sql(
        "SELECT schema_name FROM information_schema.schemata WHERE catalog_name = current_database() "
        "ORDER BY schema_name").fetchall()]
    tables = [row[0] for row in con.sql(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'blog_analysis' "
        "ORDER BY table_name").fetchall()]
    votes = con.sql("SELECT count(*) FROM blog_analysis.votes").fetchone()[0]
    outlier_weeks = [list(row) for row in con.sql(
        'SELECT "Year", "WeekNumber", "VoteCount" FROM blog_analysis.outlier_weeks ORDER BY "Year", "WeekNumber"')
        .fetchall()]
    storage_version = con.sql(
        "SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]
    con.close()
    print(json.dumps({"client": client, "schemas": schemas, "tables": tables, "votes": votes,
                      "outlier_weeks": outlier_weeks, "storage_version": storage_version}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
