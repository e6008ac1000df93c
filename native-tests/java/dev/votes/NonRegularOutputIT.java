package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.cli.exit.ExitCodes;

/**
 * The packaged executable (the native binary with -Dnative) refuses to write over what is not a regular file, and
 * names what it is: here a FIFO at {@code generate --out}, left as it was.
 */
class NonRegularOutputIT {

    @TempDir
    Path dir;

    @Test
    void generateRefusesAFifoAtOutAndLeavesIt() throws Exception {
        Path fifo = SpecialFiles.fifo(dir.resolve("votes.jsonl"));
        Map<String, Object> before = SpecialFiles.snapshot(fifo);

        PackagedCli.Result result = PackagedCli.run(dir, "generate", "--rows", "100", "--out", fifo.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(List.of("votes: refusing to write --out " + fifo + ": it is a FIFO, not a regular file; nothing was "
                + "written (pass --out with the path of a regular file or of a new one, or omit --out to write to "
                + "stdout)"), result.err().lines().toList());
        assertEquals(before, SpecialFiles.snapshot(fifo));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("votes.jsonl"), files.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("process-")).toList(), "nothing beside it");
        }
    }
}
