// Opens a votes warehouse read-only with Node's @duckdb/node-api (found through NODE_PATH), reads the view
// blog_analysis.outlier_weeks (earliest week first) and counts blog_analysis.votes, and prints what it found as one
// JSON object on stdout: {"client", "votes", "outlier_weeks"}. A file this DuckDB cannot open prints
// {"client", "error"} and exits 3.
//
// Usage: NODE_PATH=PREFIX/node_modules node check_warehouse.cjs WAREHOUSE
'use strict';
const { DuckDBInstance, version } = require('@duckdb/node-api');

async function main(path) {
  const client = 'node @duckdb/node-api ' + require('@duckdb/node-api/package.json').version + ' (DuckDB '
    + version() + ')';
  let connection;
  try {
    const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    connection = await instance.connect();
  } catch (error) {
    console.log(JSON.stringify({ client, error: String(error.message).split('\n')[0] }));
    return 3;
  }
  const weeks = await connection.runAndReadAll(
    'SELECT "Year", "WeekNumber", "VoteCount" FROM blog_analysis.outlier_weeks ORDER BY "Year", "WeekNumber"');
  const votes = await connection.runAndReadAll('SELECT count(*) FROM blog_analysis.votes');
  console.log(JSON.stringify({
    client,
    votes: Number(votes.getRows()[0][0]),
    outlier_weeks: weeks.getRows().map((row) => row.map(Number)),
  }));
  return 0;
}

main(process.argv[2]).then((code) => { process.exitCode = code; }, (error) => {
  console.error(error);
  process.exitCode = 1;
});
