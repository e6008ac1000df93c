package dev.votes.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;


import org.eclipse.microprofile.config.ConfigProvider;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.cli.options.DatabaseOptions;
import dev.votes.cli.options.DateOptions;
import dev.votes.cli.options.DiagnosticOptions;
import dev.votes.cli.options.EngineOptions;
import dev.votes.cli.options.StorageOptions;
import dev.votes.serve.Listener;
import dev.votes.serve.ServeSettings;
import dev.votes.serve.WriteGate;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code votes serve}: the HTTP API and the chart page, until SIGINT or SIGTERM. The listener itself is configured
 * from these same options before Quarkus starts ({@link VotesMain}); here they are validated and the server is told
 * which warehouse to serve.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        header = "Serve the warehouse over HTTP: upload, outliers, chart.",
        description = {"Serve the warehouse over HTTP until SIGINT/SIGTERM: POST /api/ingest (multipart upload), "
                + "GET /api/outliers, /api/weeks, /api/runs, /api/rejects?run=ID, the weekly chart at /, health at "
                + "/q/health, OpenAPI at /q/openapi (Swagger UI at /q/swagger-ui). Prints the URL on stderr."})
public class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    EngineOptions engine;

    @Mixin
    StorageOptions storage;

    @Mixin
    DiagnosticOptions diagnostics;

    @Mixin
    DateOptions dates;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + Listener.DEFAULT_PORT,
            description = "TCP port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
    String port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            defaultValue = "${env:" + Listener.BIND_ENVIRONMENT + ":-" + Listener.DEFAULT_BIND + "}",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; env " + Listener.BIND_ENVIRONMENT
                    + " sets the default). " + Listener.DEFAULT_BIND + " is this machine only; 0.0.0.0, all "
                    + "interfaces, needs --token.")
    String bind;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:" + Listener.TOKEN_ENVIRONMENT + "}",
            description = "Require 'Authorization: Bearer TOKEN' on the write endpoints (env VOTES_TOKEN).")
    String token;

    @Option(names = "--max-upload", paramLabel = "SIZE", defaultValue = Listener.DEFAULT_MAX_UPLOAD,
            description = "Largest upload request, e.g. 500MB, 2GB, 1GiB (GB = 10^9 bytes, GiB = 2^30); larger ones get "
                    + "413 (default: ${DEFAULT-VALUE}).")
    String maxUpload;

    @Override
    public Integer call() {
        try {
            Listener.port(port);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--port': " + e.getMessage());
        }
        try {
            Listener.bytes(maxUpload);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--max-upload': "
                    + e.getMessage());
        }
        boolean bindFromEnvironment = !spec.commandLine().getParseResult().hasMatchedOption("--bind")
                && System.getenv(Listener.BIND_ENVIRONMENT) != null;
        String refusal = Listener.bindRefusal(bind, token, bindFromEnvironment);
        if (refusal != null) {
            throw new ParameterException(spec.commandLine(), refusal);
        }
        if (!ConfigProvider.getConfig().getOptionalValue("quarkus.http.host-enabled", Boolean.class).orElse(true)) {
            // VotesMain read the command line otherwise than picocli did: no listener was started.
            throw new ParameterException(spec.commandLine(), "the listener could not be configured from these options");
        }
        // serve alone runs inside the Quarkus container (see VotesMain); the HTTP resources read these settings.
        ServeSettings settings = Arc.container().instance(ServeSettings.class).get();
        settings.configure(database.warehouse().with(engine.settings()).with(storage.version()), token,
                dates.earliest());
        // A stop signal closes the gate at once: no write starts any more, and uploads still arriving are answered
        // 503 (the JVM runs the hooks when SIGINT/SIGTERM end it; the native binary's signal handler exits the same way).
        WriteGate gate = Arc.container().instance(WriteGate.class).get();
        Runtime.getRuntime().addShutdownHook(new Thread(gate::stop, "votes-serve-stop"));
        PrintWriter err = spec.commandLine().getErr();
        int actualPort = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class)
                .orElse(Listener.DEFAULT_PORT);
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        err.println("votes serve: listening on http://" + host + ":" + actualPort + "/ (warehouse "
                + database.database().toAbsolutePath().normalize() + (settings.tokenRequired() ? "; writes need the token" : "")
                + "; SIGINT/SIGTERM stop it)");
        err.flush();
        Quarkus.waitForExit();
        return ExitCodes.OK;
    }
}
