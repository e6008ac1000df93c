package dev.votes.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.votes.common.PlausibleDates;
import dev.votes.common.Progress;
import dev.votes.common.Size;
import dev.votes.common.StopSignals;
import dev.votes.common.Text;
import dev.votes.failure.BadInput;
import dev.votes.failure.CommittedButUnfinished;
import dev.votes.failure.NothingCommitted;
import dev.votes.failure.StopSignal;
import dev.votes.failure.StoppedBySignal;
import dev.votes.failure.VotesFailure;
import dev.votes.warehouse.Cancellation;
import dev.votes.warehouse.Engine;
import dev.votes.warehouse.Quarantine;
import dev.votes.warehouse.RunLedger;
import dev.votes.warehouse.RunStatus;
import dev.votes.warehouse.Warehouse;
import dev.votes.warehouse.WarehouseFile;
import dev.votes.warehouse.WeeklyCounts;

/**
 * Loads vote files (JSON lines, JSON arrays, CSV, TSV, Parquet; gzip or zstd where DuckDB reads them) into the
 * warehouse, set-based in DuckDB: each file is read and classified by DuckDB's own readers, then valid rows are de-duplicated and inserted with one {@code INSERT OR IGNORE}, rejected rows quarantined
 * with their reasons, and the ledger row closed, all in one transaction. Schema DDL and the ledger's opening row are
 * committed before the load transaction; a failed run is marked failed in its own transaction after the rollback.
 */
@Singleton
public class IngestService {

    /** The reason a JSON-lines file is rejected as a whole when its two readers do not see the same lines. */
    static final String LINES_DISAGREE = "a carriage return inside a line (not before its line feed) makes the "
            + "line-by-line reader see other lines than the JSON reader, so its bad lines cannot be numbered: none of "
            + "its rows were loaded; remove the stray carriage returns (e.g. tr -d '\\r') and load it again";

    /** How many unknown field names a run's summary and ledger row name; the rest are counted together. */
    static final int UNKNOWN_FIELDS_SHOWN = 20;

    private final Warehouse warehouse;

    @Inject
    public IngestService(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /**
     * Ingests the files as one run and returns its summary; throws {@link VotesFailure} when nothing was committed.
     *
     * @param inputs files, directories (read recursively) and globs, see {@link InputPaths}
     * @param format the format of every file ({@code --input-format}), or null to detect each file's
     * @param progress receives human-readable progress lines (for {@code --verbose})
     */
    public IngestSummary ingest(WarehouseFile database, List<Path> inputs, InputFormat format, boolean force,
                                Progress progress) {
        return ingest(database, inputs, format, force, PlausibleDates.earliestFromEnvironment(), progress);
    }

    /**
     * As {@link #ingest(WarehouseFile, List, InputFormat, boolean, Progress)}, with the earliest plausible vote date
     * ({@code --earliest-date}); the latest is the run's start.
     */
    public IngestSummary ingest(WarehouseFile database, List<Path> inputs, InputFormat format, boolean force,
                                LocalDate earliest, Progress progress) {
        return ingest(database, inputs, format, force, earliest, null, progress);
    }

    /**
     * As {@link #ingest(WarehouseFile, List, InputFormat, boolean, LocalDate, Progress)}, committing in steps of
     * {@code commitEvery} files ({@code --commit-every}; null: one transaction for the whole run, see {@link
     * CommitSteps}). Each step is staged, loaded and committed as a run of its own, in the files' order; when a step
     * fails after earlier ones committed, throws {@link PartlyCommittedException}.
     */
    public IngestSummary ingest(WarehouseFile database, List<Path> inputs, InputFormat format, boolean force,
                                LocalDate earliest, Integer commitEvery, Progress progress) {
        return ingest(database, inputs, format, force, earliest, commitEvery, StagingPlace.auto, progress);
    }

    /**
     * As {@link #ingest(WarehouseFile, List, InputFormat, boolean, LocalDate, Integer, Progress)}, staging the rows
     * where {@code staging} says ({@code --staging}, see {@link StagingArea}).
     */
    public IngestSummary ingest(WarehouseFile database, List<Path> inputs, InputFormat format, boolean force,
                                LocalDate earliest, Integer commitEvery, StagingPlace staging, Progress progress) {
        long started = System.nanoTime();
        PlausibleDates dates = PlausibleDates.untilNow(earliest);
        InputPaths.Expanded expanded = InputPaths.expand(inputs);
        for (String passedOver : expanded.passedOver()) {
            progress.line("passed over " + passedOver + ": its name says no input format (see --input-format)");
        }
        List<String> paths = expanded.files();
        boolean creating = Files.notExists(database.path(), LinkOption.NOFOLLOW_LINKS);
        // Identifying the inputs (their first bytes; a stream is spooled and hashed whole) overlaps DuckDB's open of an
        // existing warehouse (an open writes nothing); a regular file's hash goes on meanwhile (ContentHash). A new
        // warehouse is created only once every input is identified, so a bad input never leaves a warehouse file
        // behind; and an input's error is reported before a busy warehouse's, as when the two ran in turn. Its own
        // thread: a shared pool could be busy with the caller's work (the server's), and the ingest would wait behind it.
        Spools spools = paths.stream().anyMatch(InputFile::isStream) ? Spools.nextTo(database.path()) : null;
        CompletableFuture<List<InputFile>> identifying = creating
                ? identifyNow(paths, format, spools)
                : CompletableFuture.supplyAsync(() -> identify(paths, format, spools),
                        task -> Thread.ofPlatform().daemon().name("votes-identify").start(task));
        // Set once the run's transaction has committed: from then on no failure may say "nothing was committed".
        IngestSummary[] committed = new IngestSummary[1];
        try (spools; Connection connection = openAfterIdentifying(database, identifying)) {
            List<InputFile> identified = identifying.join();
            if (progress.wanted()) {
                progress.line(warehouse.describeSettings(connection));
                progress.line(warehouse.describeStorage(connection, database, creating));
            }
            warehouse.ensureSchema(connection);
            RunLedger ledger = new RunLedger(connection);
            FileLedger files = new FileLedger(connection);
            long abandoned = ledger.closeAbandonedRuns();
            if (abandoned > 0) {
                progress.line("closed " + abandoned + " run(s) left 'running' by a process that died");
            }
            StagingArea.removeAbandoned(database.path());
            List<InputFile> toRead = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (InputFile input : identified) {
                Optional<Long> earlier = force ? Optional.empty() : files.runThatRead(input);
                if (earlier.isPresent()) {
                    skipped.add(input.path());
                    progress.line("skipped " + input.path() + ": unchanged since run " + earlier.get() + " ("
                            + input.size() + " bytes, sha256 " + input.sha256() + "; --force reads it)");
                } else {
                    toRead.add(input);
                }
            }
            if (toRead.isEmpty()) {
                // Nothing to read (every file unchanged): no staging, no insert; the ledger row is written whole.
                IngestSummary[] skippedRun = new IngestSummary[1];
                Warehouse.inTransaction(connection, () -> skippedRun[0] = recordSkipped(ledger,
                        ledger.openRun(paths), paths, skipped, started));
                committed[0] = skippedRun[0];
                checkpoint(connection, database, progress, committed[0]);
                return skippedRun[0];
            }
            List<List<InputFile>> steps = CommitSteps.split(toRead, commitEvery);
            if (steps.size() > 1) {
                IngestSummary summary = loadInSteps(connection, database, ledger, files, paths, steps, skipped, dates,
                        staging, started, progress, committed);
                checkpoint(connection, database, progress, summary);
                return summary;
            }
            long runId = ledger.openRun(paths);
            IngestSummary summary = null;
            Exception failure = null;
            StopSignal stop;
            // From here to the commit, SIGINT/SIGTERM cancel the running statement instead of ending the process.
            try (InputLinks links = InputLinks.forReading(toRead.stream().map(InputFile::readablePath).toList());
                 Cancellation cancellation = Cancellation.watch(connection);
                 StopSignals signals = StopSignals.trap(received -> cancellation.cancel(received.name()));
                 LoadProgress bar = LoadProgress.start(connection, progress, cancellation)) {
                progress.line("loading run " + runId + " (SIGINT/SIGTERM roll it back)");
                try {
                    summary = loadRun(connection, ledger, files, runId, paths, toRead, skipped, links, dates,
                            database.path(), staging, cancellation, progress, bar, started);
                    committed[0] = summary;
                } catch (SQLException | RuntimeException e) {
                    failure = e;
                }
                stop = signals.received();
            }
            if (failure != null && stop != null) {
                closeRun(connection, ledger, runId, RunStatus.INTERRUPTED, "interrupted by " + stop.name(), failure);
                throw new StoppedBySignal(stop, "ingest run " + runId + " interrupted by " + stop.name()
                        + ": rolled back, nothing was committed (the ledger records it as interrupted)", failure);
            }
            if (failure != null) {
                closeRun(connection, ledger, runId, RunStatus.FAILED,
                        Text.firstLine(String.valueOf(failure.getMessage())), failure);
                if (failure instanceof SQLException sql) {
                    throw sql;
                }
                throw (RuntimeException) failure;
            }
            connection.setAutoCommit(true);
            checkpoint(connection, database, progress, summary);
            return summary;
        } catch (SQLException | IOException | RuntimeException e) {
            if (committed[0] != null && !(e instanceof CommittedButUnfinished)) {
                throw new CommittedButUnfinishedException(committed[0], "a step after the commit failed ("
                        + Text.firstLine(String.valueOf(e.getMessage())) + "); 'votes check' shows the "
                        + "warehouse's state", e);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new NothingCommitted("ingest failed, nothing was committed: "
                    + (e instanceof SQLException ? Text.firstLine(e.getMessage()) : e.toString()), e);
        }
    }

    /**
     * One run's staging and load, the same for a run in one transaction and for each step of a run in steps: the
     * staging database attached ({@link StagingArea}) and the connection-local staging tables created afresh, the run's
     * files staged, then in the run's transaction its rows inserted, its rejects quarantined, its files and ledger row
     * recorded, and committed; the staging database is detached (and its file removed) whatever happened. When it
     * throws, the run's transaction is rolled back: the caller closes the run.
     */
    private static IngestSummary loadRun(Connection connection, RunLedger ledger, FileLedger files, long runId,
                                         List<String> paths, List<InputFile> toRead, List<String> skipped,
                                         InputLinks links, PlausibleDates dates, Path warehouse, StagingPlace place,
                                         Cancellation cancellation, Progress progress, LoadProgress bar, long started)
            throws SQLException {
        try (StagingArea area = StagingArea.attach(connection, warehouse, place, toRead, progress)) {
            Staging staging = new Staging(connection, area.onDisk());
            staging.createHelpers();
            // Staging writes only the staging database and connection-local temp tables, so it runs before the
            // transaction: a reader failing on one file (then read the exact way) cannot abort the run's writes.
            List<Staging.File> fieldsToCount = stage(connection, staging, toRead, links, dates, warehouse,
                    cancellation, progress, bar);
            connection.setAutoCommit(false);
            IngestSummary summary = load(staging, ledger, files, new Quarantine(connection),
                    new WeeklyCounts(connection), runId, paths, toRead, skipped, fieldsToCount, started, bar);
            connection.commit();
            return summary;
        }
    }

    /**
     * Loads the files to read in steps ({@code --commit-every}), in their order: each step is a run of its own, opened
     * in the ledger, staged, loaded and committed by {@link #loadRun} as a run in one transaction is. The first step's
     * run also lists the files skipped as unchanged. SIGINT/SIGTERM are trapped from the first step to the last
     * commit: a signal cancels the step under way (or the next one, between two steps), which is rolled back and
     * recorded as interrupted. Returns the summary of all the steps; {@code committed[0]} follows the committed steps.
     * When the first step does not commit, this throws as a run in one transaction does (nothing was committed); when a
     * later one does not, it throws {@link PartlyCommittedException} naming the committed steps.
     */
    private static IngestSummary loadInSteps(Connection connection, WarehouseFile database, RunLedger ledger,
                                             FileLedger files, List<String> paths, List<List<InputFile>> steps,
                                             List<String> skipped, PlausibleDates dates, StagingPlace place,
                                             long started, Progress progress, IngestSummary[] committed)
            throws SQLException, IOException {
        List<InputFile> toRead = steps.stream().flatMap(List::stream).toList();
        // The links outlast the steps' outcome: a failure to remove them never hides which steps committed.
        try (InputLinks links = InputLinks.forReading(toRead.stream().map(InputFile::readablePath).toList())) {
            return loadSteps(connection, database, ledger, files, paths, steps, skipped, links, dates, place,
                    started, progress, committed);
        }
    }

    private static IngestSummary loadSteps(Connection connection, WarehouseFile database, RunLedger ledger,
                                           FileLedger files, List<String> paths, List<List<InputFile>> steps,
                                           List<String> skipped, InputLinks links, PlausibleDates dates,
                                           StagingPlace place, long started, Progress progress,
                                           IngestSummary[] committed) throws SQLException {
        List<IngestSummary> done = new ArrayList<>();
        Long stoppedRun = null; // the run of the step that did not commit, when its ledger row was opened
        Exception failure = null;
        StopSignal stop;
        try (Cancellation cancellation = Cancellation.watch(connection);
             StopSignals signals = StopSignals.trap(received -> cancellation.cancel(received.name()));
             LoadProgress bar = LoadProgress.start(connection, progress, cancellation)) {
            int first = 0;
            for (int step = 0; step < steps.size() && failure == null && signals.received() == null; step++) {
                List<InputFile> stepFiles = steps.get(step);
                List<String> stepSkipped = step == 0 ? skipped : List.of();
                List<String> runFiles = step == 0 ? withSkipped(paths, stepFiles, skipped) : pathsOf(stepFiles);
                long stepStarted = System.nanoTime();
                try {
                    long runId = ledger.openRun(runFiles);
                    stoppedRun = runId;
                    progress.line("loading run " + runId + ", step " + (step + 1) + "/" + steps.size() + ": "
                            + stepFiles.size() + " file(s) from " + stepFiles.getFirst().path() + " (SIGINT/SIGTERM "
                            + "roll this step back; the steps before it stay committed)");
                    IngestSummary summary = loadRun(connection, ledger, files, runId, runFiles, stepFiles,
                            stepSkipped, links.slice(first, first + stepFiles.size()), dates, database.path(), place,
                            cancellation, progress, bar, stepStarted);
                    stoppedRun = null;
                    done.add(summary);
                    committed[0] = IngestSummary.ofSteps(done, steps.size(), committedFiles(done), skipped,
                            RunStatus.FAILED, seconds(started));
                    progress.line("committed step " + (step + 1) + "/" + steps.size() + ": " + summary.line());
                    // The next step's ledger row is committed on its own, as every run's is, before its transaction.
                    connection.setAutoCommit(true);
                } catch (SQLException | RuntimeException e) {
                    failure = e;
                }
                first += stepFiles.size();
            }
            stop = signals.received();
        }
        if (done.size() == steps.size()) {
            // Every step committed (a signal that came during the last commit found nothing left to stop).
            return IngestSummary.ofSteps(done, steps.size(), paths, skipped, null, seconds(started));
        }
        int stoppedStep = done.size() + 1;
        RunStatus status = stop != null ? RunStatus.INTERRUPTED : RunStatus.FAILED;
        String why = stop != null ? "interrupted by " + stop.name()
                : Text.firstLine(String.valueOf(failure.getMessage()));
        if (stoppedRun != null) {
            closeRun(connection, ledger, stoppedRun, status, why, failure != null ? failure : new SQLException(why));
        }
        if (done.isEmpty()) {
            // Nothing committed: reported exactly as a run in one transaction that failed.
            if (stop != null) {
                throw new StoppedBySignal(stop, stoppedRun == null
                        ? "ingest interrupted by " + stop.name() + " before its first step: nothing was committed"
                        : "ingest run " + stoppedRun + " interrupted by " + stop.name()
                        + ": rolled back, nothing was committed (the ledger records it as interrupted)", failure);
            }
            if (failure instanceof SQLException sql) {
                throw sql;
            }
            throw (RuntimeException) failure;
        }
        List<InputFile> stopped = steps.get(stoppedStep - 1);
        String step = "step " + stoppedStep + " of " + steps.size() + " (" + (stoppedRun != null ? "run " + stoppedRun
                + ", " : "") + stopped.size() + " file(s) from " + stopped.getFirst().path() + ")";
        String unfinished = (stoppedRun == null
                ? step + " did not start: " + why
                : step + (stop != null ? " was interrupted by " + stop.name() : " failed") + " and was rolled back, "
                + "the ledger records run " + stoppedRun + " as " + status.value()
                + (stop != null ? "" : ": " + why))
                + "; run the same command again (without --force) to load the rest: the committed files are skipped "
                + "as unchanged";
        IngestSummary partly = IngestSummary.ofSteps(done, steps.size(), committedFiles(done), skipped, status,
                seconds(started));
        throw new PartlyCommittedException(partly, unfinished, stop, failure);
    }

    /** The first step's run files: its own and the files skipped as unchanged, in the run's path order. */
    private static List<String> withSkipped(List<String> paths, List<InputFile> stepFiles, List<String> skipped) {
        java.util.Set<String> listed = new java.util.HashSet<>(skipped);
        listed.addAll(pathsOf(stepFiles));
        return paths.stream().filter(listed::contains).toList();
    }

    private static List<String> pathsOf(List<InputFile> inputs) {
        return inputs.stream().map(InputFile::path).toList();
    }

    /** Every file the committed steps' runs list, in order. */
    private static List<String> committedFiles(List<IngestSummary> done) {
        return done.stream().flatMap(step -> step.files().stream()).toList();
    }

    /**
     * Stages every file to read, by format. A JSON-lines file is first read by DuckDB's parallel JSON reader ({@code
     * stage_vote_records}); only a file with a row that fails a check (or that the reader cannot take at all) is staged
     * again line by line ({@code stage_vote_lines}), which gives each bad line its number, raw text and reason. Every
     * other format is read into {@code staged_lines} as one JSON object per record by its DuckDB reader and classified
     * by the same {@code stage_vote_lines}. A file its reader cannot read at all is one reject (line 0); the run's other
     * files still load. Fields that are not vote fields are counted per file: at once for a file read line by line or by
     * another reader; for a file the JSON reader staged, later ({@link #load}, see {@link #countUnknownFields}), and the
     * file is returned for that.
     */
    private static List<Staging.File> stage(Connection connection, Staging staging, List<InputFile> toRead,
                                            InputLinks links, PlausibleDates dates, Path warehouse,
                                            Cancellation cancellation, Progress progress, LoadProgress bar)
            throws SQLException {
        List<Staging.File> fieldsToCount = new ArrayList<>();
        for (int index = 0; index < toRead.size(); index++) {
            long fileStarted = System.nanoTime();
            InputFile input = toRead.get(index);
            Staging.File file = new Staging.File(index, input, links.readablePath(index), dates);
            String of = (index + 1) + "/" + toRead.size();
            String name = String.valueOf(Path.of(input.path()).getFileName());
            bar.task("reading file " + of + ": " + name);
            staging.insertStagedFile(file);
            Staging.FileRecords fastCounts = null;
            boolean exactLines = false;
            if (input.format() == InputFormat.JSONL) {
                // Records and valid records the JSON reader staged; null when it cannot take the file at all.
                fastCounts = stageFast(staging, file, cancellation, progress);
                // A file in which the JSON reader found no record at all goes line by line too: DuckDB's JSON reader
                // returns nothing for a file of one byte ('x', no line feed), which would be a silent drop.
                boolean staged = fastCounts != null && fastCounts.records() > 0;
                if (staged && fastCounts.records() == fastCounts.valid()) {
                    fieldsToCount.add(file);
                    progress.line(String.format(java.util.Locale.ROOT, "staged %s (%s): all valid, in %.2f s",
                            input.path(), input.formatLabel(), seconds(fileStarted)));
                    continue;
                }
                bar.task("finding the bad lines of file " + of + ": " + name);
                Boolean read = readVoteLines(connection, staging, file, warehouse, cancellation, progress);
                if (read == null) {
                    // Only DuckDB's CSV reader could read its lines, and it would break them at a lone carriage return.
                    staging.deleteStagedVotesOfFile(index);
                    staging.stageUnreadableFile(index, LINES_DISAGREE);
                    progress.line("rejected " + input.path() + " as a whole: " + LINES_DISAGREE);
                    continue;
                }
                // Lines split as the JSON reader splits them: its records stay, and only the marked ones' lines are
                // parsed again, for their line numbers, raw text and reasons.
                if (read && staged && staging.locateRejectedLines(file)) {
                    fieldsToCount.add(file);
                    progress.line(String.format(java.util.Locale.ROOT, "staged %s (%s): %d records, %d bad lines "
                                    + "found, in %.2f s", input.path(), input.formatLabel(), fastCounts.records(),
                            fastCounts.records() - fastCounts.valid(), seconds(fileStarted)));
                    continue;
                }
                bar.task("reading file " + of + " line by line (it has bad lines): " + name);
                staging.deleteStagedVotesOfFile(index);
                exactLines = read;
            } else if (!readRecords(staging, file, cancellation, progress)) {
                continue;
            }
            long records = staging.stageVoteLines(file);
            // The marked records' lines, raw text and reasons; a file with none (records all valid) has nothing to find.
            Staging.FileRecords staged = staging.countStagedRecordsOfFile(index);
            if (staged.valid() < staged.records() && !staging.locateRejectedLines(file)) {
                throw new IllegalStateException("the bad records of " + input.path() + " read line by line do not "
                        + "map to their lines");
            }
            long unreadable = 0;
            if (exactLines) {
                unreadable = staging.countStagedUnreadableLinesOfFile(index);
            } else if (input.format().reportsUnreadableLines()) {
                unreadable = staging.stageUnreadableLines(index);
                staging.clearUnreadableLines();
            }
            if (fastCounts != null && !exactLines
                    && linesDisagree(fastCounts, staging.countStagedRecordsOfFile(index))) {
                // The two readers split the file differently (a carriage return inside a line, which the JSON reader
                // takes as white space and the line reader as a line break): its line numbers and bad lines cannot be
                // told truly, so none of its rows load and the file is one reject; the run's other files still load.
                staging.deleteStagedVotesOfFile(index);
                staging.deleteStagedUnreadableLinesOfFile(index);
                staging.stageUnreadableFile(index, LINES_DISAGREE);
                progress.line("rejected " + input.path() + " as a whole: " + LINES_DISAGREE);
                continue;
            }
            staging.countUnknownFieldsOfStagedLines(index);
            progress.line(String.format(java.util.Locale.ROOT, "staged %s (%s)%s: %d records, %d unreadable lines, "
                            + "in %.2f s", input.path(), input.formatLabel(),
                    input.format() == InputFormat.JSONL ? " line by line (it has bad lines)" : "", records, unreadable,
                    seconds(fileStarted)));
        }
        return fieldsToCount;
    }

    /**
     * Reads the lines of a JSON-lines file into {@code staged_lines} for {@code stage_vote_lines}. True when they were
     * split at line feeds alone, as the JSON reader splits them ({@code read_vote_lines_of_text}): for a file that is
     * valid UTF-8 and, uncompressed or gzip/zstd-compressed (unpacked into a spool next to the warehouse), no larger
     * than half of DuckDB's memory limit (the reader holds the whole text). Otherwise, false: the CSV reader splits them
     * ({@code read_vote_lines}), which quarantines lines that are not UTF-8 one by one, but also breaks a line at a lone
     * carriage return; the readers' agreement check ({@link #linesDisagree}) guards that case.
     */
    private static Boolean readVoteLines(Connection connection, Staging staging, Staging.File file, Path warehouse,
                                         Cancellation cancellation, Progress progress) throws SQLException {
        InputFile input = file.input();
        Path source = Path.of(file.readable());
        long bound = textBound(connection);
        // Whether the bytes hold a carriage return not before a line feed; null until a pass over them has said.
        Boolean loneCarriageReturn = null;
        if (input.compression() == Compression.NONE && input.size() <= bound) {
            if (readLinesOfText(staging, file, file.readable(), cancellation, progress)) {
                return true;
            }
        } else if (input.compression() != Compression.NONE) {
            try (Spools unpacked = Spools.nextTo(warehouse, "unpacked-")) {
                Path spool = unpacked.create();
                Unpacked copy = unpack(input.compression(), source, spool, bound, cancellation);
                loneCarriageReturn = copy.loneCarriageReturn();
                if (copy.fits() && !InputLinks.hasGlobCharacter(spool.toString())
                        && readLinesOfText(staging, file, spool.toString(), cancellation, progress)) {
                    return true;
                }
            } catch (IOException | RuntimeException e) { // a damaged zstd stream is a RuntimeException of the decoder
                if (cancellation.reason() != null) {
                    throw new SQLException("interrupted while unpacking " + input.path(), e);
                }
                progress.line("cannot unpack " + input.path() + " next to the warehouse (" + e.getMessage()
                        + "): reading its lines with the CSV reader");
            }
        }
        // Only DuckDB's CSV reader is left, which breaks a line at a lone carriage return: the caller rejects such a
        // file as a whole (null). A file that cannot be read here is left to that reader to report.
        if (loneCarriageReturn == null) {
            try {
                loneCarriageReturn = unpack(input.compression(), source, null, 0, cancellation).loneCarriageReturn();
            } catch (IOException | RuntimeException e) {
                if (cancellation.reason() != null) {
                    throw new SQLException("interrupted while reading " + input.path(), e);
                }
                loneCarriageReturn = false;
            }
        }
        if (loneCarriageReturn) {
            return null;
        }
        staging.readVoteLines(file);
        return false;
    }

    private static boolean readLinesOfText(Staging staging, Staging.File file, String text,
                                           Cancellation cancellation, Progress progress) throws SQLException {
        try {
            staging.readVoteLinesOfText(text);
        } catch (SQLException e) {
            if (cancellation.reason() != null) {
                throw e;
            }
            progress.line("the text of " + file.input().path() + " cannot be split at line feeds (" + Text.firstLine(
                    String.valueOf(e.getMessage())) + "): reading its lines with the CSV reader");
            return false;
        }
        staging.stageOverlongTextLines(file.index());
        return true;
    }

    /** Half of DuckDB's memory limit in bytes (256 MiB if DuckDB reports it in a form not understood). */
    private static long textBound(Connection connection) throws SQLException {
        try {
            return Size.parse(new Engine(connection).settings().memoryLimit()).bytes() / 2;
        } catch (RuntimeException e) {
            return 256L << 20;
        }
    }

    /** What {@link #unpack} found: whether the bytes fit the bound, and whether they hold a lone carriage return. */
    private record Unpacked(boolean fits, boolean loneCarriageReturn) {
    }

    /**
     * Reads a file's unpacked bytes once, as a byte stream through a 1 MiB buffer (never a loop over lines): copies
     * them into {@code target} while they fit in {@code bound} bytes ({@code target} null: copies nothing), and looks
     * through them for a carriage return that is not followed by a line feed. A SIGINT/SIGTERM stops it.
     */
    private static Unpacked unpack(Compression compression, Path source, Path target, long bound,
                                   Cancellation cancellation) throws IOException {
        byte[] buffer = new byte[1 << 20];
        long written = 0;
        boolean fits = target != null;
        boolean afterCarriageReturn = false;
        boolean loneCarriageReturn = false;
        try (InputStream in = compression.open(source);
             OutputStream out = target == null ? OutputStream.nullOutputStream()
                     : Files.newOutputStream(target, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                if (cancellation.reason() != null) {
                    throw new IOException("stopped by " + cancellation.reason());
                }
                for (int i = 0; i < read && !loneCarriageReturn; i++) {
                    loneCarriageReturn = afterCarriageReturn && buffer[i] != '\n';
                    afterCarriageReturn = buffer[i] == '\r';
                }
                written += read;
                fits = fits && written <= bound;
                if (fits) {
                    out.write(buffer, 0, read);
                } else if (loneCarriageReturn) {
                    break; // too big for the text reader, and the CSV reader would split a line: nothing more to learn
                }
            }
        }
        return new Unpacked(fits, loneCarriageReturn || afterCarriageReturn);
    }

    /**
     * Whether the line-by-line reader saw other lines than the JSON reader (records and valid records of the file, as
     * {@code count_staged_records_of_file} counts them): another number of records, or fewer valid ones. The line
     * reader may find more valid records (it takes a byte-order mark the JSON reader does not), never fewer. Asked only
     * of the CSV line reader (the text one splits lines as the JSON reader does), and not when the JSON reader found
     * no record at all (it misses a file of one byte, which the line reader then reads truly).
     */
    private static boolean linesDisagree(Staging.FileRecords fast, Staging.FileRecords byLine) {
        return fast.records() > 0 && (fast.records() != byLine.records() || byLine.valid() < fast.valid());
    }

    /**
     * Reads a file that is not JSON lines into {@code staged_lines}, one JSON object per record. False when its reader
     * cannot read it at all: then the whole file is staged as one reject and nothing else of it.
     */
    private static boolean firstLineIsUtf8(InputFile input) throws SQLException {
        try {
            return input.firstLineIsUtf8();
        } catch (IOException | RuntimeException e) {
            throw new SQLException(Text.firstLine(String.valueOf(e.getMessage())), e);
        }
    }

    private static boolean readRecords(Staging staging, Staging.File file, Cancellation cancellation,
                                       Progress progress) throws SQLException {
        InputFile input = file.input();
        try {
            switch (input.format()) {
                case JSON_ARRAY -> staging.readJsonArrayRecords(file);
                case CSV, TSV -> {
                    if (!firstLineIsUtf8(input)) {
                        throw new SQLException("its header line is not valid UTF-8 (save the file as UTF-8)");
                    }
                    staging.readCsvRecords(file);
                }
                case PARQUET -> {
                    if (input.compression() != Compression.NONE) {
                        throw new SQLException("a " + file.compression() + "-compressed Parquet file (Parquet "
                                + "compresses inside the file: decompress it first)");
                    }
                    staging.readParquetRecords(file);
                }
                default -> throw new IllegalStateException("not a record format: " + input.format());
            }
            return true;
        } catch (SQLException e) {
            if (cancellation.reason() != null) {
                throw e;
            }
            String why = "cannot read the file as " + input.formatLabel() + ": "
                    + Text.firstLine(String.valueOf(e.getMessage()));
            staging.stageUnreadableFile(file.index(), why);
            progress.line("rejected " + input.path() + " as a whole: " + why);
            return false;
        }
    }

    /**
     * Counts the unknown fields of a JSON-lines file staged by {@code stage_vote_records} (a second, parallel read of
     * its keys), unless the screen its bytes went through as they were hashed found certainly none ({@link
     * FieldScreen}: the common case, which spares that read).
     */
    private static void countUnknownFields(Staging staging, Staging.File file) throws SQLException {
        if (!file.input().onlyVoteFields()) {
            staging.countUnknownFieldsOfJsonLines(file);
        }
    }

    /**
     * Stages file {@code index} with DuckDB's JSON reader and returns its records and valid records ({@code
     * count_staged_records_of_file}; every row passed when they are equal), or null when the reader cannot take the
     * file at all (the statement then left nothing staged); a cancellation is not a reader failure.
     */
    private static Staging.FileRecords stageFast(Staging staging, Staging.File file, Cancellation cancellation,
                                                 Progress progress) throws SQLException {
        try {
            staging.stageVoteRecords(file);
            return staging.countStagedRecordsOfFile(file.index());
        } catch (SQLException e) {
            if (cancellation.reason() != null) {
                throw e;
            }
            progress.line("the JSON reader cannot take " + file.input().path() + " (" + Text.firstLine(
                    String.valueOf(e.getMessage())) + "): reading it line by line");
            return null;
        }
    }

    private static IngestSummary load(Staging staging, RunLedger ledger, FileLedger files, Quarantine quarantine,
                                      WeeklyCounts weeklyCounts, long runId, List<String> paths,
                                      List<InputFile> toRead, List<String> skipped, List<Staging.File> fieldsToCount,
                                      long started, LoadProgress bar) throws SQLException {
        Staging.LineCounts counts = staging.countStagedLines();
        bar.task("inserting " + counts.valid() + " valid rows");
        long inserted = staging.insertNewVotes(runId, counts.valid());
        // In the run's transaction: the counts commit with its rows, or roll back with them.
        weeklyCounts.addVotesOfRun(runId);
        if (counts.rejected() > 0) {
            bar.task("quarantining " + counts.rejected() + " rejected rows");
            quarantine.insertRejectedVotes(runId);
        }
        // After the inserts, which meanwhile leave the hashing thread time to finish the files' screens.
        for (Staging.File file : fieldsToCount) {
            countUnknownFields(staging, file);
        }
        RunStatus status = counts.rejected() > 0 ? RunStatus.SUCCEEDED_WITH_REJECTS : RunStatus.SUCCEEDED;
        String finishedAt = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).toString();
        for (InputFile input : toRead) {
            files.recordFile(input, runId, finishedAt);
        }
        Map<String, Long> unknownFields = unknownFields(staging);
        IngestSummary summary = new IngestSummary(runId, status, paths, counts.read(), inserted,
                counts.valid() - inserted, counts.rejected(), seconds(started), skipped, unknownFields);
        ledger.finishRun(summary, finishedAt);
        return summary;
    }

    /**
     * The run's unknown fields, most frequent first: at most {@link #UNKNOWN_FIELDS_SHOWN} names (cut to 60 characters,
     * control characters as {@code ?}), then one entry {@code (N more fields)} with the records of all the others, so
     * that a file with 200,000 distinct field names gives a summary line and a ledger cell of a few hundred bytes.
     */
    private static Map<String, Long> unknownFields(Staging staging) throws SQLException {
        Map<String, Long> shown = new LinkedHashMap<>();
        long distinct = 0;
        long records = 0;
        long shownRecords = 0;
        for (Staging.UnknownField field : staging.selectUnknownFields(UNKNOWN_FIELDS_SHOWN)) {
            shown.merge(String.valueOf(field.shown()), field.records(), Long::sum);
            shownRecords += field.records();
            distinct = field.distinctFields();
            records = field.allRecords();
        }
        if (distinct > UNKNOWN_FIELDS_SHOWN) {
            shown.put("(" + (distinct - UNKNOWN_FIELDS_SHOWN) + " more fields)", records - shownRecords);
        }
        return shown;
    }

    /**
     * Each file's size, SHA-256, format and compression, streamed before the warehouse is opened (so its lock is not
     * held meanwhile).
     */
    /** Opens the warehouse; when that fails, an input that could not be identified is the error reported. */
    private Connection openAfterIdentifying(WarehouseFile database, CompletableFuture<List<InputFile>> identifying) {
        try {
            Connection connection = warehouse.openForWriting(database);
            try {
                identifying.join();
            } catch (CompletionException e) {
                closeQuietly(connection, e);
                throw unwrap(e);
            }
            return connection;
        } catch (VotesFailure openFailure) {
            try {
                identifying.join();
            } catch (CompletionException e) {
                throw unwrap(e);
            }
            throw openFailure;
        }
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException cause ? cause : e;
    }

    private static void closeQuietly(Connection connection, Exception failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Identifies the inputs on this thread (a new warehouse is created only after); closes the spools on failure. */
    private static CompletableFuture<List<InputFile>> identifyNow(List<String> paths, InputFormat format,
                                                                  Spools spools) {
        try {
            return CompletableFuture.completedFuture(identify(paths, format, spools));
        } catch (RuntimeException e) {
            if (spools != null) {
                spools.close();
            }
            throw e;
        }
    }

    private static List<InputFile> identify(List<String> paths, InputFormat format, Spools spools) {
        List<InputFile> inputs = new ArrayList<>(paths.size());
        ExecutorService hashing = ContentHash.newHashingThread();
        try {
            for (String path : paths) {
                try {
                    inputs.add(InputFile.of(path, format, spools, hashing));
                } catch (IOException e) {
                    throw new BadInput("cannot read input " + path + ": " + e.getMessage()
                            + "; nothing was written", e);
                }
            }
        } finally {
            hashing.shutdown(); // the files given to it are still hashed, then its thread ends
        }
        return inputs;
    }

    /**
     * Folds the committed run into the warehouse file. DuckDB refuses a CHECKPOINT while another connection of this
     * process (the server's reads) has a transaction open; the run is committed (in DuckDB's write-ahead log) either
     * way, and DuckDB checkpoints when the warehouse's last connection closes.
     */
    private static void checkpoint(Connection connection, WarehouseFile database, Progress progress,
                                   IngestSummary committed) {
        try {
            new Engine(connection).checkpoint();
            progress.line("checkpointed " + database);
        } catch (SQLException e) {
            String why = Text.firstLine(String.valueOf(e.getMessage()));
            if (!isStorageFailure(e)) {
                progress.line("checkpoint left to the close of the warehouse: " + why);
                return;
            }
            throw new CommittedButUnfinishedException(committed, "the checkpoint did not finish (" + why + "): its "
                    + "rows are safe in the write-ahead log " + database.path() + ".wal; free disk space, and the next "
                    + "command that opens the warehouse folds them in", e);
        }
    }

    /**
     * Whether a failed checkpoint is the storage's fault (a full disk, an I/O error), rather than DuckDB declining it
     * while another connection of this process has a transaction open (the server's reads), which is not a failure.
     */
    private static boolean isStorageFailure(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("IO Error") || message.contains("No space left") || message.contains("Could not write");
    }

    /** Closes a run that had nothing to read (every file unchanged): no staging, no insert, only the ledger row. */
    private static IngestSummary recordSkipped(RunLedger ledger, long runId, List<String> paths,
                                               List<String> skipped, long started) throws SQLException {
        String finishedAt = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).toString();
        IngestSummary summary = new IngestSummary(runId, RunStatus.SUCCEEDED, paths, 0, 0, 0, 0, seconds(started),
                skipped, Map.of());
        ledger.finishRun(summary, finishedAt);
        return summary;
    }

    /** Rolls back the load transaction, if one is open, and closes the run's ledger row in a transaction of its own. */
    private static void closeRun(Connection connection, RunLedger ledger, long runId, RunStatus status, String why,
                                 Exception cause) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            ledger.closeFailedRun(runId, status, why);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
