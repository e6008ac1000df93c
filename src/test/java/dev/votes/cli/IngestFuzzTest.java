package dev.votes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.api.Jazzer;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.FuzzInput.FuzzFile;
import dev.votes.cli.WarehouseSnapshot.Reject;
import dev.votes.cli.WarehouseSnapshot.RunDetail;
import dev.votes.cli.WarehouseSnapshot.Totals;
import dev.votes.cli.exit.ExitCodes;

/**
 * Coverage-guided fuzzing of {@code votes ingest} (Jazzer): random and mutated JSON lines, CSV, TSV, JSON arrays, plain
 * and gzip-compressed, damaged on disk or not, one to four files a run (see {@link FuzzInput} for how the bytes say
 * that). Each input is ingested in-process through the real main ({@link VotesMain#run}) into a real DuckDB warehouse
 * that the fuzz run keeps (a new one every {@value #RUNS_PER_WAREHOUSE} inputs, so a run stays cheap), and the run must
 * either
 *
 * <ul>
 *   <li>commit (exit 0, or 3 with rejects): one new ledger row, succeeded, whose counts reconcile ({@code read =
 *       inserted + duplicates + rejected}) and match the summary line, the votes table grown by exactly the inserted
 *       rows (all carrying the run's id), every rejected line quarantined once with its file, a line number and a
 *       reason; and nothing silently dropped ({@link LineAccount}): for a JSON-lines file whose content the test
 *       knows, the lines read are exactly its non-blank lines and each quarantined line number names one of them, with
 *       its text, and likewise the records of a CSV or TSV file without quotes; or</li>
 *   <li>fail cleanly (exit 1): one line on stderr that is the tool's own message, not an unexpected exception, and
 *       nothing committed (votes, quarantine and file ledger unchanged; any new ledger row is {@code failed}).</li>
 * </ul>
 *
 * Anything else (an exception out of main, another exit code, a second stderr line, a count that does not add up) is a
 * finding. {@code again} in an input runs the same command twice: the second run must read nothing (unchanged files
 * skipped) or, with {@code --force}, read the same and insert nothing.
 *
 * <p>Without {@code JAZZER_FUZZ} (as in {@code ./mvnw verify}) the test replays its seeds in
 * {@code src/test/resources/dev/votes/cli/IngestFuzzTestInputs/fuzzIngest/}. {@code ./mvnw test -Dfuzz} fuzzes (60 s,
 * CI); {@code bin/fuzz-long} fuzzes for longer. It sits in this package to run the real main's package-private entry.
 */
class IngestFuzzTest {

    static final int RUNS_PER_WAREHOUSE = 200;
    /** {@code -Dvotes.fuzz.strict}: the known faults {@link LineAccount} tolerates are findings too. */
    static final boolean STRICT = Boolean.getBoolean("votes.fuzz.strict");

    private static final Pattern SUMMARY = Pattern.compile("ingest run (\\d+) (succeeded|succeeded_with_rejects): "
            + "(\\d+) files?, read (\\d+), inserted (\\d+), duplicates (\\d+), rejected (\\d+)"
            + "(?:, skipped (\\d+) unchanged file\\(s\\))?(?:, ignored unknown fields .*)? in [0-9.]+ s \\(\\d+ rows/s\\)",
            Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;

    private static Path db;
    private static int executions;
    private static Totals lastTotals;
    private static long ingests;
    private static long ingestNanos;
    /** What the runs did, printed at the end: exit codes, failure messages, formats read, kinds of reject reasons. */
    private static final Map<String, Long> seen = new TreeMap<>();

    @FuzzTest(maxDuration = "60s")
    @DictionaryFile(resourcePath = "IngestFuzzTest.dict")
    void fuzzIngest(byte[] bytes) throws Exception {
        FuzzInput input = FuzzInput.parse(bytes);
        if (db == null || executions % RUNS_PER_WAREHOUSE == 0) {
            newWarehouse();
        }
        Path runDirectory = Files.createDirectories(root.resolve("run-" + executions++));
        try {
            List<Path> files = new ArrayList<>();
            for (FuzzFile file : input.files()) {
                files.add(file.writeTo(runDirectory).toAbsolutePath().normalize());
            }
            List<String> args = new ArrayList<>(List.of("ingest", "--db", db.toString()));
            args.addAll(input.options());
            if (input.directory()) {
                args.add(runDirectory.toString());
            } else {
                files.forEach(file -> args.add(file.toString()));
            }
            Outcome first = ingestAndCheck(input, files, args);
            if (input.again() && first.committed() != null) {
                Outcome second = ingestAndCheck(input, files, args);
                checkSecondRun(input, first.committed(), second);
            }
        } finally {
            deleteRecursively(runDirectory);
        }
    }

    @AfterAll
    static void report() {
        StringBuilder text = new StringBuilder("IngestFuzzTest: " + executions + " inputs, " + ingests + " ingests ("
                + (ingests == 0 ? 0 : ingestNanos / ingests / 1_000_000) + " ms each on average)");
        seen.forEach((what, count) -> text.append("\n  ").append(count).append("  ").append(what));
        System.out.println(text);
    }

    /** A run's exit code, output, and ledger row when it committed (null when it failed). */
    private record Outcome(int exitCode, String out, String err, WarehouseSnapshot.Run committed) {
    }

    private static Outcome ingestAndCheck(FuzzInput input, List<Path> files, List<String> args) throws Exception {
        // The totals the previous check read (nothing else writes the warehouse), else read now.
        Totals before = lastTotals != null ? lastTotals : WarehouseSnapshot.totals(db);
        lastTotals = null;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode;
        long started = System.nanoTime();
        try {
            exitCode = VotesMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        } catch (Throwable e) {
            throw new AssertionError("ingest threw instead of returning an exit code: " + args, e);
        }
        ingestNanos += System.nanoTime() - started;
        ingests++;
        String context = String.join(" ", args) + "\nexit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        count("exit " + exitCode);
        Jazzer.exploreState((byte) exitCode, 1);
        return switch (exitCode) {
            case ExitCodes.OK, ExitCodes.COMMITTED_WITH_REJECTS -> new Outcome(exitCode, out.toString(),
                    err.toString(), checkCommitted(input, files, before, exitCode, out.toString(), err.toString(),
                    context));
            case ExitCodes.FAILURE -> {
                checkFailedCleanly(before, out.toString(), err.toString(), context);
                yield new Outcome(exitCode, out.toString(), err.toString(), null);
            }
            default -> throw new AssertionError("exit " + exitCode + " is neither a commit (0, 3) nor a clean "
                    + "failure (1)\n" + context);
        };
    }

    private static void checkFailedCleanly(Totals before, String out, String err, String context) throws Exception {
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), () -> "a failure prints one line on stderr\n" + context);
        String line = lines.getFirst();
        assertTrue(line.startsWith("votes: "), () -> "the failure line is the tool's\n" + context);
        assertFalse(line.startsWith("votes: unexpected error"), () -> "an exception escaped the ingest\n" + context);
        assertEquals("", out, () -> "a failure prints nothing on stdout\n" + context);
        count("failed: " + messageKind(line));
        Jazzer.exploreState((byte) messageKind(line).hashCode(), 2);

        WarehouseSnapshot.AfterFailure afterFailure = WarehouseSnapshot.afterFailure(db, before.maxRunId());
        Totals after = afterFailure.totals();
        assertEquals(before.votes(), after.votes(), () -> "a failed run changed the votes\n" + context);
        assertEquals(before.rejected(), after.rejected(), () -> "a failed run quarantined lines\n" + context);
        assertEquals(before.ingestedFiles(), after.ingestedFiles(),
                () -> "a failed run recorded files in the file ledger\n" + context);
        List<String> statuses = afterFailure.statusesOfNewRuns();
        assertTrue(statuses.stream().allMatch("failed"::equals),
                () -> "the ledger rows of a failed run say " + statuses + "\n" + context);
        lastTotals = after;
    }

    private static WarehouseSnapshot.Run checkCommitted(FuzzInput input, List<Path> files, Totals before, int exitCode,
                                                        String out, String err, String context) throws Exception {
        String line = err.endsWith("\n") ? err.substring(0, err.length() - 1) : err;
        Matcher summary = SUMMARY.matcher(line);
        assertTrue(summary.matches(), () -> "the summary line\n" + context);
        // Unknown field names are shown with their control characters as '?' (once a known fault: no more).
        assertTrue(oneLineOfText(line),
                () -> "a committed run prints one summary line on stderr, without control characters\n" + context);
        long runId = Long.parseLong(summary.group(1));

        RunDetail detail = WarehouseSnapshot.run(db, runId);
        Totals after = detail.totals();
        WarehouseSnapshot.Run run = detail.run();
        assertNotNull(run, () -> "the ledger has the run the summary names\n" + context);
        assertTrue(runId > before.maxRunId(), () -> "the run is new\n" + context);
        assertEquals(before.runs() + 1, after.runs(), () -> "a committed run adds one ledger row\n" + context);
        assertEquals(summary.group(2), run.status(), () -> "the ledger's status\n" + context);
        assertEquals(run.rejected() > 0 ? "succeeded_with_rejects" : "succeeded", run.status(), context);
        assertEquals(run.rejected() > 0 ? ExitCodes.COMMITTED_WITH_REJECTS : ExitCodes.OK, exitCode,
                () -> "exit 3 exactly when lines were rejected\n" + context);
        assertEquals(List.of(run.read(), run.inserted(), run.duplicates(), run.rejected()),
                List.of(Long.parseLong(summary.group(4)), Long.parseLong(summary.group(5)),
                        Long.parseLong(summary.group(6)), Long.parseLong(summary.group(7))),
                () -> "the summary line's counts are the ledger's\n" + context);
        assertEquals(run.read(), run.inserted() + run.duplicates() + run.rejected(),
                () -> "read = inserted + duplicates + rejected\n" + context);
        assertTrue(run.inserted() >= 0 && run.duplicates() >= 0 && run.rejected() >= 0, context);

        assertEquals(before.votes() + run.inserted(), after.votes(), () -> "votes grew by the inserted rows\n" + context);
        assertEquals(run.inserted(), detail.votesOfRun(), () -> "the inserted rows carry the run's id\n" + context);
        assertEquals(before.rejected() + run.rejected(), after.rejected(),
                () -> "the quarantine grew by the rejected lines\n" + context);
        assertEquals(run.rejected(), detail.rejects().size(), () -> "each rejected line is quarantined\n" + context);

        Set<String> given = new HashSet<>();
        files.forEach(file -> given.add(file.toString()));
        if (input.directory()) {
            assertTrue(given.containsAll(run.files()), () -> "the run read only the directory's files\n" + context);
        } else {
            assertEquals(given, new HashSet<>(run.files()), () -> "the ledger names every file given\n" + context);
        }
        assertTrue(run.files().containsAll(run.filesSkipped()), context);
        if (!run.filesSkipped().isEmpty()) {
            count("skipped unchanged files");
        }
        for (String file : run.files()) {
            assertTrue(detail.formats().containsKey(file),
                    () -> "a committed run's file is in the file ledger: " + file + "\n" + context);
        }

        Set<String> positions = new HashSet<>();
        Map<String, Integer> rejectsPerFile = new LinkedHashMap<>();
        for (Reject reject : detail.rejects()) {
            assertTrue(run.files().contains(reject.sourceFile()), () -> "a reject names its file\n" + context);
            assertFalse(run.filesSkipped().contains(reject.sourceFile()), () -> "a skipped file has no rejects\n"
                    + context);
            assertTrue(reject.lineNumber() >= 0, () -> "a reject's line number\n" + context);
            assertNotNull(reject.reason(), context);
            assertFalse(reject.reason().isBlank(), () -> "a reject has a reason\n" + context);
            assertTrue(positions.add(reject.sourceFile() + ":" + reject.lineNumber()),
                    () -> "a line is quarantined once: " + reject + "\n" + context);
            rejectsPerFile.merge(reject.sourceFile(), 1, Integer::sum);
            count("reject: " + reasonKind(reject.reason()));
            Jazzer.exploreState((byte) reasonKind(reject.reason()).hashCode(), 3);
        }
        for (Reject reject : detail.rejects()) {
            if (reject.lineNumber() == 0) {
                assertEquals(1, rejectsPerFile.get(reject.sourceFile()),
                        () -> "a file rejected as a whole has no other rejects\n" + context);
            }
        }

        checkNothingDropped(input, files, run, detail, context);

        if (input.json()) {
            JsonNode json = JSON.readTree(out);
            assertEquals(run.runId(), json.get("run_id").asLong(), context);
            assertEquals(run.status(), json.get("status").asText(), context);
            assertEquals(List.of(run.read(), run.inserted(), run.duplicates(), run.rejected()),
                    List.of(json.get("rows_read").asLong(), json.get("rows_inserted").asLong(),
                            json.get("duplicates_skipped").asLong(), json.get("rows_rejected").asLong()),
                    () -> "the JSON summary's counts are the ledger's\n" + context);
        } else {
            assertEquals("", out, () -> "without --format, stdout stays empty\n" + context);
        }
        lastTotals = after;
        return run;
    }

    /**
     * The independent account of the lines ({@link LineAccount}): for each JSON-lines file whose bytes the test made
     * (plain, or gzip-compressed and undamaged), each quarantined line number is one of its non-blank lines, with that
     * line's text; likewise for a CSV or TSV file without quotes, whose records are its non-empty lines after the
     * header. When the run read only such files, its {@code read} is the number of their lines and records.
     */
    private static void checkNothingDropped(FuzzInput input, List<Path> files, WarehouseSnapshot.Run run,
                                            RunDetail detail, String context) {
        List<LineAccount.KnownFile> known = new ArrayList<>();
        boolean everyFileKnown = true;
        for (int i = 0; i < files.size(); i++) {
            String path = files.get(i).toString();
            if (!run.files().contains(path) || run.filesSkipped().contains(path)) {
                continue;
            }
            FuzzFile file = input.files().get(i);
            String format = detail.formats().get(path);
            count("format " + format);
            Jazzer.exploreState((byte) format.hashCode(), 4);
            boolean whole = file.intact() && (file.gzip() ? format.endsWith("+gzip") : !format.contains("+"));
            String read = format.replace("+gzip", "");
            char delimiter = read.equals("csv") ? ',' : read.equals("tsv") ? '\t' : 0;
            if (whole && read.equals("jsonl")) {
                known.add(new LineAccount.KnownFile(path, file.content(), (char) 0));
            } else if (whole && delimiter != 0 && LineAccount.accountable(file.content(), delimiter)) {
                known.add(new LineAccount.KnownFile(path, file.content(), delimiter));
            } else {
                everyFileKnown = false;
            }
        }
        if (known.isEmpty()) {
            return;
        }
        List<String> differences = new ArrayList<>();
        for (boolean tolerate : STRICT ? new boolean[] {false} : new boolean[] {false, true}) {
            for (LineAccount.LoneCr loneCr : List.of(LineAccount.LoneCr.PART_OF_ITS_LINE)) {
                Set<String> faults = new HashSet<>();
                String difference = LineAccount.check(known, everyFileKnown, run.read(), detail.rejects(), loneCr,
                        tolerate, faults::add);
                if (difference == null) {
                    faults.forEach(IngestFuzzTest::count);
                    count(everyFileKnown ? "lines read checked against the content" : "quarantined lines checked");
                    return;
                }
                differences.add(difference);
            }
        }
        fail("the lines do not add up (lone CRs part of their lines" + (STRICT ? "" : ", then letting the known "
                + "faults pass") + "):\n  " + String.join("\n  ", differences) + "\n" + context);
    }

    /** The second of two identical runs: unchanged files are skipped, or with --force read again and inserted never. */
    private static void checkSecondRun(FuzzInput input, WarehouseSnapshot.Run first, Outcome second) {
        String context = "first run " + first + "\nsecond run exit " + second.exitCode() + "\n" + second.err();
        assertNotNull(second.committed(), () -> "a run that committed commits again\n" + context);
        WarehouseSnapshot.Run run = second.committed();
        if (input.force()) {
            assertEquals(first.read(), run.read(), () -> "--force reads the same lines again\n" + context);
            assertEquals(0, run.inserted(), () -> "a second run inserts nothing\n" + context);
            assertEquals(first.rejected(), run.rejected(), () -> "the same lines are rejected again\n" + context);
        } else {
            assertEquals(new HashSet<>(first.files()), new HashSet<>(run.filesSkipped()),
                    () -> "every file of a committed run is skipped as unchanged\n" + context);
            assertEquals(List.of(0L, 0L, 0L, 0L), List.of(run.read(), run.inserted(), run.duplicates(), run.rejected()),
                    () -> "a run of unchanged files reads nothing\n" + context);
        }
    }



    /** One line of text: no line break and no other control character. */
    private static boolean oneLineOfText(String text) {
        return text.chars().noneMatch(c -> c < 0x20 || c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029);
    }

    /** A reason without its value: {@code Id is not an integer: abc} gives {@code Id is not an integer}. */
    private static String reasonKind(String reason) {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    /** A failure line without the paths and values in it, for the tally. */
    private static String messageKind(String line) {
        String kind = line.replaceAll("/[^ :;,)]*", "PATH").replaceAll("\\d+", "N");
        return kind.length() <= 120 ? kind : kind.substring(0, 120) + "…";
    }

    private static void count(String what) {
        seen.merge(what, 1L, Long::sum);
    }

    private static void newWarehouse() throws IOException {
        if (db != null) {
            for (String suffix : new String[] {"", ".wal", ".tmp"}) {
                deleteRecursively(Path.of(db + suffix));
            }
        }
        db = root.resolve("warehouse-" + executions + ".db");
        lastTotals = null;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
