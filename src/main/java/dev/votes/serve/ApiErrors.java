package dev.votes.serve;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.votes.common.ExitCodes;
import dev.votes.common.VotesException;
import io.quarkus.runtime.Quarkus;

/** Every API failure as one JSON object, {@code {"status": N, "error": "one line"}}, never a stack trace. */
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return error(e.status(), e.getMessage());
    }

    /** A read that failed the way a CLI command fails: the same status mapping as an ingest, with 500 otherwise. */
    @ServerExceptionMapper
    public Response votesException(VotesException e) {
        ApiException mapped = fromCli(e, 500);
        return error(mapped.status(), mapped.getMessage());
    }

    @ServerExceptionMapper
    public Response closed(WriteGate.Closed e) {
        return error(503, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof jakarta.ws.rs.WebApplicationException web) {
            return error(web.getResponse().getStatus(), web.getMessage());
        }
        LOG.error("unexpected error", e);
        return error(500, "unexpected error: " + dev.votes.common.ErrorHandler.firstLine(String.valueOf(e)));
    }

    /** The CLI's exit code as an HTTP status; a stop signal during an ingest also stops the server, as in the CLI. */
    static ApiException fromCli(VotesException e, int failureStatus) {
        return switch (e.exitCode()) {
            case ExitCodes.WAREHOUSE_BUSY -> new ApiException(409, e.getMessage());
            case ExitCodes.INTERRUPTED, ExitCodes.TERMINATED -> {
                Quarkus.asyncExit(e.exitCode());
                yield new ApiException(503, e.getMessage() + "; the server is stopping");
            }
            default -> new ApiException(failureStatus, e.getMessage());
        };
    }

    static Response error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
