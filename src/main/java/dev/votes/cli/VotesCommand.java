package dev.votes.cli;

import dev.votes.common.ExitCodes;
import dev.votes.common.Version;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The top command: a verb group with no body of its own. */
@TopCommand
@Command(name = "votes", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Ingest vote events into an embedded DuckDB warehouse and find the outlier weeks.",
        subcommands = {IngestCommand.class, OutliersCommand.class, RunsCommand.class, RejectsCommand.class,
                CheckCommand.class},
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                ExitCodes.OK + ":success",
                ExitCodes.FAILURE + ":failure, nothing committed",
                ExitCodes.USAGE + ":usage error (unknown option, bad value)",
                ExitCodes.COMMITTED_WITH_REJECTS + ":committed, but some rows were rejected (see blog_analysis.rejected_votes)",
                ExitCodes.CHECK_FAILED + ":check found a failing check"})
public class VotesCommand {
}
