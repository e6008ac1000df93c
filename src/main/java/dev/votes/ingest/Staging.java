package dev.votes.ingest;

import static dev.votes.warehouse.SqlStatement.param;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import dev.votes.common.PlausibleDates;
import dev.votes.warehouse.SqlStatement;

/**
 * The gateway to staging ({@code sql/staging/}): the connection-local macros and tables a run's files are read into,
 * typed and checked before the load; the load of the valid rows into {@code blog_analysis.votes}; and the counts a run
 * reports. A file's statements take their values from its {@link File}.
 */
final class Staging {

    /**
     * One file of the run as staging reads it.
     *
     * @param index    its position in the run (the staging tables' {@code file_index})
     * @param input    the file
     * @param readable the path DuckDB reads (a spool or link for some inputs, see {@link InputLinks})
     * @param dates    the run's plausible CreationDates
     */
    record File(int index, InputFile input, String readable, PlausibleDates dates) {

        String compression() {
            return input.compression().duckdbName();
        }
    }

    /** What is staged for one file: its records (staged rows and unreadable lines) and the valid ones. */
    record FileRecords(long records, long valid) {
    }

    /** The run's staged lines: read (non-blank), and of those the valid and the rejected ones. */
    record LineCounts(long read, long valid, long rejected) {
    }

    /**
     * One of the run's unknown fields, most frequent first.
     *
     * @param shown          its name, cut to 60 characters, control characters as {@code ?}
     * @param records        the records that had it
     * @param distinctFields how many distinct unknown fields the run has in all
     * @param allRecords     how many records had an unknown field, over all of them
     */
    record UnknownField(String shown, long records, long distinctFields, long allRecords) {
    }

    private record Unreadable(int index, String reason) {
    }

    /** The connection-local helpers (macros, then tables) the staging statements use, in order. */
    private static final List<SqlStatement<Void>> HELPERS = List.of(
            SqlStatement.of("staging/create_whole_number_macro"),
            SqlStatement.of("staging/create_utc_timestamp_macro"),
            SqlStatement.of("staging/create_integer_problem_macro"),
            SqlStatement.of("staging/create_required_integer_problem_macro"),
            SqlStatement.of("staging/create_timestamp_problem_macro"),
            SqlStatement.of("staging/create_blank_line_macro"),
            SqlStatement.of("staging/create_staged_files_table"),
            SqlStatement.of("staging/create_staged_votes_table"),
            SqlStatement.of("staging/create_staged_rejects_table"),
            SqlStatement.of("staging/create_staged_unreadable_lines_table"),
            SqlStatement.of("staging/create_staged_unknown_fields_table"));
    private static final SqlStatement<File> INSERT_FILE = SqlStatement.of("staging/insert_staged_file",
            param("file_index", File::index),
            param("path", file -> file.input().path()),
            param("line_offset", file -> file.input().format().hasHeaderLine() ? 1 : 0));
    private static final SqlStatement<File> STAGE_RECORDS = SqlStatement.of("staging/stage_vote_records",
            param("path", File::readable),
            param("file_index", File::index),
            param("compression", File::compression),
            param("earliest", file -> file.dates().earliestText()),
            param("latest", file -> file.dates().latestText()));
    private static final SqlStatement<Integer> COUNT_FILE_RECORDS =
            SqlStatement.of("staging/count_staged_records_of_file", param("file_index", index -> index));
    private static final SqlStatement<File> COUNT_UNKNOWN_FIELDS_OF_JSON_LINES =
            SqlStatement.of("staging/count_unknown_fields_of_json_lines",
                    param("path", File::readable),
                    param("compression", File::compression),
                    param("file_index", File::index));
    private static final SqlStatement<Integer> DELETE_VOTES_OF_FILE =
            SqlStatement.of("staging/delete_staged_votes_of_file", param("file_index", index -> index));
    private static final SqlStatement<Integer> DELETE_REJECTS_OF_FILE =
            SqlStatement.of("staging/delete_staged_rejects_of_file", param("file_index", index -> index));
    private static final SqlStatement<File> LOCATE_REJECTED_LINES = SqlStatement.of("staging/locate_rejected_lines",
            param("file_index", File::index),
            param("earliest", file -> file.dates().earliestText()),
            param("latest", file -> file.dates().latestText()));
    private static final SqlStatement<Integer> COUNT_MISPLACED_REJECTS =
            SqlStatement.of("staging/count_misplaced_rejects", param("file_index", index -> index));
    private static final SqlStatement<Integer> INSERT_LOCATED_REJECTS =
            SqlStatement.of("staging/insert_located_rejects", param("file_index", index -> index));
    private static final SqlStatement<Integer> DELETE_UNREADABLE_LINES_OF_FILE =
            SqlStatement.of("staging/delete_staged_unreadable_lines_of_file", param("file_index", index -> index));
    private static final SqlStatement<File> READ_LINES = SqlStatement.of("staging/read_vote_lines",
            param("path", File::readable),
            param("compression", File::compression));
    private static final SqlStatement<String> READ_LINES_OF_TEXT = SqlStatement.of("staging/read_vote_lines_of_text",
            param("path", path -> path));
    private static final SqlStatement<Integer> STAGE_OVERLONG_TEXT_LINES =
            SqlStatement.of("staging/stage_overlong_text_lines", param("file_index", index -> index));
    private static final SqlStatement<Void> COUNT_OVERLONG_LINES =
            SqlStatement.of("staging/count_overlong_staged_lines");
    private static final SqlStatement<Void> KEEP_TEXT_LINES = SqlStatement.of("staging/keep_text_lines");
    private static final SqlStatement<Void> REPLACE_STAGED_LINES =
            SqlStatement.of("staging/replace_staged_lines_with_text_lines");
    private static final SqlStatement<Void> DROP_TEXT_LINES = SqlStatement.of("staging/drop_text_lines");
    private static final SqlStatement<Integer> COUNT_UNREADABLE_LINES_OF_FILE =
            SqlStatement.of("staging/count_staged_unreadable_lines_of_file", param("file_index", index -> index));
    private static final SqlStatement<File> READ_JSON_ARRAY = SqlStatement.of("staging/read_json_array_records",
            param("path", File::readable),
            param("compression", File::compression));
    private static final SqlStatement<File> READ_CSV = SqlStatement.of("staging/read_csv_records",
            param("path", File::readable),
            param("delimiter", file -> file.input().format() == InputFormat.TSV ? "\t" : ","),
            param("compression", File::compression));
    private static final SqlStatement<File> READ_PARQUET = SqlStatement.of("staging/read_parquet_records",
            param("path", File::readable));
    private static final SqlStatement<File> STAGE_LINES = SqlStatement.of("staging/stage_vote_lines",
            param("file_index", File::index),
            param("earliest", file -> file.dates().earliestText()),
            param("latest", file -> file.dates().latestText()));
    private static final SqlStatement<Integer> STAGE_UNREADABLE_LINES =
            SqlStatement.of("staging/stage_unreadable_lines", param("file_index", index -> index));
    private static final SqlStatement<Void> CLEAR_UNREADABLE_LINES = SqlStatement.of("staging/clear_unreadable_lines");
    private static final SqlStatement<Unreadable> STAGE_UNREADABLE_FILE =
            SqlStatement.of("staging/stage_unreadable_file",
                    param("file_index", Unreadable::index),
                    param("reason", Unreadable::reason));
    private static final SqlStatement<Integer> COUNT_UNKNOWN_FIELDS_OF_STAGED_LINES =
            SqlStatement.of("staging/count_unknown_fields_of_staged_lines", param("file_index", index -> index));
    private static final SqlStatement<Void> COUNT_LINES = SqlStatement.of("staging/count_staged_lines");
    private static final SqlStatement<Integer> UNKNOWN_FIELDS = SqlStatement.of("staging/select_unknown_fields",
            param("limit", limit -> limit));
    private static final SqlStatement<Void> KNOWN_ID_RANGE = SqlStatement.of("staging/select_known_id_range");
    private static final SqlStatement<Void> STAGED_ID_RANGE = SqlStatement.of("staging/select_staged_id_range");
    private static final SqlStatement<Void> CREATE_FRESH_VOTES_OF_STAGED =
            SqlStatement.of("staging/create_fresh_votes_view_of_staged");
    private static final SqlStatement<Void> CREATE_IDS_NOT_HELD =
            SqlStatement.of("staging/create_staged_ids_not_held_table");
    private static final SqlStatement<IdRanges.Slice> INSERT_IDS_NOT_HELD =
            SqlStatement.of("staging/insert_staged_ids_not_held",
                    param("lowest", IdRanges.Slice::lowest),
                    param("highest", IdRanges.Slice::highest));
    private static final SqlStatement<Void> CREATE_VOTES_NOT_HELD =
            SqlStatement.of("staging/create_staged_votes_not_held_table");
    private static final SqlStatement<Void> CREATE_FRESH_VOTES_OF_NOT_HELD =
            SqlStatement.of("staging/create_fresh_votes_view_of_not_held");
    private static final SqlStatement<Void> CREATE_REPEATED_IDS =
            SqlStatement.of("staging/create_repeated_ids_table");
    private static final SqlStatement<IdRanges.Slice> INSERT_REPEATED_IDS =
            SqlStatement.of("staging/insert_repeated_ids",
                    param("lowest", IdRanges.Slice::lowest),
                    param("highest", IdRanges.Slice::highest));
    private static final SqlStatement<Long> INSERT_NEW_VOTES = SqlStatement.of("staging/insert_new_votes",
            param("run_id", runId -> runId));
    private static final SqlStatement<Long> INSERT_FIRST_OF_REPEATED_VOTES =
            SqlStatement.of("staging/insert_first_of_repeated_votes", param("run_id", runId -> runId));
    private static final SqlStatement<String> FIRST_LINE_OF_ZSTD_FILE =
            SqlStatement.of("staging/select_first_line_of_zstd_file", param("path", path -> path));

    /**
     * How many valid staged rows one slice of the repeated-Id aggregate ({@code insert_repeated_ids.sql}) takes when
     * the rows are staged on disk: 100 M rows in four slices take 4.7 s in the bare engine, against 6.4 s in one
     * aggregate that spills, and 5.6 s in six slices (each slice reads the staged Ids again). In memory the aggregate
     * stays whole: each slice would read back rows that spilled.
     */
    static final long ROWS_PER_REPEATED_SLICE = 32_000_000;

    private final Connection connection;
    private final boolean onDisk;

    /** Staging on this connection; {@code onDisk}: the staged rows are in a file ({@link StagingArea#onDisk}). */
    Staging(Connection connection, boolean onDisk) {
        this.connection = connection;
        this.onDisk = onDisk;
    }

    /** Creates the connection-local macros and staging tables (afresh: a run starts with empty ones). */
    void createHelpers() throws SQLException {
        for (SqlStatement<Void> statement : HELPERS) {
            statement.execute(connection);
        }
    }

    /** Registers the file under its index, with the line offset of its format (1 after a header line). */
    void insertStagedFile(File file) throws SQLException {
        INSERT_FILE.execute(connection, file);
    }

    /** Stages a JSON-lines file with DuckDB's parallel JSON reader, typed and checked; failing rows only marked. */
    void stageVoteRecords(File file) throws SQLException {
        STAGE_RECORDS.execute(connection, file);
    }

    FileRecords countStagedRecordsOfFile(int index) throws SQLException {
        return COUNT_FILE_RECORDS.queryOne(connection, index,
                row -> new FileRecords(row.getLong("records"), row.getLong("valid")));
    }

    /** Counts the unknown fields of a JSON-lines file staged by {@link #stageVoteRecords} (a second read of it). */
    void countUnknownFieldsOfJsonLines(File file) throws SQLException {
        COUNT_UNKNOWN_FIELDS_OF_JSON_LINES.execute(connection, file);
    }

    /** Drops what is staged for file {@code index}: its records and their rejects. */
    void deleteStagedVotesOfFile(int index) throws SQLException {
        DELETE_VOTES_OF_FILE.execute(connection, index);
        DELETE_REJECTS_OF_FILE.execute(connection, index);
    }

    /** What {@code count_misplaced_rejects} found: located lines that are not their records', and the two counts. */
    private record Placement(long misplaced, long lines, long records) {

        boolean holds() {
            return misplaced == 0 && lines == records;
        }
    }

    /**
     * Finds the lines of the file's marked records in {@code staged_lines} (the n-th record is the n-th non-blank line)
     * and stages each one's line, raw text and reason in {@code staged_rejects}; only those lines are parsed again.
     * False, staging nothing, when the mapping does not hold (the file's reader and its line reader split it
     * differently): the file must then be staged line by line.
     */
    boolean locateRejectedLines(File file) throws SQLException {
        LOCATE_REJECTED_LINES.execute(connection, file);
        Placement placement = COUNT_MISPLACED_REJECTS.queryOne(connection, file.index(),
                row -> new Placement(row.getLong("misplaced"), row.getLong("lines"), row.getLong("records")));
        if (!placement.holds()) {
            return false;
        }
        INSERT_LOCATED_REJECTS.execute(connection, file.index());
        return true;
    }

    void deleteStagedUnreadableLinesOfFile(int index) throws SQLException {
        DELETE_UNREADABLE_LINES_OF_FILE.execute(connection, index);
    }

    /** Reads a JSON-lines file's lines whole into {@code staged_lines}; unreadable lines go to the rejects table. */
    void readVoteLines(File file) throws SQLException {
        READ_LINES.execute(connection, file);
    }

    /**
     * Reads the lines of the uncompressed JSON-lines text at {@code path} (the file, or its gzip content unpacked into a
     * spool) split at line feeds alone into {@code staged_lines}; fails, staging nothing, when the text is not valid
     * UTF-8. {@link #stageOverlongTextLines} then takes out the lines the CSV reader could not return.
     */
    void readVoteLinesOfText(String path) throws SQLException {
        READ_LINES_OF_TEXT.execute(connection, path);
    }

    /**
     * Moves the lines over 16 MiB that {@link #readVoteLinesOfText} staged (almost always none) out of {@code
     * staged_lines}, as unreadable lines of file {@code index}, as the CSV line reader reports them.
     */
    void stageOverlongTextLines(int index) throws SQLException {
        if (COUNT_OVERLONG_LINES.queryLong(connection) == 0) {
            return;
        }
        STAGE_OVERLONG_TEXT_LINES.execute(connection, index);
        KEEP_TEXT_LINES.execute(connection);
        REPLACE_STAGED_LINES.execute(connection);
        DROP_TEXT_LINES.execute(connection);
    }

    /** How many lines of file {@code index} are staged as unreadable. */
    long countStagedUnreadableLinesOfFile(int index) throws SQLException {
        return COUNT_UNREADABLE_LINES_OF_FILE.queryLong(connection, index);
    }

    /** Reads a JSON array's elements into {@code staged_lines}. */
    void readJsonArrayRecords(File file) throws SQLException {
        READ_JSON_ARRAY.execute(connection, file);
    }

    /** Reads a CSV or TSV file's records into {@code staged_lines} as JSON objects keyed by its header's names. */
    void readCsvRecords(File file) throws SQLException {
        READ_CSV.execute(connection, file);
    }

    /** Reads a Parquet file's rows into {@code staged_lines} as JSON objects. */
    void readParquetRecords(File file) throws SQLException {
        READ_PARQUET.execute(connection, file);
    }

    /** Types and checks the records in {@code staged_lines} as the file's; returns how many it staged. */
    long stageVoteLines(File file) throws SQLException {
        return STAGE_LINES.execute(connection, file);
    }

    /** Stages the lines the reader could not return for the file; returns how many. */
    long stageUnreadableLines(int index) throws SQLException {
        return STAGE_UNREADABLE_LINES.execute(connection, index);
    }

    /** Empties the reader's rejects table (after each file). */
    void clearUnreadableLines() throws SQLException {
        CLEAR_UNREADABLE_LINES.execute(connection);
    }

    /** Stages the whole file as one reject at line 0, with the reason. */
    void stageUnreadableFile(int index, String reason) throws SQLException {
        STAGE_UNREADABLE_FILE.execute(connection, new Unreadable(index, reason));
    }

    /** Counts the unknown fields of the records in {@code staged_lines}, as the file's. */
    void countUnknownFieldsOfStagedLines(int index) throws SQLException {
        COUNT_UNKNOWN_FIELDS_OF_STAGED_LINES.execute(connection, index);
    }

    LineCounts countStagedLines() throws SQLException {
        return COUNT_LINES.queryOne(connection, null, row -> new LineCounts(row.getLong("rows_read"),
                row.getLong("rows_valid"), row.getLong("rows_rejected")));
    }

    /** The run's unknown fields, most frequent first, at most {@code limit}. */
    List<UnknownField> selectUnknownFields(int limit) throws SQLException {
        return UNKNOWN_FIELDS.queryList(connection, limit, row -> new UnknownField(row.getString("shown"),
                row.getLong("records"), row.getLong("distinct_fields"), row.getLong("all_records")));
    }

    /**
     * Inserts the run's valid staged rows that are new: the first occurrence of an Id in the run wins (file order, then
     * line order), an Id the table holds is skipped. When the staged Ids' range overlaps the table's, the rows the
     * table may hold are taken out first, by an anti-join of the Ids alone, in slices of Ids (see {@link IdRanges}),
     * so that a re-load of known rows ends there (a fresh load or an increment of new Ids skips it); then anti-joins
     * against the Ids the run repeats and a plain INSERT, which loads in parallel. Returns how many rows it added (the
     * two inserts' update counts).
     */
    long insertNewVotes(long runId, long validRows) throws SQLException {
        return insertNewVotes(runId, validRows, IdRanges.ROWS_PER_SLICE, ROWS_PER_REPEATED_SLICE);
    }

    /**
     * {@link #insertNewVotes(long, long)}, its anti-join against the table in slices of about {@code rowsPerSlice} of
     * the table's rows, and, on disk, its repeated-Id aggregate in slices of about {@code rowsPerRepeatedSlice} of the
     * {@code validRows} staged.
     */
    long insertNewVotes(long runId, long validRows, long rowsPerSlice, long rowsPerRepeatedSlice)
            throws SQLException {
        IdRanges known = KNOWN_ID_RANGE.queryOne(connection, null, row -> new IdRanges(null, null,
                row.nullableLong("known_lowest"), row.nullableLong("known_highest"), row.getLong("known_rows")));
        // The staged Ids' range matters only against a table with rows (a scan of the staging table, which spills on
        // a very large load).
        IdRanges ranges = known.knownRows() == 0 ? known : STAGED_ID_RANGE.queryOne(connection, null,
                row -> new IdRanges(row.nullableLong("staged_lowest"), row.nullableLong("staged_highest"),
                        known.knownLowest(), known.knownHighest(), known.knownRows()));
        if (ranges.overlap()) {
            CREATE_IDS_NOT_HELD.execute(connection);
            for (IdRanges.Slice slice : ranges.slices(rowsPerSlice)) {
                INSERT_IDS_NOT_HELD.execute(connection, slice);
            }
            CREATE_VOTES_NOT_HELD.execute(connection);
            CREATE_FRESH_VOTES_OF_NOT_HELD.execute(connection);
        } else {
            CREATE_FRESH_VOTES_OF_STAGED.execute(connection);
        }
        CREATE_REPEATED_IDS.execute(connection);
        for (IdRanges.Slice slice : repeatedIdSlices(ranges, validRows, rowsPerRepeatedSlice)) {
            INSERT_REPEATED_IDS.execute(connection, slice);
        }
        return INSERT_NEW_VOTES.execute(connection, runId) + INSERT_FIRST_OF_REPEATED_VOTES.execute(connection, runId);
    }

    /**
     * The slices of the repeated-Id aggregate: all Ids at once, unless the rows are on disk and more than {@code
     * rowsPerSlice}; then the staged Ids' range (which a file's statistics answer at once) in slices of about that
     * many rows each.
     */
    private List<IdRanges.Slice> repeatedIdSlices(IdRanges ranges, long validRows, long rowsPerSlice)
            throws SQLException {
        if (!onDisk || validRows <= rowsPerSlice) {
            return List.of(IdRanges.Slice.ALL);
        }
        IdRanges staged = ranges.stagedLowest() != null ? ranges : STAGED_ID_RANGE.queryOne(connection, null,
                row -> new IdRanges(row.nullableLong("staged_lowest"), row.nullableLong("staged_highest"), null, null,
                        0));
        if (staged.stagedLowest() == null) {
            return List.of(IdRanges.Slice.ALL);
        }
        return new IdRanges(staged.stagedLowest(), staged.stagedHighest(), staged.stagedLowest(),
                staged.stagedHighest(), validRows).slices(rowsPerSlice);
    }

    /** The first non-blank line of a zstd-compressed file, read by DuckDB (the JDK has no zstd). */
    static Optional<String> selectFirstLineOfZstdFile(Connection connection, String path) throws SQLException {
        return FIRST_LINE_OF_ZSTD_FILE.queryFirst(connection, path, row -> row.getString("raw"));
    }
}
