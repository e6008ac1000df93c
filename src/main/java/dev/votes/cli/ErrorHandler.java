package dev.votes.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.cli.options.DiagnosticOptions;
import dev.votes.common.Terminal;
import dev.votes.common.Text;
import dev.votes.config.SettingsException;
import dev.votes.failure.VotesFailure;
import dev.votes.failure.WarehouseBusy;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where exceptions become exit codes and messages: a typed failure ({@link VotesFailure}) its exit code
 * by {@link ExitCodes#of}, anything else exit 1; one line on stderr (red when stderr is a terminal and
 * NO_COLOR is unset or empty), or the full stack trace with {@code -e/--errors}.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    private ErrorHandler() {
    }

    /**
     * Installs the handler on a command line and returns it; also gives every command the tool's version (so that
     * {@code votes ingest --version} prints it too) and colour only where {@link Terminal} allows it.
     */
    public static CommandLine install(CommandLine commandLine) {
        ErrorHandler handler = new ErrorHandler();
        giveVersion(commandLine);
        // Help (stdout) in colour only on a terminal and without NO_COLOR; picocli's own test (System.console()) says
        // "terminal" for pipes on JDK 22+.
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(
                Terminal.colourOnStdout() ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
        return commandLine.setExecutionExceptionHandler(handler).setParameterExceptionHandler(handler);
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (stackTracesWanted(parseResult)) {
            exception.printStackTrace(err);
        } else {
            err.println(red("votes: " + oneLine(exception)));
        }
        err.flush();
        return exception instanceof VotesFailure failure ? ExitCodes.of(failure) : ExitCodes.FAILURE;
    }

    private static void giveVersion(CommandLine commandLine) {
        if (commandLine.getCommandSpec().versionProvider() == null) {
            commandLine.getCommandSpec().versionProvider(new VersionProvider());
        }
        commandLine.getSubcommands().values().forEach(ErrorHandler::giveVersion);
    }

    @Override
    public int handleParseException(ParameterException exception, String[] args) {
        CommandLine commandLine = exception.getCommandLine();
        String command = commandLine.getCommandSpec().qualifiedName();
        PrintWriter err = commandLine.getErr();
        if (exception instanceof SettingsException) {
            // A configuration file's fault names the file, line and key, not the command's options.
            err.println(red("votes: " + exception.getMessage()));
            err.flush();
            return ExitCodes.USAGE;
        }
        err.println(red(command + ": " + message(exception) + " (see '" + command + " --help')"));
        err.flush();
        return ExitCodes.USAGE;
    }

    /** picocli's message, or for an unknown command or option one sentence with the closest name picocli suggests. */
    static String message(ParameterException exception) {
        if (!(exception instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return exception.getMessage();
        }
        String argument = unmatched.getUnmatched().getFirst();
        boolean command = !unmatched.isUnknownOption() && !exception.getCommandLine().getSubcommands().isEmpty();
        if (!command && !unmatched.isUnknownOption()) {
            return exception.getMessage();
        }
        String what = (command ? "Unknown command: '" : "Unknown option: '") + argument + "'.";
        List<String> suggestions = unmatched.getSuggestions();
        // picocli lists the names by similarity, most similar first.
        return suggestions.isEmpty() ? what : what + " Did you mean: " + suggestions.getFirst() + "?";
    }

    /**
     * The user-facing line for an exception: its own message for ours (with the CLI's advice where the failure leaves it
     * to the edge), a short form of anything else.
     */
    static String oneLine(Throwable exception) {
        if (exception instanceof WarehouseBusy busy && busy.waited().isZero()) {
            return busy.getMessage() + " (retry later, or pass --wait SECONDS to wait for it)";
        }
        if (exception instanceof VotesFailure) {
            return exception.getMessage();
        }
        if (exception instanceof SQLException) {
            return "database error: " + Text.firstLine(exception.getMessage()) + " (run with -e for details)";
        }
        return "unexpected error: " + Text.firstLine(String.valueOf(exception)) + " (run with -e for the stack trace)";
    }

    private static boolean stackTracesWanted(ParseResult parseResult) {
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption(DiagnosticOptions.ERRORS_OPTION)) {
                return true;
            }
        }
        return false;
    }

    /** Red only when stderr, where the line goes, is a terminal and NO_COLOR is unset or empty. */
    private static String red(String text) {
        return Terminal.colourOnStderr() ? "\u001B[31m" + text + "\u001B[0m" : text;
    }
}
