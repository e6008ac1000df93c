package dev.votes.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.cli.options.DatabaseOptions;
import dev.votes.cli.options.DateOptions;
import dev.votes.cli.options.DiagnosticOptions;
import dev.votes.cli.options.OutputOptions;
import dev.votes.common.OutputFormat;
import dev.votes.common.TableWriter;
import dev.votes.inspect.CheckReport;
import dev.votes.inspect.CheckService;
import dev.votes.inspect.Grade;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code votes check}: graded data-quality checks; exit 5 when one fails. Read-only. */
@Command(name = "check", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        header = "Run data-quality checks on the warehouse (PASS/WARN/FAIL).",
        description = {"Run data-quality checks on the warehouse and grade each PASS, WARN or FAIL: tables, unique "
                + "Ids, required values, plausible dates, the ledger against the votes and the quarantine, the outlier "
                + "view against a recomputation, quarantined lines, unfinished runs, and the file's DuckDB storage "
                + "version with the oldest DuckDB release that opens it. Exits with 5 when a check fails (warnings do "
                + "not). Opens the warehouse read-only."})
public class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DateOptions dates;

    @Mixin
    DatabaseOptions database;

    @Mixin
    OutputOptions output;

    @Mixin
    DiagnosticOptions diagnostics;

    private final CheckService checkService;

    @Inject
    public CheckCommand(CheckService checkService) {
        this.checkService = checkService;
    }

    @Override
    public Integer call() {
        CheckReport report = checkService.check(database.warehouse(), dates.earliest());
        PrintWriter out = spec.commandLine().getOut();
        if (output.formatOr(OutputFormat.table) == OutputFormat.json) {
            out.println(TableWriter.json(report.fields()));
            out.flush();
        } else {
            TableWriter.write(report.table(), output.formatOr(OutputFormat.table), out);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println(report.line());
        err.flush();
        return report.status() == Grade.FAIL ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }
}
