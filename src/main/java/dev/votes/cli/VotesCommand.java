package dev.votes.cli;

import dev.votes.common.ExitCodes;
import dev.votes.common.Version;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The top command: a verb group with no body of its own. */
@TopCommand
@Command(name = "votes", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Ingest vote events into an embedded DuckDB warehouse and find the outlier weeks.",
        subcommands = {IngestCommand.class, OutliersCommand.class, FetchDataCommand.class, RunsCommand.class,
                RejectsCommand.class, CheckCommand.class, GenerateCommand.class, ServeCommand.class,
                ExportCommand.class, ConvertStorageCommand.class},
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                ExitCodes.OK + ":success",
                ExitCodes.FAILURE + ":failure, nothing committed",
                ExitCodes.USAGE + ":usage error (unknown option, bad value)",
                ExitCodes.COMMITTED_WITH_REJECTS + ":committed, but some rows were rejected (see blog_analysis.rejected_votes)",
                ExitCodes.WAREHOUSE_BUSY + ":the warehouse is locked by another process (see --wait); nothing done",
                ExitCodes.CHECK_FAILED + ":check found a failing check",
                ExitCodes.FETCH_FAILED + ":fetch-data could not download, verify or extract; no output written",
                ExitCodes.INTERRUPTED + ":interrupted by SIGINT (an ingest is rolled back and recorded as interrupted)",
                ExitCodes.TERMINATED + ":terminated by SIGTERM (the same as 130)"})
public class VotesCommand {
}
