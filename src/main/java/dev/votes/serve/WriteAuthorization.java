package dev.votes.serve;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * With {@code --token}, the write endpoints (every non-GET request under {@code /api/}) need
 * {@code Authorization: Bearer TOKEN}. Checked first on the router, before the body is read, so an unauthorized upload
 * is refused (401) without being received.
 */
@Singleton
public class WriteAuthorization {

    void install(@Observes Router router, ServeSettings settings) {
        router.route("/api/*").order(Integer.MIN_VALUE).handler(context -> {
            HttpMethod method = context.request().method();
            boolean write = !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)
                    && !HttpMethod.OPTIONS.equals(method);
            if (write && !settings.authorizes(context.request().getHeader("Authorization"))) {
                context.response().setStatusCode(401)
                        .putHeader("WWW-Authenticate", "Bearer realm=\"votes\"")
                        .putHeader("Content-Type", "application/json")
                        .end("{\"status\":401,\"error\":\"this server needs 'Authorization: Bearer TOKEN' for writes "
                                + "(the --token given to votes serve)\"}");
                return;
            }
            context.next();
        });
    }
}
