package dev.votes.cli;

import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import dev.votes.serve.ServeOptions;

/**
 * The entry point. The HTTP listener (quarkus-rest is in the binary for {@code votes serve}) is configured before
 * Quarkus starts, from the command line: it is switched off for every command but {@code serve}, so the other commands
 * neither bind a port nor pay for the listener; for {@code serve} it gets {@code --port}, {@code --bind} and
 * {@code --max-upload}. picocli then parses the same arguments as always and reports any mistake in them.
 */
@QuarkusMain
public class VotesMain {

    public static void main(String... args) {
        ServeOptions.configureHttp(args);
        Quarkus.run(PicocliRunner.class, args);
    }
}
