package dev.votes.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.common.OutputFile;
import dev.votes.generate.VoteGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import dev.votes.failure.BadInput;
import dev.votes.failure.NothingCommitted;

/** {@code votes generate}: deterministic synthetic vote files for benchmarks and tests. */
@Command(name = "generate", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        header = "Write deterministic synthetic vote events as JSON lines.",
        description = {"Write deterministic synthetic vote events as JSON lines (the same options always give the same "
                + "bytes): dates spread over years with spike and lull weeks, a share of duplicate Ids and of bad lines "
                + "(six kinds, rotating), optional UserId/BountyAmount. For benchmarks (bench/run) and tests.",
                "Writes to --out (atomically; gzip when it ends in .gz) or to stdout; one summary line on stderr."})
public class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", required = true, paramLabel = "N", description = "Lines to write.")
    long rows;

    @Option(names = "--first-id", paramLabel = "ID", defaultValue = "1",
            description = "Id of the first new vote; new votes count up from it (default ${DEFAULT-VALUE}).")
    long firstId;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duplicates", paramLabel = "SHARE", defaultValue = "0.01",
            description = "Share of lines repeating an earlier Id, 0..1 (default ${DEFAULT-VALUE}).")
    double duplicates;

    @Option(names = "--bad", paramLabel = "SHARE", defaultValue = "0.001",
            description = "Share of bad lines, 0..1 (default ${DEFAULT-VALUE}).")
    double bad;

    @Option(names = "--optional", paramLabel = "SHARE", defaultValue = "0.3",
            description = "Share of lines with UserId (some also BountyAmount), 0..1 (default ${DEFAULT-VALUE}).")
    double optional;

    @Option(names = "--start", paramLabel = "DATE", defaultValue = "2008-08-04",
            description = "First day, yyyy-MM-dd (default ${DEFAULT-VALUE}).")
    LocalDate start;

    @Option(names = "--years", defaultValue = "10", description = "Years the dates span (default ${DEFAULT-VALUE}).")
    int years;

    @Option(names = "--out", paramLabel = "FILE",
            description = "File to write, a regular file or a new one; anything else is refused (default: stdout).")
    Path out;

    @Override
    public Integer call() throws IOException {
        validate();
        if (out != null) {
            try {
                OutputFile.check(out);
            } catch (OutputFile.Refused refused) {
                throw refusal(refused);
            }
        }
        var settings = new VoteGenerator.Settings(rows, firstId, seed, duplicates, bad, optional, start, years);
        VoteGenerator generator = new VoteGenerator(settings);
        long started = System.nanoTime();
        VoteGenerator.Written written;
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            written = generator.write(stdout);
        } else {
            written = writeAtomically(generator, out);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println(String.format(Locale.ROOT, "generated %d lines (%d repeating an earlier Id, %d bad) to %s "
                        + "in %.2f s", written.lines(), written.duplicateLines(),
                written.badLines(), out == null ? "stdout" : out, (System.nanoTime() - started) / 1e9));
        err.flush();
        return ExitCodes.OK;
    }

    private void validate() {
        String problem = rows < 0 ? "--rows must be 0 or more"
                : firstId < 1 ? "--first-id must be 1 or more"
                : !share(duplicates) || !share(bad) || !share(optional) || duplicates + bad > 1
                        ? "--duplicates, --bad and --optional are shares between 0 and 1 (duplicates + bad at most 1)"
                : years < 1 || years > 100 ? "--years must be between 1 and 100"
                : null;
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
    }

    private static boolean share(double value) {
        return value >= 0 && value <= 1;
    }

    /**
     * Writes to a temporary file beside the target, then puts it in place: only over a regular file or where nothing
     * is (checked again right before, see {@link OutputFile#publish}).
     */
    private static VoteGenerator.Written writeAtomically(VoteGenerator generator, Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = newTemporaryFile(directory, "." + target.getFileName());
        try {
            VoteGenerator.Written written;
            try (OutputStream file = Files.newOutputStream(temporary);
                 OutputStream stream = target.toString().endsWith(".gz") ? new GZIPOutputStream(file, 1 << 16) : file;
                 Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 20)) {
                written = generator.write(writer);
            }
            OutputFile.publish(temporary, target);
            return written;
        } catch (OutputFile.Refused refused) {
            Files.deleteIfExists(temporary);
            throw refusal(refused);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw new NothingCommitted("cannot write " + target + ": " + e.getMessage()
                    + "; nothing was written", e);
        }
    }

    /**
     * A new empty file in {@code directory} with the mode the umask gives any new file (as the published file is the
     * temporary one, renamed or linked): unlike {@code Files.createTempFile}, which makes it 0600.
     */
    private static Path newTemporaryFile(Path directory, String prefix) throws IOException {
        for (int tries = 0; ; tries++) {
            Path file = directory.resolve(prefix + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)
                    + ".part");
            try {
                return Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                if (tries > 10) {
                    throw e;
                }
            }
        }
    }

    /** One line: what is at --out, and what to pass instead. */
    private static BadInput refusal(OutputFile.Refused refused) {
        return new BadInput(refused.describe("--out") + "; nothing was written ("
                + (refused.linkedFile() != null ? "pass --out " + refused.linkedFile() + " to replace the file it points to"
                : "pass --out with the path of a regular file or of a new one, or omit --out to write to stdout") + ")");
    }
}
