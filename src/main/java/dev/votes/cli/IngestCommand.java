package dev.votes.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.cli.options.DatabaseOptions;
import dev.votes.cli.options.DateOptions;
import dev.votes.cli.options.DiagnosticOptions;
import dev.votes.cli.options.EngineOptions;
import dev.votes.cli.options.OutputOptions;
import dev.votes.cli.options.StorageOptions;
import dev.votes.common.OutputFormat;
import dev.votes.common.TableWriter;
import dev.votes.failure.CommittedButUnfinished;
import dev.votes.ingest.CommitSteps;
import dev.votes.ingest.CommittedButUnfinishedException;
import dev.votes.ingest.IngestService;
import dev.votes.ingest.IngestSummary;
import dev.votes.ingest.InputFormat;
import dev.votes.ingest.PartlyCommittedException;
import dev.votes.ingest.StagingPlace;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code votes ingest [FILE...]}: one run, all files in one transaction; or in steps with {@code --commit-every}. */
@Command(name = "ingest", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        header = "Load vote files (JSON, CSV, TSV, Parquet) into the warehouse.",
        description = {"Load vote files into blog_analysis.votes: JSON lines (.jsonl .ndjson .json), JSON arrays (.json), "
                + "CSV and TSV with a header (.csv .tsv), Parquet (.parquet); gzip or zstd compressed (.gz .zst). "
                + "Directories are read recursively and globs expanded, in path order, all files in one run "
                + "(or one run per step of --commit-every FILES).",
                "Bad lines go to blog_analysis.rejected_votes with a reason; every run is recorded in "
                        + "blog_analysis.ingestion_runs. Prints one summary line on stderr; with --format, the "
                        + "summary on stdout too."})
public class IngestCommand implements Callable<Integer> {

    static final String DEFAULT_INPUT = "uncommitted/votes.jsonl";

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    EngineOptions engine;

    @Mixin
    StorageOptions storage;

    @Mixin
    OutputOptions output;

    @Mixin
    DiagnosticOptions diagnostics;

    @Mixin
    DateOptions dates;

    @Option(names = "--force", description = "Read every file, even one the file ledger shows was loaded unchanged "
            + "by a successful run (re-reading is safe: rows already in the table are counted as duplicates).")
    boolean force;

    @Option(names = "--commit-every", paramLabel = "FILES", defaultValue = "${env:VOTES_COMMIT_EVERY:-all}",
            converter = CommitEveryConverter.class,
            description = "Commit in steps of FILES files, in path order, each step a run of its own: a long backfill "
                    + "stopped part-way keeps its committed steps, and the same command again resumes after them. "
                    + "all: one transaction for the whole run (default: ${DEFAULT-VALUE}; env VOTES_COMMIT_EVERY).")
    Integer commitEvery;

    @Option(names = "--staging", paramLabel = "WHERE", defaultValue = "${env:VOTES_STAGING:-auto}",
            converter = StagingConverter.class,
            description = "Where the run keeps its rows between reading and loading: memory (beyond --memory-limit "
                    + "DuckDB spills them to <warehouse>.tmp), disk (a DuckDB file of their own beside the warehouse, "
                    + "compressed, removed when the run ends), or auto: disk when the input would stage more than "
                    + "the memory limit holds (default: ${DEFAULT-VALUE}; env VOTES_STAGING).")
    StagingPlace staging;

    @Option(names = "--input-format", paramLabel = "FORMAT", defaultValue = "auto", converter = InputFormatConverter.class,
            description = "The format of every input: auto (default: by the name's extension, else by the first "
                    + "bytes), jsonl, json-array, csv, tsv or parquet. Compression is always told by the first bytes.")
    InputFormat inputFormat;

    @Parameters(paramLabel = "FILE|DIR|GLOB", arity = "0..*",
            description = "Input files, directories (read recursively; names starting with . or _ are passed over) "
                    + "and globs such as 'raw/**/*.csv' (quoted, so the tool expands them). Default: " + DEFAULT_INPUT
                    + ".")
    List<Path> files;

    private final IngestService ingestService;

    @Inject
    public IngestCommand(IngestService ingestService) {
        this.ingestService = ingestService;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<Path> inputs = files == null || files.isEmpty() ? List.of(Path.of(DEFAULT_INPUT)) : files;
        IngestSummary summary;
        CommittedButUnfinished unfinished = null;
        try {
            summary = ingestService.ingest(database.warehouse().with(engine.settings()).with(storage.version()), inputs,
                    inputFormat, force, dates.earliest(), commitEvery, staging, diagnostics.progress(err));
            err.println(summary.line());
            err.flush();
        } catch (CommittedButUnfinishedException e) {
            unfinished = e; // committed: its summary still goes to stdout, then the one line and exit code
            summary = e.summary();
        } catch (PartlyCommittedException e) {
            unfinished = e; // steps committed: their summary goes to stdout, then the one line and exit code
            summary = e.summary();
        }
        if (output.given()) {
            PrintWriter out = spec.commandLine().getOut();
            if (output.formatOr(OutputFormat.table) == OutputFormat.json) {
                out.println(TableWriter.json(summary.fields()));
                out.flush();
            } else {
                TableWriter.write(summary.table(), output.formatOr(OutputFormat.table), out);
            }
        }
        if (unfinished != null) {
            throw unfinished;
        }
        return ExitCodes.committed(summary.rowsRejected());
    }

    /** {@code auto}, {@code memory} or {@code disk}, any case. */
    static final class StagingConverter implements ITypeConverter<StagingPlace> {
        @Override
        public StagingPlace convert(String value) {
            try {
                return StagingPlace.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code all} (null: one transaction) or a number of files per step, from 1. */
    static final class CommitEveryConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return CommitSteps.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code auto} (null: detect each file) or a format's name. */
    static final class InputFormatConverter implements ITypeConverter<InputFormat> {
        @Override
        public InputFormat convert(String value) {
            if (value.strip().equalsIgnoreCase("auto")) {
                return null;
            }
            InputFormat format = InputFormat.ofLabel(value);
            if (format == null) {
                throw new TypeConversionException("'" + value + "' is not a format (give auto, jsonl, json-array, csv, "
                        + "tsv or parquet)");
            }
            return format;
        }
    }
}
