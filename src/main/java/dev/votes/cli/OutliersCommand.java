package dev.votes.cli;

import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.cli.options.DatabaseOptions;
import dev.votes.cli.options.DiagnosticOptions;
import dev.votes.cli.options.EngineOptions;
import dev.votes.cli.options.OutputOptions;
import dev.votes.common.OutputFormat;
import dev.votes.common.TableWriter;
import dev.votes.outliers.OutlierService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code votes outliers}: recreate the outlier_weeks view and print it. */
@Command(name = "outliers", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        header = "Print the weeks whose vote count is 20%% off the weekly mean.",
        description = {"(Re)create the view blog_analysis.outlier_weeks and print it: the weeks whose vote count "
                + "deviates from the mean weekly count by more than 20%%, earliest first.",
                "The view reads blog_analysis.weekly_vote_counts, which every ingest run keeps equal to a count of "
                        + "the votes by week. If the votes were changed by other means (your own DuckDB session), "
                        + "'votes recount' rebuilds the counts; 'votes check' tells when they differ."})
public class OutliersCommand implements Callable<Integer> {

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

    private final OutlierService outlierService;

    @Inject
    public OutliersCommand(OutlierService outlierService) {
        this.outlierService = outlierService;
    }

    @Override
    public Integer call() {
        TableWriter.write(outlierService.outlierWeeks(database.warehouse().with(engine.settings()),
                        diagnostics.progress(spec.commandLine().getErr())),
                output.formatOr(OutputFormat.table), spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
