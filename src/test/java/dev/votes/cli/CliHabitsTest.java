package dev.votes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.common.Version;

/** The command line's habits: completion, help, versions everywhere, suggestions for typos, readable help. */
class CliHabitsTest {

    private static final Pattern VERSION = Pattern.compile(
            "votes (\\S+) \\(commit ([0-9a-f]{7,}(?:-dirty)?|unknown), DuckDB (v\\d+\\.\\d+\\.\\d+), JVM\\)\n");

    @TempDir
    Path dir;

    @Test
    void completionScriptLoadsInBash() throws Exception {
        Run completion = run("completion");
        Path script = dir.resolve("votes-completion.bash");
        Files.writeString(script, completion.out());

        Process bash = new ProcessBuilder("bash", "-c", "source \"$1\" && complete -p votes", "bash", script.toString())
                .redirectErrorStream(true).start();
        String shown = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(ExitCodes.OK, completion.exitCode(), completion::toString);
        assertEquals(0, bash.waitFor(), shown);
        assertTrue(shown.startsWith("complete ") && shown.strip().endsWith(" votes"), shown);
        assertTrue(completion.out().contains("convert-storage"), "the script knows the subcommands");
    }

    @Test
    void helpSubcommandPrintsACommandsHelp() {
        Run help = run("help", "ingest");
        Run direct = run("ingest", "--help");

        assertEquals(ExitCodes.OK, help.exitCode(), help::toString);
        assertEquals(direct.out(), help.out());
        assertTrue(help.out().contains("Usage: votes ingest"), help::toString);
    }

    @Test
    void everyCommandPrintsTheFullVersion() throws Exception {
        Run top = run("--version");
        Run ingest = run("ingest", "--version");
        Run check = run("check", "-V");

        assertEquals(ExitCodes.OK, ingest.exitCode(), ingest::toString);
        assertEquals(top.out(), ingest.out());
        assertEquals(top.out(), check.out());
        Matcher version = VERSION.matcher(top.out());
        assertTrue(version.matches(), top::toString);
        assertEquals(duckDbVersion(), version.group(3), "the DuckDB the driver really runs");
        Process git = new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (git.waitFor() == 0) {
            assertTrue(version.group(2).startsWith(head), () -> "built from " + head + ": " + top);
        }
    }

    @Test
    void theLedgerRecordsTheFullVersion() throws Exception {
        Path db = dir.resolve("w.db");
        Path votes = Files.writeString(dir.resolve("votes.jsonl"),
                "{\"Id\":\"1\",\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02T00:00:00.000\"}\n");

        Run ingest = run("ingest", "--db", db.toString(), votes.toString());

        assertEquals(ExitCodes.OK, ingest.exitCode(), ingest::toString);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT tool_version FROM blog_analysis.ingestion_runs")) {
            assertTrue(rows.next());
            assertEquals(Version.current(), rows.getString(1));
            assertTrue(VERSION.matcher("votes " + rows.getString(1) + "\n").matches(), rows.getString(1));
        }
    }

    @Test
    void anUnknownCommandOrOptionGetsOneLineWithTheClosestName() {
        Run command = run("ingset");
        Run option = run("outliers", "--formt", "csv");

        assertEquals(ExitCodes.USAGE, command.exitCode());
        assertEquals("votes: Unknown command: 'ingset'. Did you mean: ingest? (see 'votes --help')\n", command.err());
        assertEquals(ExitCodes.USAGE, option.exitCode());
        assertEquals("votes outliers: Unknown option: '--formt'. Did you mean: --format? (see 'votes outliers --help')\n",
                option.err());
    }

    @Test
    void topHelpListsOneLinePerCommandAndSplitsNoWordAt80Columns() {
        Run narrow = run("--help");
        String wide;
        System.setProperty("picocli.usage.width", "1000");
        try {
            wide = run("--help").out();
        } finally {
            System.clearProperty("picocli.usage.width");
        }

        List<String> lines = narrow.out().lines().toList();
        assertTrue(lines.stream().allMatch(line -> line.length() <= 80), narrow::toString);
        assertEquals(words(wide), words(narrow.out()), "the same words at 80 columns as on one line each");
        List<String> commands = lines.subList(lines.indexOf("Commands:") + 1, lines.indexOf("Exit codes:")).stream()
                .filter(line -> !line.isBlank()).toList();
        assertEquals(14, commands.size(), "one line per command: " + commands);
        assertTrue(commands.stream().allMatch(line -> line.matches("  [a-z-]+ +\\S.*")), commands::toString);
    }

    private static List<String> words(String text) {
        return Arrays.asList(text.strip().split("\\s+"));
    }

    private static String duckDbVersion() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT library_version FROM pragma_version()")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = VotesMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {
    }
}
