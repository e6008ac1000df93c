package dev.votes.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.votes.common.Progress;
import dev.votes.common.StopSignals;
import dev.votes.common.Text;
import dev.votes.common.Version;
import dev.votes.failure.BadInput;
import dev.votes.failure.NothingCommitted;
import dev.votes.failure.StopSignal;
import dev.votes.failure.StoppedBySignal;
import dev.votes.failure.VotesFailure;
import dev.votes.warehouse.Cancellation;
import dev.votes.warehouse.Warehouse;
import dev.votes.warehouse.WarehouseFile;

/**
 * Writes the warehouse as Parquet for other engines: {@code votes/} hive-partitioned by year (or year and week),
 * {@code weekly_counts.parquet} and {@code outlier_weeks.parquet}. Every write is one DuckDB {@code COPY}; Java only
 * names the files and moves directories. The warehouse is opened read-only. The files are written into a staging
 * directory that then takes DIR's place ({@link ExportDirectory}), so an export is all or nothing.
 */
@Singleton
public class ExportService {

    private final Warehouse warehouse;

    @Inject
    public ExportService(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** The rows each part of the export received. */
    private record Written(long rows, long weeks, long outlierWeeks) {
    }

    /**
     * Exports the warehouse into {@code to}, replacing an earlier export there.
     *
     * @param progress receives progress lines (for {@code --verbose}) and the step on a progress bar
     * @throws VotesFailure exit 1 when DIR may not be replaced or the export fails (DIR is then left as it was),
     *                        4 when the warehouse is busy, 130/143 when SIGINT/SIGTERM stopped it
     */
    public ExportSummary export(WarehouseFile database, Path to, Partitioning partitioning, Progress progress) {
        long started = System.nanoTime();
        Path target = to.toAbsolutePath().normalize();
        ExportDirectory.inspect(target);
        Path staging = null;
        try (Connection connection = warehouse.openReadOnly(database)) {
            if (progress.wanted()) {
                progress.line(warehouse.describeSettings(connection));
            }
            if (!warehouse.hasVotesTable(connection)) {
                throw new BadInput("warehouse " + database
                        + " has no blog_analysis.votes table: run 'votes ingest FILE' first");
            }
            if (!warehouse.hasWeeklyCountsTable(connection)) {
                // Read-only here: an older warehouse gets the table from the next command that writes.
                throw new BadInput("warehouse " + database + " has no blog_analysis.weekly_vote_counts table (it was "
                        + "made by an older votes): run 'votes recount' once to add it, then export again");
            }
            // From here SIGINT/SIGTERM cancel the running statement; the staging directory is then removed.
            try (Cancellation cancellation = Cancellation.watch(connection);
                 StopSignals signals = StopSignals.trap(received -> cancellation.cancel(received.name()))) {
                try {
                    staging = ExportDirectory.createStaging(target);
                    progress.line("writing into the staging directory " + staging);
                    Written written = write(connection, staging, partitioning, progress);
                    connection.close();
                    ExportDirectory.Contents contents = ExportDirectory.contents(staging);
                    ExportSummary summary = new ExportSummary(target, partitioning, written.rows(),
                            contents.partitions(), contents.files(), contents.bytes(), written.weeks(),
                            written.outlierWeeks(), (System.nanoTime() - started) / 1e9, null);
                    ExportDirectory.writeMarker(staging, marker(summary, database));
                    if (signals.received() != null) {
                        throw new SQLException("INTERRUPT Error: cancelled by " + signals.received().name());
                    }
                    progress.bar("moving the export into place", -1);
                    String warning = ExportDirectory.moveIntoPlace(staging, target);
                    staging = null;
                    progress.clearBar();
                    progress.line("moved the export into place at " + target);
                    return warning == null ? summary : summary.withWarning(warning);
                } catch (SQLException | IOException | RuntimeException e) {
                    progress.clearBar();
                    StopSignal stop = signals.received();
                    if (stop != null) {
                        throw new StoppedBySignal(stop, "export to " + target + " interrupted by "
                                + stop.name() + ": " + target + " was left as it was", e);
                    }
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new NothingCommitted("export failed: " + Text.firstLine(e.getMessage())
                    + "; " + target + " was left as it was", e);
        } catch (IOException e) {
            throw new NothingCommitted("export failed: " + e.getMessage() + "; " + target
                    + " was left as it was", e);
        } finally {
            if (staging != null && !ExportDirectory.deleteTree(staging)) {
                progress.line("warning: could not delete the staging directory " + staging + ": delete it");
            }
        }
    }

    /** The statements of an export, each one set-based: stage and sort, then the three COPYs. */
    private static Written write(Connection connection, Path staging, Partitioning partitioning, Progress progress)
            throws SQLException, IOException {
        ExportCopies copies = new ExportCopies(connection);
        long step = System.nanoTime();
        progress.bar("sorting the votes by " + partitioning.option() + " and Id", -1);
        long rows = copies.createExportVotes(partitioning);
        progress.line(String.format(Locale.ROOT, "staged %d rows sorted by %s and Id in %.2f s", rows,
                partitioning.option(), seconds(step)));

        step = System.nanoTime();
        progress.bar("writing " + ExportDirectory.WEEKLY_COUNTS + " and " + ExportDirectory.OUTLIER_WEEKS, -1);
        long weeks = copies.copyWeeklyCounts(staging.resolve(ExportDirectory.WEEKLY_COUNTS));
        long outlierWeeks = copies.copyOutlierWeeks(staging.resolve(ExportDirectory.OUTLIER_WEEKS));
        progress.line(String.format(Locale.ROOT, "wrote %s (%d weeks) and %s (%d weeks) in %.2f s",
                ExportDirectory.WEEKLY_COUNTS, weeks, ExportDirectory.OUTLIER_WEEKS, outlierWeeks, seconds(step)));

        step = System.nanoTime();
        progress.bar("writing " + rows + " votes as Parquet partitioned by " + partitioning.option(), -1);
        long written = copies.copyVotes(partitioning, staging.resolve(ExportDirectory.VOTES));
        if (written != rows) {
            throw new SQLException("wrote " + written + " of the " + rows + " staged rows");
        }
        // A partitioned COPY of no rows may create no directory: an empty export still has its votes/.
        Files.createDirectories(staging.resolve(ExportDirectory.VOTES));
        progress.line(String.format(Locale.ROOT, "wrote %d rows under %s/ in %.2f s", written,
                ExportDirectory.VOTES, seconds(step)));
        return new Written(rows, weeks, outlierWeeks);
    }

    private static Map<String, Object> marker(ExportSummary summary, WarehouseFile database) {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("format", ExportDirectory.MARKER_FORMAT);
        marker.put("format_version", 1);
        marker.put("tool_version", Version.current());
        marker.put("exported_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        marker.put("warehouse", database.path().toAbsolutePath().normalize().toString());
        marker.putAll(summary.fields());
        marker.remove("seconds");
        return marker;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
