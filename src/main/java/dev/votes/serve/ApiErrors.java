package dev.votes.serve;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every API failure as one JSON object, {@code {"status": N, "error": "one line"}}, never a stack trace. */
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return error(e.status(), e.getMessage());
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

    static Response error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
