package dev.votes.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.votes.common.Version;

/**
 * Downloads one URL into one file with retries and resumption. Connection errors, timeouts, a body that ends early,
 * HTTP 408, 429 and 5xx are retried with exponential backoff and jitter, bounded by a number of attempts and a time
 * budget. A retry after part of the body arrived asks for the rest with {@code Range}; a server that answers 200 instead
 * of 206 sends the whole file again, and the download restarts from byte 0. Other statuses fail at once, and so does
 * a server certificate the client refuses (untrusted, expired, for another host): it would be refused again.
 */
final class HttpDownloader {

    /** The longest backoff between two attempts, and the longest Retry-After honoured. */
    private static final Duration MAX_DELAY = Duration.ofSeconds(30);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes\\s+\\*/(\\d+)");

    /** How a download went: the requests it took and the file's final size. */
    record Outcome(int attempts, long bytes) {
    }

    private final FetchRequest request;
    private final FetchListener listener;
    /** Checks the server's certificate, and says in plain words why it refused one. */
    private final ServerTrust trust;

    /** Ask the next attempt to wait at least this long (a Retry-After), in nanoseconds. */
    private long retryAfterNanos;
    /** ETag or Last-Modified of the full response, sent as If-Range so a changed file is not spliced. */
    private String validator;

    HttpDownloader(FetchRequest request, FetchListener listener) {
        this.request = request;
        this.listener = listener;
        this.trust = ServerTrust.of(request.authorities());
    }

    Outcome download(Path file) throws InterruptedException {
        URI url = request.url();
        long started = System.nanoTime();
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(request.timeout())
                .sslContext(trust.sslContext())
                .build();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "votes-fetch-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int attempt = 1; ; attempt++) {
                String problem;
                try {
                    long have = Files.size(file);
                    listener.detail("attempt " + attempt + "/" + request.attempts() + ": GET " + url
                            + (have > 0 ? " from byte " + have : ""));
                    long size = attemptOnce(client, watchdog, file, have);
                    return new Outcome(attempt, size);
                } catch (Retryable retryable) {
                    problem = retryable.getMessage();
                } catch (IOException local) {
                    throw DatasetFetcher.failure("cannot write the download " + file + ": " + local.getMessage()
                            + "; check the disk space and permissions of " + file.getParent());
                }
                if (attempt >= request.attempts()) {
                    throw DatasetFetcher.failure("could not download " + url + " in " + attempt
                            + (attempt == 1 ? " attempt: " : " attempts: ") + problem
                            + "; check the network and the URL (--url or env VOTES_DATA_URL), or try again later");
                }
                long delay = Math.max(backoffNanos(attempt), retryAfterNanos);
                retryAfterNanos = 0;
                long elapsed = System.nanoTime() - started;
                if (elapsed + delay > request.retryBudget().toNanos()) {
                    throw DatasetFetcher.failure("could not download " + url + ": gave up after " + attempt
                            + " attempts in " + seconds(elapsed) + " s (retry budget " + request.retryBudget().toSeconds()
                            + " s): " + problem + "; check the network and the URL, or try again later");
                }
                listener.detail("attempt " + attempt + " failed: " + problem + "; retrying in " + seconds(delay) + " s");
                TimeUnit.NANOSECONDS.sleep(delay);
            }
        } finally {
            watchdog.shutdownNow();
            client.shutdownNow();
        }
    }

    /**
     * One request. Returns the complete file's size; throws {@link Retryable} for what another attempt may fix,
     * {@link dev.votes.failure.VotesFailure} for what it will not, and IOException for local file errors.
     */
    private long attemptOnce(HttpClient client, ScheduledExecutorService watchdog, Path file, long have)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.url())
                .timeout(request.timeout())
                .header("User-Agent", "votes/" + Version.current())
                .header("Accept-Encoding", "identity")
                .GET();
        if (have > 0) {
            builder.header("Range", "bytes=" + have + "-");
            if (validator != null) {
                builder.header("If-Range", validator);
            }
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            ServerTrust.Refusal refusal = trust.takeRefusal();
            if (refusal != null) {
                // the same certificate comes back on every attempt: no retry
                throw DatasetFetcher.failure("could not download " + request.url() + ": " + refusal.problem()
                        + "; nothing was written (" + refusal.advice() + ")");
            }
            throw new Retryable(connectionProblem(e));
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            long expectedTotal;
            if (status == 200) {
                if (have > 0) {
                    listener.detail("the server sent the whole file instead of the rest; restarting from byte 0");
                    truncate(file);
                    have = 0;
                }
                validator = response.headers().firstValue("ETag").filter(tag -> !tag.startsWith("W/"))
                        .or(() -> response.headers().firstValue("Last-Modified")).orElse(null);
                expectedTotal = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            } else if (status == 206) {
                String contentRange = response.headers().firstValue("Content-Range").orElse("");
                Matcher range = CONTENT_RANGE.matcher(contentRange.strip());
                if (!range.matches() || Long.parseLong(range.group(1)) != have) {
                    truncate(file);
                    throw new Retryable("the server answered the request for bytes " + have + "- with Content-Range '"
                            + contentRange + "'; restarting from byte 0");
                }
                listener.detail("resuming at byte " + have);
                expectedTotal = range.group(3).equals("*") ? -1 : Long.parseLong(range.group(3));
            } else if (status == 416 && have > 0) {
                Matcher unsatisfied = UNSATISFIED_RANGE.matcher(
                        response.headers().firstValue("Content-Range").orElse("").strip());
                if (unsatisfied.matches() && Long.parseLong(unsatisfied.group(1)) == have) {
                    return have;
                }
                truncate(file);
                throw new Retryable("the server could not send bytes " + have + "- (HTTP 416); restarting from byte 0");
            } else if (status == 408 || status == 429 || status >= 500) {
                retryAfterNanos = retryAfter(response.headers().firstValue("Retry-After"));
                throw new Retryable("HTTP " + status);
            } else {
                throw DatasetFetcher.failure("could not download " + request.url() + ": HTTP " + status
                        + (status == 404 || status == 410 ? " (not found)" : status == 401 || status == 403
                        ? " (access denied)" : "") + "; check the URL (--url or env VOTES_DATA_URL)");
            }
            if (expectedTotal > request.maxBytes()) {
                throw DatasetFetcher.failure("the download from " + request.url() + " is " + expectedTotal
                        + " bytes, over the --max-bytes limit of " + request.maxBytes() + "; raise --max-bytes if expected");
            }
            long size = copy(body, file, have, expectedTotal, watchdog);
            if (expectedTotal >= 0 && size < expectedTotal) {
                throw new Retryable("the connection closed after " + size + " of " + expectedTotal + " bytes");
            }
            if (expectedTotal >= 0 && size > expectedTotal) {
                throw DatasetFetcher.failure("the server sent " + size + " bytes but announced " + expectedTotal
                        + " for " + request.url() + "; try again later");
            }
            return size;
        }
    }

    /** Appends the body to the file, giving up on a body that sends nothing for longer than the timeout. */
    private long copy(InputStream body, Path file, long have, long expectedTotal, ScheduledExecutorService watchdog)
            throws IOException {
        AtomicLong lastRead = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long timeout = request.timeout().toNanos();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), timeout / 4);
        var check = watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastRead.get() > timeout && stalled.compareAndSet(false, true)) {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // closing is all that is wanted: it ends the blocked read
                }
            }
        }, period, period, TimeUnit.NANOSECONDS);
        long size = have;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             OutputStream out = Channels.newOutputStream(channel)) {
            byte[] buffer = new byte[64 * 1024];
            listener.progress(size, expectedTotal);
            while (true) {
                int read;
                try {
                    read = body.read(buffer);
                } catch (IOException e) {
                    if (stalled.get()) {
                        throw new Retryable(stallMessage(size));
                    }
                    throw new Retryable("the connection broke after " + size
                            + (expectedTotal >= 0 ? " of " + expectedTotal : "") + " bytes: " + describe(e));
                }
                if (read < 0) {
                    break;
                }
                lastRead.set(System.nanoTime());
                out.write(buffer, 0, read);
                size += read;
                if (size > request.maxBytes()) {
                    throw DatasetFetcher.failure("the download from " + request.url()
                            + " is over the --max-bytes limit of " + request.maxBytes() + " bytes; raise --max-bytes if expected");
                }
                listener.progress(size, expectedTotal);
            }
            if (stalled.get()) {
                throw new Retryable(stallMessage(size));
            }
        } finally {
            check.cancel(false);
        }
        return size;
    }

    private String connectionProblem(IOException e) {
        URI url = request.url();
        String server = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection to " + server + " within " + request.timeout().toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no response from " + server + " within " + request.timeout().toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                    return "cannot resolve " + url.getHost();
                }
            }
            return "cannot connect to " + server;
        }
        return "connection failed: " + describe(e);
    }

    private String stallMessage(long size) {
        return "no data for " + request.timeout().toSeconds() + " s after " + size + " bytes";
    }

    /** Exponential backoff with "equal jitter": half the doubled delay, plus a random part of the other half. */
    private long backoffNanos(int attempt) {
        long base = request.backoffBase().toNanos();
        long delay = Math.min(MAX_DELAY.toNanos(), base << Math.min(attempt - 1, 20));
        return delay / 2 + (delay > 1 ? ThreadLocalRandom.current().nextLong(delay / 2 + 1) : 0);
    }

    private static long retryAfter(Optional<String> header) {
        if (header.isEmpty() || !header.get().strip().matches("\\d{1,6}")) {
            return 0; // an HTTP-date is not worth parsing here: the backoff applies
        }
        return Math.min(TimeUnit.SECONDS.toNanos(Long.parseLong(header.get().strip())), MAX_DELAY.toNanos());
    }

    private static void truncate(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
    }

    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 200; t = t.getCause()) {
            String message = t.getMessage();
            String part = t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " " + message.strip());
            if (text.indexOf(part) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(part);
            }
        }
        return text.toString().replaceAll("\\s+", " ");
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }

    /** A failure another attempt may fix. */
    static final class Retryable extends RuntimeException {
        Retryable(String message) {
            super(message, null, false, false);
        }
    }
}
