package dev.votes.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.cli.options.DatabaseOptions;
import dev.votes.cli.options.DiagnosticOptions;
import dev.votes.cli.options.OutputOptions;
import dev.votes.common.OutputFormat;
import dev.votes.common.TableWriter;
import dev.votes.inspect.RunsService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code votes runs}: the ingestion ledger, newest run first; read-only. */
@Command(name = "runs", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        header = "Show the ingestion ledger, newest run first.",
        description = {"Show the ingestion ledger blog_analysis.ingestion_runs, newest run first: each run's status, "
                + "start (UTC), duration, files and counts. Opens the warehouse read-only."})
public class RunsCommand implements Callable<Integer> {

    static final long DEFAULT_LIMIT = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    OutputOptions output;

    @Mixin
    DiagnosticOptions diagnostics;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
            description = "Show the newest N runs (default: ${DEFAULT-VALUE}).")
    long limit;

    @Option(names = "--all", description = "Show every run.")
    boolean all;

    private final RunsService runsService;

    @Inject
    public RunsCommand(RunsService runsService) {
        this.runsService = runsService;
    }

    @Override
    public Integer call() {
        RunsService.Listing runs = runsService.runs(database.warehouse(), Limits.of(spec, limit, all));
        OutputFormat format = output.formatOr(OutputFormat.table);
        PrintWriter out = spec.commandLine().getOut();
        TableWriter.write(format == OutputFormat.json ? runs.table() : TextCells.joinLists(runs.table()), format, out);
        if (runs.truncated()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("showing the newest " + runs.table().rows().size() + " of " + runs.total()
                    + " runs (--limit N or --all for more)");
            err.flush();
        }
        return ExitCodes.OK;
    }
}
