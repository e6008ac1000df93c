package dev.votes.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.cli.options.DatabaseOptions;
import dev.votes.cli.options.DiagnosticOptions;
import dev.votes.cli.options.EngineOptions;
import dev.votes.cli.options.OutputOptions;
import dev.votes.common.OutputFormat;
import dev.votes.common.TableWriter;
import dev.votes.export.ExportService;
import dev.votes.export.ExportSummary;
import dev.votes.export.Partitioning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code votes export}: the warehouse as hive-partitioned Parquet, written atomically; read-only on the warehouse. */
@Command(name = "export", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        header = "Write the warehouse as Parquet for Spark, Trino, DuckDB.",
        description = {"Write the warehouse as Parquet for Spark, Trino, DuckDB or DuckLake: blog_analysis.votes "
                + "hive-partitioned under DIR/votes/ (Year=2020/... or Year=2020/WeekNumber=7/..., sorted by Id), "
                + "DIR/weekly_counts.parquet (every week with votes) and DIR/outlier_weeks.parquet (the rows of the view "
                + "blog_analysis.outlier_weeks).",
                "All or nothing: the files are written into a staging directory beside DIR that then takes DIR's place. "
                        + "An earlier export in DIR is replaced; any other non-empty DIR is refused (exit 1) and left "
                        + "alone. Opens the warehouse read-only. Prints a summary on stdout."})
public class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    EngineOptions engine;

    @Mixin
    OutputOptions output;

    @Mixin
    DiagnosticOptions diagnostics;

    @Option(names = "--to", required = true, paramLabel = "DIR",
            description = "The export's directory: created, or replaced when it holds an earlier export. Its parent "
                    + "must exist.")
    Path to;

    @Option(names = "--partition-by", paramLabel = "KEYS", defaultValue = Partitioning.DEFAULT,
            description = "year: one directory per year (default), or year,week: one per week (Year=2020/WeekNumber=7/).")
    String partitionBy;

    private final ExportService exportService;

    @Inject
    public ExportCommand(ExportService exportService) {
        this.exportService = exportService;
    }

    @Override
    public Integer call() {
        Partitioning partitioning;
        try {
            partitioning = Partitioning.of(partitionBy);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--partition-by': " + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        ExportSummary summary = exportService.export(database.warehouse().with(engine.settings()), to, partitioning,
                diagnostics.progress(err));
        PrintWriter out = spec.commandLine().getOut();
        if (output.formatOr(OutputFormat.table) == OutputFormat.json) {
            out.println(TableWriter.json(summary.fields()));
            out.flush();
        } else {
            TableWriter.write(summary.table(), output.formatOr(OutputFormat.table), out);
        }
        if (summary.warning() != null) {
            err.println("votes export: warning: " + summary.warning());
            err.flush();
        }
        return ExitCodes.OK;
    }
}
