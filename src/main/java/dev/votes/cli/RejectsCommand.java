package dev.votes.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.cli.options.DatabaseOptions;
import dev.votes.cli.options.DiagnosticOptions;
import dev.votes.cli.options.OutputOptions;
import dev.votes.common.OutputFormat;
import dev.votes.common.Table;
import dev.votes.common.TableWriter;
import dev.votes.inspect.RunsService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code votes rejects}: the quarantined lines with their reasons, or their counts per run and reason; read-only. */
@Command(name = "rejects", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        header = "Show the lines ingest quarantined, with their reasons.",
        description = {"Show the lines ingest quarantined in blog_analysis.rejected_votes, with their reasons: newest "
                + "run first, then by file and line. The text table shortens each line to " + RejectsCommand.RAW_WIDTH
                + " characters; the other formats give it whole. Opens the warehouse read-only."})
public class RejectsCommand implements Callable<Integer> {

    static final int RAW_WIDTH = 80;
    static final long DEFAULT_LIMIT = 100;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    OutputOptions output;

    @Mixin
    DiagnosticOptions diagnostics;

    @Option(names = "--run", paramLabel = "ID", description = "Only the lines of this run (see 'votes runs').")
    Long runId;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
            description = "Show at most N lines (default: ${DEFAULT-VALUE}).")
    long limit;

    @Option(names = "--all", description = "Show every line.")
    boolean all;

    @Option(names = "--summary", description = "Instead of the lines, count them per run and kind of reason "
            + "(the reason without its value).")
    boolean summary;

    private final RunsService runsService;

    @Inject
    public RejectsCommand(RunsService runsService) {
        this.runsService = runsService;
    }

    @Override
    public Integer call() {
        long rows = Limits.of(spec, limit, all);
        OutputFormat format = output.formatOr(OutputFormat.table);
        PrintWriter out = spec.commandLine().getOut();
        if (summary) {
            TableWriter.write(runsService.rejectSummary(database.warehouse(), runId), format, out);
            return ExitCodes.OK;
        }
        RunsService.Listing rejects = runsService.rejects(database.warehouse(), runId, rows);
        Table table = format == OutputFormat.table ? TextCells.shorten(rejects.table(), "raw", RAW_WIDTH) : rejects.table();
        TableWriter.write(table, format, out);
        if (rejects.truncated()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("showing " + rejects.table().rows().size() + " of " + rejects.total()
                    + " quarantined lines (--limit N or --all for more, --summary for counts)");
            err.flush();
        }
        return ExitCodes.OK;
    }
}
