package dev.votes.cli;

import java.util.concurrent.Callable;

import dev.votes.cli.exit.ExitCodes;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code votes completion}: picocli's bash/zsh completion script for the whole command tree, on stdout. */
@Command(name = "completion", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        header = "Print a bash/zsh completion script for votes.",
        description = {"Print a completion script for bash and zsh on stdout. Load it in the current shell with "
                + "'source <(votes completion)', or save it once: 'votes completion > ~/.votes-completion' and add "
                + "'source ~/.votes-completion' to ~/.bashrc or ~/.zshrc (zsh loads bash completion itself)."})
public class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
