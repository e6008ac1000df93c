package dev.votes.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.cli.options.DiagnosticOptions;
import dev.votes.cli.options.OutputOptions;
import dev.votes.common.OutputFormat;
import dev.votes.common.Progress;
import dev.votes.common.Size;
import dev.votes.common.Table;
import dev.votes.common.TableWriter;
import dev.votes.fetch.CertificateFile;
import dev.votes.fetch.DatasetFetcher;
import dev.votes.fetch.FetchListener;
import dev.votes.fetch.FetchRequest;
import dev.votes.fetch.FetchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code votes fetch-data}: download the dataset, verify and extract it, and put it in place atomically. */
@Command(name = "fetch-data", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        header = "Download, verify and extract the exercise's dataset.",
        description = {"Download the exercise's dataset (a gzip tar holding votes.jsonl), verify it, extract votes.jsonl "
                + "safely and move it into place atomically. Retries and resumes interrupted downloads. On failure "
                + "nothing is written and the exit code is " + ExitCodes.FETCH_FAILED + "."})
public class FetchDataCommand implements Callable<Integer> {

    static final String DEFAULT_OUTPUT = "uncommitted/votes.jsonl";

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Mixin
    DiagnosticOptions diagnostics;

    @Option(names = "--url", paramLabel = "URL",
            defaultValue = "${env:VOTES_DATA_URL:-" + DatasetFetcher.EXERCISE_DATA_URL + "}",
            description = "Where to download from, http or https (default: ${DEFAULT-VALUE}; env VOTES_DATA_URL "
                    + "overrides the default).")
    String url;

    @Option(names = "--sha256", paramLabel = "HEX",
            description = "Expected SHA-256 of the downloaded archive; on a mismatch nothing is written.")
    String sha256;

    @Option(names = "--out", paramLabel = "PATH", defaultValue = DEFAULT_OUTPUT,
            description = "The file to write, a regular file or a new one; anything else is refused (default: "
                    + "${DEFAULT-VALUE}). Its directory is created if missing.")
    Path out;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "Trust only the certificate authorities in FILE (PEM or DER) for https, instead of the "
                    + "system's: for a server with its own authority, or a proxy that re-signs HTTPS.")
    Path caCert;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "4",
            description = "Retries after the first attempt, on connection errors, timeouts, HTTP 408, 429 and 5xx "
                    + "(default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Connect timeout, wait for the response, and longest pause in the body (default: "
                    + "${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = "--max-bytes", paramLabel = "SIZE", defaultValue = "2GiB",
            description = "Largest download and largest decompressed content accepted, in bytes or e.g. 500MB, 2GiB "
                    + "(GB = 10^9 bytes, GiB = 2^30; default: ${DEFAULT-VALUE}).")
    String maxBytes;

    /** The first retry's delay; tests make it small. */
    @Option(names = "--backoff-ms", hidden = true, defaultValue = "500")
    long backoffMillis;

    /** No retry starts later than this after the start. */
    @Option(names = "--retry-budget", hidden = true, defaultValue = "300")
    long retryBudgetSeconds;

    private final DatasetFetcher fetcher;

    @Inject
    public FetchDataCommand(DatasetFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public Integer call() {
        FetchRequest request = new FetchRequest(url(), sha256(), out, attempts(),
                Duration.ofSeconds(positive("--timeout", timeout)), positive("--max-bytes", size("--max-bytes", maxBytes)),
                Duration.ofMillis(Math.max(0, backoffMillis)), Duration.ofSeconds(Math.max(0, retryBudgetSeconds)),
                authorities());
        PrintWriter err = spec.commandLine().getErr();
        Reporter reporter = new Reporter(err, diagnostics.verbose(), dev.votes.common.Terminal.stderrIsTerminal());
        FetchResult result;
        try {
            result = fetcher.fetch(request, reporter);
        } finally {
            reporter.clearProgress();
        }
        err.println(String.format(Locale.ROOT, "fetched %s (%d bytes, sha256 %s) from %s in %.1f s%s; archive sha256 %s",
                result.out(), result.bytes(), result.sha256(), result.url(), result.seconds(),
                result.attempts() > 1 ? " after " + result.attempts() + " attempts" : "", result.archiveSha256()));
        err.flush();
        if (output.given()) {
            Map<String, Object> fields = fields(result);
            PrintWriter stdout = spec.commandLine().getOut();
            if (output.formatOr(OutputFormat.table) == OutputFormat.json) {
                stdout.println(TableWriter.json(fields));
                stdout.flush();
            } else {
                TableWriter.write(new Table(List.copyOf(fields.keySet()), List.of(new ArrayList<>(fields.values()))),
                        output.formatOr(OutputFormat.table), stdout);
            }
        }
        return ExitCodes.OK;
    }

    private static Map<String, Object> fields(FetchResult result) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("output", result.out().toString());
        fields.put("bytes", result.bytes());
        fields.put("sha256", result.sha256());
        fields.put("member", result.member());
        fields.put("url", result.url().toString());
        fields.put("archive_bytes", result.archiveBytes());
        fields.put("archive_sha256", result.archiveSha256());
        fields.put("attempts", result.attempts());
        fields.put("seconds", Math.round(result.seconds() * 100) / 100.0);
        return fields;
    }

    private URI url() {
        try {
            return FetchRequest.httpUrl(url);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--url '" + url + "' is not an http or https URL");
        }
    }

    private String sha256() {
        if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
            throw new ParameterException(spec.commandLine(), "--sha256 '" + sha256 + "' is not 64 hexadecimal digits");
        }
        return sha256;
    }

    private List<X509Certificate> authorities() {
        if (caCert == null) {
            return List.of();
        }
        try {
            return CertificateFile.read(caCert);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--ca-cert " + caCert + " " + e.getMessage());
        }
    }

    private int attempts() {
        if (retries < 0 || retries > 100) {
            throw new ParameterException(spec.commandLine(), "--retries must be between 0 and 100, not " + retries);
        }
        return retries + 1;
    }

    /** A size by the one rule of {@link Size}; a value that is none is a usage error naming the option. */
    private long size(String option, String value) {
        try {
            return Size.parse(value).bytes();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': "
                    + e.getMessage());
        }
    }

    private <N extends Number> N positive(String option, N value) {
        if (value.longValue() <= 0) {
            throw new ParameterException(spec.commandLine(), option + " must be positive, not " + value);
        }
        return value;
    }

    /**
     * Detail lines with -v; a progress line only on a terminal, redrawn at most ten times a second; drawn by the
     * progress renderer every command uses ({@link Progress#onTerminal}).
     */
    private static final class Reporter implements FetchListener {

        private final Progress progress;
        private final boolean terminal;
        private long lastDrawn;

        Reporter(PrintWriter err, boolean verbose, boolean terminal) {
            this.progress = Progress.onTerminal(err, verbose, terminal);
            this.terminal = terminal;
        }

        @Override
        public void detail(String line) {
            progress.line(line);
        }

        @Override
        public void progress(long bytes, long total) {
            long now = System.nanoTime();
            if (!terminal || (now - lastDrawn < 100_000_000L && (total < 0 || bytes < total))) {
                return;
            }
            lastDrawn = now;
            String text = total > 0
                    ? String.format(Locale.ROOT, "downloading: %.1f of %.1f MB (%d%%)", bytes / 1e6, total / 1e6,
                    bytes * 100 / total)
                    : String.format(Locale.ROOT, "downloading: %.1f MB", bytes / 1e6);
            progress.status(text);
        }

        void clearProgress() {
            progress.clearBar();
        }
    }
}
