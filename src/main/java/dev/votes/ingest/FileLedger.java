package dev.votes.ingest;

import static dev.votes.warehouse.SqlStatement.constant;
import static dev.votes.warehouse.SqlStatement.param;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import dev.votes.warehouse.RunStatus;
import dev.votes.warehouse.SqlStatement;

/**
 * The gateway to the file ledger, {@code blog_analysis.ingested_files} ({@code sql/file_ledger/}): the files committed
 * runs read, by path and content, so that an unchanged file is skipped.
 */
final class FileLedger {

    private record Read(InputFile input, long runId, String readAt) {
    }

    /** A run that read a file of the same path and size, and the SHA-256 of what it read. */
    private record Candidate(long runId, String sha256) {
    }

    private static final SqlStatement<InputFile> RUNS_OF_SIZE =
            SqlStatement.of("file_ledger/select_runs_that_read_file_of_size",
                    param("path", InputFile::path),
                    param("size", InputFile::size),
                    constant("succeeded", RunStatus.SUCCEEDED),
                    constant("succeeded_with_rejects", RunStatus.SUCCEEDED_WITH_REJECTS));
    private static final SqlStatement<Read> RECORD = SqlStatement.of("file_ledger/insert_ingested_file",
            param("path", read -> read.input().path()),
            param("size", read -> read.input().size()),
            param("sha256", read -> read.input().sha256()),
            param("run_id", Read::runId),
            param("ingested_at", Read::readAt),
            param("format", read -> read.input().formatLabel()));

    private final Connection connection;

    FileLedger(Connection connection) {
        this.connection = connection;
    }

    /**
     * The first committed run that read this very file (path, size and SHA-256), if one did. The file's hash is waited
     * for only when a run read a file of that path and size.
     */
    Optional<Long> runThatRead(InputFile input) throws SQLException {
        List<Candidate> candidates = RUNS_OF_SIZE.queryList(connection, input,
                row -> new Candidate(row.getLong("run_id"), row.getString("sha256")));
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        String sha256 = input.sha256();
        return candidates.stream().filter(candidate -> candidate.sha256().equals(sha256)).map(Candidate::runId)
                .findFirst();
    }

    /** Records that the run read the file, at {@code readAt} (UTC clock time, ISO); in the load transaction. */
    void recordFile(InputFile input, long runId, String readAt) throws SQLException {
        RECORD.execute(connection, new Read(input, runId, readAt));
    }
}
