package dev.votes.serve;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The checks a request under {@code /api/} passes first, on the router, before its body is read: so a refused upload
 * is answered without being received. A request is a browser's when it has an {@code Origin} or a
 * {@code Sec-Fetch-Site} header (browsers send {@code Sec-Fetch-Site} with every request); clients that are not
 * browsers send neither and are only subject to the token.
 * <ol>
 * <li>Any request, without a token: 403 for a browser's request addressed ({@code Host}) to a name that is not one of
 * this machine's ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}). A page whose own name was re-pointed at
 * 127.0.0.1 (DNS rebinding) is "same origin" to the browser, but its requests carry that name.</li>
 * <li>A write (every method but GET, HEAD, OPTIONS): 503 once the server is stopping ({@link WriteGate#stop}).</li>
 * <li>A write: 403 from a web page of another origin. {@code Sec-Fetch-Site} must be {@code same-origin}, and
 * {@code Origin} must name the host and port the request was sent to ({@code Host}).</li>
 * <li>A write: 401 without the bearer token, when {@code --token} is set.</li>
 * </ol>
 * Every write that passes is followed until it is answered ({@link WriteGate#arriving}). And a failure that the API
 * did not answer itself is answered here in the API's JSON shape, an unexpected one logged with the error id its answer
 * names ({@link ApiErrors#logged}); one whose response is gone already (a stop answered the upload, the client left)
 * is not answered twice.
 */
@Singleton
public class ApiGuard {

    private static final Pattern LOOPBACK_HOST = Pattern.compile("localhost|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[::1\\]");

    void install(@Observes Router router, ServeSettings settings, WriteGate gate) {
        router.route("/api/*").order(Integer.MIN_VALUE).handler(context -> {
            String rebound = settings.tokenRequired() ? null : notThisMachine(context.request());
            if (rebound != null) {
                refuse(context, 403, "refused: a web page's request to " + rebound + ", which is not a name of this "
                        + "machine, and this server has no token; open it as http://127.0.0.1 or http://localhost");
                return;
            }
            HttpMethod method = context.request().method();
            if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
                context.next();
                return;
            }
            if (gate.stopping()) {
                refuse(context, 503, WriteGate.STOPPING);
                return;
            }
            String foreign = foreignOrigin(context.request());
            if (foreign != null) {
                refuse(context, 403, "writes are refused from a web page of another origin (" + foreign + "); "
                        + "use this server's own page, or a client that is not a browser");
                return;
            }
            if (!settings.authorizes(context.request().getHeader("Authorization"))) {
                context.response().putHeader("WWW-Authenticate", "Bearer realm=\"votes\"");
                refuse(context, 401, "this server needs 'Authorization: Bearer TOKEN' for writes (the --token given "
                        + "to votes serve)");
                return;
            }
            gate.arriving(context);
            context.next();
        });
        router.route("/api/*").order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.response().ended() || context.response().closed()) {
                return;
            }
            if (context.response().headWritten()) {
                context.response().end();
                return;
            }
            int status = context.statusCode() > 0 ? context.statusCode() : 500;
            String message = status == 500 ? ApiErrors.logged(context.failure())
                    : HttpResponseStatus.valueOf(status).reasonPhrase();
            refuse(context, status, message);
        });
    }

    /** The Host of a browser's request when it is not a name of this machine, else null. */
    static String notThisMachine(HttpServerRequest request) {
        if (request.getHeader("Sec-Fetch-Site") == null && request.getHeader("Origin") == null) {
            return null;
        }
        String host = request.getHeader("Host");
        String hostName = host == null ? null : hostName(host.strip());
        return hostName != null && LOOPBACK_HOST.matcher(hostName).matches() ? null : String.valueOf(host);
    }

    /** Why a browser's write does not come from this server's own page, or null when it does (or is no browser's). */
    static String foreignOrigin(HttpServerRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader("Origin");
        if (site == null && origin == null) {
            return null;
        }
        if (site != null && !site.equalsIgnoreCase("same-origin")) {
            return "Sec-Fetch-Site: " + site;
        }
        String host = request.getHeader("Host");
        if (host == null || host.isBlank()) {
            return "no Host header";
        }
        if (origin != null && !sameAuthority(origin.strip(), host.strip())) {
            return "Origin " + origin + " is not http://" + host;
        }
        return null;
    }

    /** Whether an Origin ({@code http://host:port}) names the host and port of a Host header. */
    private static boolean sameAuthority(String origin, String host) {
        try {
            URI page = new URI(origin);
            String scheme = page.getScheme() == null ? "" : page.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || page.getHost() == null) {
                return false;
            }
            int defaultPort = scheme.equals("https") ? 443 : 80;
            URI target = new URI("http://" + host);
            if (target.getHost() == null) {
                return false;
            }
            int pagePort = page.getPort() < 0 ? defaultPort : page.getPort();
            int targetPort = target.getPort() < 0 ? defaultPort : target.getPort();
            return page.getHost().equalsIgnoreCase(target.getHost()) && pagePort == targetPort;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String hostName(String host) {
        try {
            String name = new URI("http://" + host).getHost();
            return name == null ? null : name.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static void refuse(RoutingContext context, int status, String message) {
        context.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(ApiErrors.json(status, message));
    }
}
