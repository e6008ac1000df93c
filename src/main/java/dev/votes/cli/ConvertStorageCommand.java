package dev.votes.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.cli.options.DatabaseOptions;
import dev.votes.cli.options.DiagnosticOptions;
import dev.votes.cli.options.EngineOptions;
import dev.votes.cli.options.OutputOptions;
import dev.votes.cli.options.StorageOptions;
import dev.votes.common.OutputFormat;
import dev.votes.common.TableWriter;
import dev.votes.convert.ConvertStorageService;
import dev.votes.convert.ConvertSummary;
import dev.votes.warehouse.StorageVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code votes convert-storage}: the warehouse rewritten in another DuckDB storage version, all or nothing. */
@Command(name = "convert-storage", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        header = "Rewrite the warehouse in another DuckDB storage version.",
        description = {"Rewrite the warehouse in another DuckDB storage version, for example one written in DuckDB "
                + "2.0's own format (v2.0.0, which no DuckDB 1.x opens) as v1.0.0, which every DuckDB since 1.0 opens.",
                "All or nothing: every table, view and sequence (at its current value), with their constraints, is "
                        + "copied into a temporary file beside the warehouse, checked against it, and renamed over it. "
                        + "A failure, a signal or a kill leaves the warehouse as it was. A warehouse already in that "
                        + "version is left alone (exit 0). Holds the warehouse's lock throughout (exit 4 when another "
                        + "process holds it; see --wait). Prints one summary line on stderr; with --format, the "
                        + "summary on stdout too."})
public class ConvertStorageCommand implements Callable<Integer> {

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

    @Option(names = StorageOptions.OPTION, paramLabel = "VERSION",
            defaultValue = "${env:VOTES_STORAGE_VERSION:-" + StorageVersion.DEFAULT_OPTION + "}",
            description = "The storage version to convert to: v1.0.0 (default; DuckDB 1.0.0 and newer open it), "
                    + "v1.2.0, v1.3.0, v1.4.0, v1.5.0, v2.0.0 or latest (env VOTES_STORAGE_VERSION).")
    String storageVersion;

    private final ConvertStorageService convertService;

    @Inject
    public ConvertStorageCommand(ConvertStorageService convertService) {
        this.convertService = convertService;
    }

    @Override
    public Integer call() {
        StorageVersion wanted = StorageOptions.parse(spec.commandLine(), storageVersion);
        PrintWriter err = spec.commandLine().getErr();
        ConvertSummary summary = convertService.convert(database.warehouse().with(engine.settings()), wanted,
                diagnostics.progress(err));
        err.println(summary.line());
        err.flush();
        if (output.given()) {
            PrintWriter out = spec.commandLine().getOut();
            if (output.formatOr(OutputFormat.table) == OutputFormat.json) {
                out.println(TableWriter.json(summary.fields()));
                out.flush();
            } else {
                TableWriter.write(summary.table(), output.formatOr(OutputFormat.table), out);
            }
        }
        return ExitCodes.OK;
    }
}
