package dev.votes.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What serve needs on a read-only root file system (a container's): a scratch directory where it can write, and a
 * default address from the environment whose refusal without a token says what to set. Plain unit tests on real
 * directories; ContainerIT runs the binary so.
 */
class ServeScratchTest {

    @TempDir
    Path dir;

    @Test
    void theScratchDirectoryIsAPrivateDirectoryInTheTempDirectory() throws Exception {
        Path temp = Files.createDirectory(dir.resolve("tmp"));

        Path scratch = Listener.scratchDirectory(temp, dir.resolve("data/warehouse.db"));

        assertEquals(temp, scratch.getParent());
        assertTrue(scratch.getFileName().toString().startsWith("votes-serve-"), scratch.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(scratch)));
        assertTrue(Files.isDirectory(scratch.resolve("uploads")), "the listener's uploads directory is made");
    }

    @Test
    void whenTheTempDirectoryCannotBeWrittenItIsBesideTheWarehouse() throws Exception {
        // A file where the temp directory should be: nothing can be made in it, as on a read-only root file system.
        Path temp = Files.writeString(dir.resolve("tmp"), "not a directory");
        Path data = Files.createDirectory(dir.resolve("data"));

        Path scratch = Listener.scratchDirectory(temp, data.resolve("warehouse.db"));

        assertEquals(data, scratch.getParent());
        assertTrue(scratch.getFileName().toString().startsWith("warehouse.db.serve-"), scratch.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(scratch)));
        assertTrue(Files.isDirectory(scratch.resolve("uploads")));
    }

    @Test
    void whenNeitherCanBeWrittenOneLineNamesBothAndWhatToDo() throws Exception {
        Path temp = Files.writeString(dir.resolve("tmp"), "not a directory");
        Path blocked = Files.writeString(dir.resolve("data"), "not a directory either");

        Listener.ScratchException failure = assertThrows(Listener.ScratchException.class,
                () -> Listener.scratchDirectory(temp, blocked.resolve("warehouse.db")));

        String message = failure.getMessage();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("votes serve: no writable directory for uploads: " + temp
                + " (the temp directory): "), message);
        assertTrue(message.contains("; " + blocked + " (the warehouse's directory): "), message);
        assertTrue(message.endsWith("(make the warehouse's directory writable: in a container, mount a volume there)"),
                message);
    }

    @Test
    void theDefaultAddressComesFromVotesBindAndItsRefusalSaysToSetVotesToken() {
        assertEquals("127.0.0.1", Listener.defaultBind(Map.of()));
        assertEquals("0.0.0.0", Listener.defaultBind(Map.of("VOTES_BIND", "0.0.0.0")));

        String refusal = Listener.bindRefusal("0.0.0.0", null, true);
        assertTrue(refusal.startsWith("VOTES_BIND=0.0.0.0 listens beyond this machine (or container)"), refusal);
        assertTrue(refusal.contains("set VOTES_TOKEN (docker run -e VOTES_TOKEN=...) or give --token TOKEN"), refusal);
        assertTrue(refusal.endsWith("or give --bind 127.0.0.1"), refusal);
        assertTrue(Listener.bindRefusal("0.0.0.0", null, false).startsWith("--bind 0.0.0.0 listens"),
                "given on the command line, the option is named");
        assertNull(Listener.bindRefusal("0.0.0.0", "t0ken", true), "with a token it may listen");
        assertNull(Listener.bindRefusal("127.0.0.1", null, true), "loopback needs none");
        assertEquals("Invalid value for environment variable VOTES_BIND: an address is needed, e.g. 127.0.0.1",
                Listener.bindRefusal("", null, true));
    }
}
