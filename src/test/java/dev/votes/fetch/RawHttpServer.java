package dev.votes.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

/**
 * A real HTTP/1.1 server on 127.0.0.1 and an ephemeral port, written on a plain ServerSocket so that a test can
 * misbehave at the byte level: drop the connection mid-body, stall, lie about lengths. One request per connection
 * ({@code Connection: close}); every request is recorded. Given a TLS context, it serves HTTPS.
 */
public final class RawHttpServer implements AutoCloseable {

    /** A request as received; header names in lower case. */
    public record Request(String method, String target, Map<String, String> headers) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Answers request number {@code index} (0-based) by writing raw bytes to {@code out}. */
    @FunctionalInterface
    public interface Handler {
        void handle(Request request, int index, OutputStream out) throws IOException;
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final ServerSocket socket;
    private final Handler handler;
    private final String scheme;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    public RawHttpServer(Handler handler) throws IOException {
        this(handler, null);
    }

    /** An HTTPS server when {@code tls} is given: the same, over TLS with the context's certificate. */
    public RawHttpServer(Handler handler, SSLContext tls) throws IOException {
        this.handler = handler;
        this.scheme = tls == null ? "http" : "https";
        this.socket = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = Thread.ofPlatform().daemon().name("raw-http-accept").start(this::accept);
    }

    public URI url(String path) {
        return URI.create(scheme + "://127.0.0.1:" + socket.getLocalPort() + path);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Connections accepted, whether or not a request came (a TLS handshake the client gave up is one too). */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.incrementAndGet();
                Thread.ofPlatform().daemon().name("raw-http-connection").start(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            Request request = readRequest(connection.getInputStream());
            if (request == null) {
                return;
            }
            int index;
            synchronized (requests) {
                requests.add(request);
                index = requests.size() - 1;
            }
            OutputStream out = connection.getOutputStream();
            handler.handle(request, index, out);
            out.flush();
        } catch (IOException ignored) {
            // the client went away: nothing to answer
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
        }
        return new Request(requestLine[0], requestLine[1], headers);
    }

    // ---- responses

    /** Writes a status line, headers (plus Connection: close) and a body. */
    public static void respond(OutputStream out, int status, Map<String, String> headers, byte[] body) throws IOException {
        writeHead(out, status, headers);
        out.write(body);
    }

    public static void writeHead(OutputStream out, int status, Map<String, String> headers) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Serves {@code body} like a well-behaved file server: Accept-Ranges, Content-Length, and 206 for a Range. */
    public static void serve(Request request, OutputStream out, byte[] body) throws IOException {
        String range = request.header("Range");
        Matcher matcher = range == null ? null : RANGE.matcher(range);
        if (matcher != null && matcher.matches()) {
            int start = Integer.parseInt(matcher.group(1));
            if (start >= body.length) {
                respond(out, 416, Map.of("Content-Range", "bytes */" + body.length, "Content-Length", "0"), new byte[0]);
                return;
            }
            respond(out, 206, Map.of("Accept-Ranges", "bytes", "Content-Length", String.valueOf(body.length - start),
                            "Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length),
                    java.util.Arrays.copyOfRange(body, start, body.length));
            return;
        }
        respond(out, 200, Map.of("Accept-Ranges", "bytes", "Content-Length", String.valueOf(body.length),
                "Content-Type", "application/gzip"), body);
    }

    /** A handler that serves {@code body} to every request. */
    public static Handler serving(byte[] body) {
        return (request, index, out) -> serve(request, out, body);
    }

    /** A handler that answers every request with an empty response of this status. */
    public static Handler status(int status) {
        return (request, index, out) -> respond(out, status, Map.of("Content-Length", "0"), new byte[0]);
    }
}
