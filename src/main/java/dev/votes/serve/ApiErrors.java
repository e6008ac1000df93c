package dev.votes.serve;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.common.Text;
import dev.votes.failure.BadInput;
import dev.votes.failure.BadSetting;
import dev.votes.failure.CommittedButUnfinished;
import dev.votes.failure.FetchFailed;
import dev.votes.failure.ListenFailed;
import dev.votes.failure.NothingCommitted;
import dev.votes.failure.StoppedBySignal;
import dev.votes.failure.UnreadableLibrary;
import dev.votes.failure.VotesFailure;
import dev.votes.failure.WarehouseBusy;
import dev.votes.warehouse.WarehouseFile;
import io.quarkus.runtime.Quarkus;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;

/**
 * Every API failure as one JSON object, {@code {"status": N, "error": "one line"}}: never a stack trace, a process's
 * command line or an absolute path of the server ({@link PublicText}). What the operator needs besides goes to the
 * server's log; an unexpected failure is logged with an error id that its answer names.
 */
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    /** Error ids: a random prefix per process, then a counter. */
    private static final String ERROR_ID_PREFIX = Long.toString(new SecureRandom().nextLong() >>> 1, 36);
    private static final AtomicLong ERRORS = new AtomicLong();

    @Inject
    ServeSettings settings;

    @Inject
    WriteGate gate;

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        if (e.logged() != null) {
            LOG.warn(e.logged());
        }
        return error(e.status(), e.getMessage());
    }

    /** A read that failed the way a CLI command fails: the same status mapping as an ingest, with 500 otherwise. */
    @ServerExceptionMapper
    public Response votesFailure(VotesFailure e) {
        return apiException(fromFailure(e, 500, gate));
    }

    @ServerExceptionMapper
    public Response closed(WriteGate.Closed e) {
        return error(503, e.getMessage());
    }

    /**
     * A request body that is not multipart/form-data to the end is the client's mistake (400); a connection closed
     * while the body arrived has nobody to answer (the client left, or a stop answered it 503 already); other I/O
     * failures are the server's.
     */
    @ServerExceptionMapper
    public Response unreadable(IOException e) {
        if (closedConnection(e)) {
            return error(503, WriteGate.STOPPING);
        }
        if ("Request too large".equals(e.getMessage())) {
            // The HTTP layer has answered 413 already (the body is over --max-upload).
            return error(413, "the request is larger than --max-upload; nothing was done");
        }
        if (!(e instanceof FileSystemException) && String.valueOf(e.getMessage()).contains("multipart")) {
            return malformedBody();
        }
        return unexpectedError(e);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof WebApplicationException web) {
            return error(web.getResponse().getStatus(), web.getMessage());
        }
        if (e instanceof MultipartParser.MalformedMessageException) {
            return malformedBody();
        }
        return unexpectedError(e);
    }

    /**
     * A typed failure as an HTTP status (the one place serve maps them; the CLI maps the same types to exit codes),
     * with the client's line and the operator's: a busy warehouse 409, a stop signal 503, anything else {@code
     * failureStatus} (422 for an ingest, 500 for a read). A stop signal during an ingest also stops the server, as in
     * the CLI: no other write starts, and the process then exits with the signal's exit code.
     */
    static ApiException fromFailure(VotesFailure e, int failureStatus, WriteGate gate) {
        return switch (e) {
            case WarehouseBusy busy -> new ApiException(409, "the warehouse is busy: another process holds its "
                    + "lock; nothing was done (retry later; the server's log names the process)", busy.getMessage());
            case StoppedBySignal stopped -> {
                gate.stop();
                Quarkus.asyncExit(ExitCodes.of(stopped.signal()));
                yield new ApiException(503, e.getMessage() + "; the server is stopping", e.getMessage());
            }
            case BadInput ignored -> new ApiException(failureStatus, e.getMessage(), e.getMessage());
            case BadSetting ignored -> new ApiException(failureStatus, e.getMessage(), e.getMessage());
            case CommittedButUnfinished ignored -> new ApiException(failureStatus, e.getMessage(), e.getMessage());
            case FetchFailed ignored -> new ApiException(failureStatus, e.getMessage(), e.getMessage());
            case ListenFailed ignored -> new ApiException(failureStatus, e.getMessage(), e.getMessage());
            case NothingCommitted ignored -> new ApiException(failureStatus, e.getMessage(), e.getMessage());
            case UnreadableLibrary ignored -> new ApiException(failureStatus, e.getMessage(), e.getMessage());
        };
    }

    private Response malformedBody() {
        return error(400, "the request body is not complete multipart/form-data (a part or the closing boundary is "
                + "missing); nothing was done");
    }

    private Response unexpectedError(Throwable e) {
        return error(500, logged(e));
    }

    /** Logs an unexpected failure (with its stack trace) under a new error id; returns the client's line naming it. */
    static String logged(Throwable e) {
        String id = ERROR_ID_PREFIX + "-" + ERRORS.incrementAndGet();
        LOG.errorf(e, "error %s: %s", id, Text.firstLine(String.valueOf(e)));
        return "unexpected error " + id + " (the server's log has the details)";
    }

    private static boolean closedConnection(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    /** The answer, its line without server paths. */
    private Response error(int status, String message) {
        WarehouseFile warehouse = settings.warehouse();
        Path base = warehouse == null ? null : warehouse.path().toAbsolutePath().normalize().getParent();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", PublicText.message(message, base));
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    /** The same shape, for the answers given on the router before a request reaches the API. */
    static String json(int status, String message) {
        return new JsonObject().put("status", status).put("error", message).encode();
    }
}
