package dev.votes.serve;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.common.Progress;
import dev.votes.failure.VotesFailure;
import dev.votes.ingest.CommittedButUnfinishedException;
import dev.votes.ingest.IngestService;
import dev.votes.ingest.IngestSummary;
import dev.votes.outliers.OutlierService;
import dev.votes.warehouse.WarehouseFile;

/**
 * The HTTP API of {@code votes serve}: the CLI's commands over HTTP, with the same services, semantics and ledger.
 * Statuses mirror the CLI's exit codes: 200 (0), 207 (3: committed with rejects), 409 (4: warehouse busy), 422 (1 for
 * an ingest: nothing committed), 500 (1 for a read), 503 (130/143: stopped by a signal, or the server is stopping).
 * Answers name files relative to the warehouse's directory, never by an absolute server path ({@link PublicText}).
 */
@Path("/api")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The --token given to votes serve; needed by the write endpoints only when it was given.")
@Produces(MediaType.APPLICATION_JSON)
public class ApiResource {

    /** 207 Multi-Status: the run committed, but some lines were rejected (the CLI's exit code 3). */
    public static final int COMMITTED_WITH_REJECTS = 207;

    static final long DEFAULT_RUNS = 20;
    static final long DEFAULT_REJECTS = 100;

    private static final Logger LOG = Logger.getLogger(ApiResource.class);

    @Inject
    ServeSettings settings;

    @Inject
    WriteGate gate;

    @Inject
    IngestService ingestService;

    @Inject
    OutlierService outlierService;

    @Inject
    WarehouseReads reads;

    @POST
    @Path("/ingest")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Ingest uploaded files as one run",
            description = "Multipart upload of one or more JSON-lines files (plain, gzip or zstd; any part name). "
                    + "One run, one transaction, the same ledger as 'votes ingest'. With ?force=true, files the file "
                    + "ledger shows loaded unchanged are read again.")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "200", description = "committed, no rejected lines")
    @APIResponse(responseCode = "207", description = "committed, some lines rejected (see /api/rejects?run=ID)")
    @APIResponse(responseCode = "400", description = "no file in the request, or a body that is not complete "
            + "multipart/form-data")
    @APIResponse(responseCode = "401", description = "--token is set and the bearer token is missing or wrong")
    @APIResponse(responseCode = "403", description = "sent by a web page of another origin")
    @APIResponse(responseCode = "409", description = "another process holds the warehouse's lock; nothing done")
    @APIResponse(responseCode = "413", description = "the request is larger than --max-upload")
    @APIResponse(responseCode = "422", description = "the files could not be loaded; nothing committed")
    @APIResponse(responseCode = "503", description = "not serving yet, or stopping (an upload still arriving is "
            + "answered at once), or stopped by a signal during the run; nothing committed")
    public Response ingest(@RestForm(FileUpload.ALL) List<FileUpload> files, @RestQuery boolean force) {
        WarehouseFile warehouse = warehouse();
        List<Uploads.Received> received = new ArrayList<>();
        for (FileUpload file : files == null ? List.<FileUpload>of() : files) {
            if (file.uploadedFile() != null) {
                received.add(new Uploads.Received(file.uploadedFile(), file.fileName()));
            }
        }
        if (received.isEmpty()) {
            throw new ApiException(Response.Status.BAD_REQUEST.getStatusCode(),
                    "no file in the request: send multipart/form-data with one or more file parts");
        }
        try {
            return gate.serialized(() -> {
                try (Uploads uploads = Uploads.place(warehouse, received)) {
                    IngestSummary summary;
                    String unfinished = null;
                    CommittedButUnfinishedException unfinishedFailure = null;
                    java.nio.file.Path base = base(warehouse);
                    try {
                        summary = ingestService.ingest(warehouse, uploads.paths(), null, force, settings.earliest(),
                                Progress.QUIET);
                        LOG.info(summary.line());
                    } catch (CommittedButUnfinishedException e) {
                        // Committed: answered as the committed run it is, with what did not finish (never a 422).
                        LOG.warn(e.getMessage());
                        summary = e.summary();
                        unfinishedFailure = e;
                        unfinished = PublicText.message(e.getMessage().substring(summary.line().length() + 2), base);
                    }
                    Map<String, Object> body = new LinkedHashMap<>(summary.fields());
                    body.put("files", paths(summary.files(), base));
                    body.put("files_skipped", paths(summary.filesSkipped(), base));
                    List<Map<String, Object>> names = new ArrayList<>();
                    for (Uploads.Upload upload : uploads.files()) {
                        Map<String, Object> name = new LinkedHashMap<>();
                        name.put("name", upload.originalName());
                        name.put("stored_as", PublicText.path(upload.path().toString(), base));
                        name.put("bytes", upload.bytes());
                        names.add(name);
                    }
                    body.put("uploads", names);
                    boolean rejects = summary.rowsRejected() > 0;
                    body.put("exit_code", unfinished != null ? ExitCodes.of(unfinishedFailure)
                            : ExitCodes.committed(summary.rowsRejected()));
                    if (unfinished != null) {
                        body.put("warning", unfinished);
                    }
                    return Response.status(rejects ? COMMITTED_WITH_REJECTS : 200).entity(body).build();
                } catch (IOException e) {
                    String message = "could not place the uploaded files: " + e.getMessage() + "; nothing was committed";
                    throw new ApiException(500, message, message);
                }
            });
        } catch (VotesFailure e) {
            throw ApiErrors.fromFailure(e, 422, gate);
        }
    }

    @GET
    @Path("/outliers")
    @Operation(summary = "The outlier weeks",
            description = "Recreates the view blog_analysis.outlier_weeks and returns its rows, earliest week first, "
                    + "as 'votes outliers' does. Empty before the first ingest.")
    public List<Map<String, Object>> outliers() {
        WarehouseFile warehouse = warehouse();
        if (reads.weeks(warehouse).isEmpty()) {
            return List.of();
        }
        return gate.serialized(() -> outlierService.outlierWeeks(warehouse, Progress.QUIET).rowsAsObjects());
    }

    @GET
    @Path("/weeks")
    @Operation(summary = "Every week's vote count with the mean and the ±20 % band",
            description = "Year, WeekNumber (strftime %W), VoteCount, mean, lower (0.8 mean), upper (1.2 mean) and "
                    + "outlier (the view's exact test), earliest week first.")
    public List<Map<String, Object>> weeks() {
        return reads.weeks(warehouse());
    }

    @GET
    @Path("/runs")
    @Operation(summary = "The ingestion ledger, newest run first", description = "At most ?limit=N runs (default 20).")
    public List<Map<String, Object>> runs(@RestQuery Long limit) {
        WarehouseFile warehouse = warehouse();
        java.nio.file.Path base = base(warehouse);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Map<String, Object> row : reads.runs(warehouse, limit(limit, DEFAULT_RUNS))) {
            Map<String, Object> run = new LinkedHashMap<>(row);
            if (run.get("files") instanceof List<?> files) {
                run.put("files", paths(files.stream().map(String::valueOf).toList(), base));
            }
            if (run.get("error") instanceof String error) {
                run.put("error", PublicText.message(error, base));
            }
            runs.add(run);
        }
        return runs;
    }

    @GET
    @Path("/rejects")
    @Operation(summary = "Quarantined lines with their reasons",
            description = "Of the run ?run=ID (every run when absent), newest run first, then by file and line; at "
                    + "most ?limit=N (default 100). An unknown run is 404.")
    @APIResponse(responseCode = "404", description = "the ledger has no such run")
    public List<Map<String, Object>> rejects(@RestQuery String run, @RestQuery Long limit) {
        Long runId = null;
        if (run != null && !run.isBlank()) {
            try {
                runId = Long.parseLong(run.strip());
            } catch (NumberFormatException e) {
                throw new ApiException(400, "run must be a run id (a whole number), not '" + run + "'");
            }
        }
        try {
            WarehouseFile warehouse = warehouse();
            java.nio.file.Path base = base(warehouse);
            List<Map<String, Object>> rejects = new ArrayList<>();
            for (Map<String, Object> row : reads.rejects(warehouse, runId, limit(limit, DEFAULT_REJECTS))) {
                Map<String, Object> reject = new LinkedHashMap<>(row);
                if (reject.get("source_file") instanceof String file) {
                    reject.put("source_file", PublicText.path(file, base));
                    // A whole file's reject (line 0) carries the reader's message; a line's reason is about its data.
                    if (reject.get("reason") instanceof String reason) {
                        reject.put("reason", reason.replace(file, PublicText.path(file, base)));
                        if (reject.get("line_number") instanceof Number line && line.longValue() == 0) {
                            reject.put("reason", PublicText.message(reason, base));
                        }
                    }
                }
                rejects.add(reject);
            }
            return rejects;
        } catch (WarehouseReads.NoSuchRun e) {
            throw new ApiException(404, e.getMessage());
        }
    }

    private WarehouseFile warehouse() {
        WarehouseFile warehouse = settings.warehouse();
        if (warehouse == null) {
            throw new ApiException(503, "votes serve is starting; retry in a moment");
        }
        return warehouse;
    }

    /** The warehouse's directory: files under it are named relative to it in answers ({@link PublicText}). */
    private static java.nio.file.Path base(WarehouseFile warehouse) {
        return warehouse.path().toAbsolutePath().normalize().getParent();
    }

    private static List<String> paths(List<String> paths, java.nio.file.Path base) {
        return paths.stream().map(path -> PublicText.path(path, base)).toList();
    }

    private static long limit(Long limit, long otherwise) {
        if (limit == null) {
            return otherwise;
        }
        if (limit < 1) {
            throw new ApiException(400, "limit must be at least 1, not " + limit);
        }
        return limit;
    }
}
