package dev.votes.cli;

import java.nio.file.Path;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.config.SettingsProvider;
import dev.votes.warehouse.library.DuckDbLibrary;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import io.quarkus.runtime.annotations.RegisterForReflection;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command: a verb group with no body of its own. */
@TopCommand
// picocli's help subcommand is a library class; the native image needs its annotations for reflection like ours.
@RegisterForReflection(targets = HelpCommand.class)
@Command(name = "votes", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Ingest vote events into an embedded DuckDB warehouse and find the outlier weeks.",
        subcommands = {IngestCommand.class, OutliersCommand.class, RecountCommand.class, FetchDataCommand.class,
                RunsCommand.class, RejectsCommand.class, CheckCommand.class, GenerateCommand.class, ServeCommand.class,
                ExportCommand.class, ConvertStorageCommand.class, ConfigCommand.class, CompletionCommand.class,
                HelpCommand.class},
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                ExitCodes.OK + ":success",
                ExitCodes.FAILURE + ":failure, nothing committed",
                ExitCodes.USAGE + ":usage error (unknown option, bad value)",
                ExitCodes.COMMITTED_WITH_REJECTS + ":committed, but some rows were rejected (see 'votes rejects')",
                ExitCodes.WAREHOUSE_BUSY + ":the warehouse is locked by another process (see --wait); nothing done",
                ExitCodes.CHECK_FAILED + ":check found a failing check",
                ExitCodes.FETCH_FAILED + ":fetch-data could not download, verify or extract; no output written",
                ExitCodes.COMMITTED_NOT_CHECKPOINTED + ":ingest committed, but a step after the commit did not finish "
                        + "(e.g. the checkpoint on a full disk)",
                ExitCodes.LISTEN_FAILED + ":serve could not listen (the port is in use, or the address is not this "
                        + "machine's)",
                ExitCodes.PARTLY_COMMITTED + ":ingest --commit-every: a step failed after earlier steps committed; "
                        + "the same command again resumes",
                ExitCodes.INTERRUPTED + ":interrupted by SIGINT (an ingest is rolled back and recorded as interrupted; "
                        + "steps of --commit-every committed before it stay)",
                ExitCodes.TERMINATED + ":terminated by SIGTERM (the same as 130)"})
public class VotesCommand {

    @Spec
    CommandSpec spec;

    /** {@code --cache-dir}, on every command: where the native binary unpacks DuckDB's library. */
    @Option(names = "--cache-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Where the native binary unpacks DuckDB's library, once (default: env VOTES_CACHE_DIR, else "
                    + "$XDG_CACHE_HOME/votes or ~/.cache/votes, else a private directory in the temp directory).")
    void cacheDirectory(Path directory) {
        DuckDbLibrary.cacheDirectory(directory);
    }

    /** {@code --config}, on every command: the configuration file to read instead of looking for one. */
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Read settings from FILE instead of looking for a configuration file (env VOTES_CONFIG "
                    + "names one too; see 'votes config').")
    void configFile(Path file) {
        SettingsProvider.of(spec.commandLine()).useFile(file);
    }

    /** {@code --no-config}, on every command: read no configuration file. */
    @Option(names = "--no-config", scope = ScopeType.INHERIT,
            description = "Read no configuration file: flags, env and the built-in defaults only.")
    void noConfigFile(boolean none) {
        if (none) {
            SettingsProvider.of(spec.commandLine()).useNone();
        }
    }
}
