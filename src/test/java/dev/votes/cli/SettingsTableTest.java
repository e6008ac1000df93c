package dev.votes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.votes.config.Configuration;
import dev.votes.config.Setting;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one table of settings ({@link Setting}) against the code and docs/configuration.md, so that an option, its
 * environment variable and its file key never drift apart.
 */
class SettingsTableTest {

    /** Variables the code reads that are no option's default: the file's own name, and the timing trace. */
    private static final Set<String> NOT_SETTINGS = Set.of(Configuration.ENVIRONMENT, "VOTES_TRACE");

    /** A variable's name in a string literal ({@code "VOTES_DB"}) or picocli default ({@code ${env:VOTES_DB}}). */
    private static final Pattern VARIABLE = Pattern.compile("(?<=[\":])VOTES_[A-Z][A-Z_]*\\b");
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:(VOTES_[A-Z_]+)");

    @Test
    void everyVotesVariableTheCodeNamesIsInTheTable() throws IOException {
        Set<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher variable = VARIABLE.matcher(Files.readString(file));
                while (variable.find()) {
                    named.add(variable.group());
                }
            }
        }
        Set<String> inTable = Arrays.stream(Setting.values()).map(Setting::environment).collect(Collectors.toSet());

        assertTrue(named.contains("VOTES_DB") && named.contains("VOTES_TOKEN"), named::toString);
        List<String> missing = named.stream().filter(name -> !inTable.contains(name) && !NOT_SETTINGS.contains(name))
                .toList();
        assertEquals(List.of(), missing, "variables the code reads that are not in dev.votes.config.Setting");
    }

    @Test
    void everyOptionWithAnEnvironmentDefaultIsResolvedByItsSetting() {
        int checked = 0;
        for (CommandLine command : commands()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                String raw = option.defaultValueString(false);
                Matcher env = ENV_DEFAULT.matcher(raw == null ? "" : raw);
                if (!env.find()) {
                    continue;
                }
                Setting setting = Setting.forOption(option.longestName(), command.getCommandName());
                assertNotNull(setting, () -> command.getCommandName() + " " + option.longestName() + " reads "
                        + env.group(1) + " but no setting gives it");
                assertEquals(env.group(1), setting.environment(), command.getCommandName() + " " + option.longestName());
                checked++;
            }
        }
        assertTrue(checked >= 10, "options with env defaults found: " + checked);
    }

    @Test
    void everySettingsOptionIsInTheCommandsItNames() {
        for (Setting setting : Setting.values()) {
            List<String> having = new ArrayList<>();
            for (CommandLine command : commands()) {
                if (command.getCommandSpec().findOption(setting.option()) != null) {
                    having.add(command.getCommandName());
                }
            }
            assertFalse(having.isEmpty(), setting + ": no command has " + setting.option());
            assertTrue(having.containsAll(setting.commands()), setting + " names " + setting.commands() + "; "
                    + setting.option() + " is in " + having);
        }
    }

    @Test
    void theConfigurationPageDocumentsEveryKeyAndItsVariable() throws IOException {
        String section = Files.readString(Path.of("docs/configuration.md"));
        assertTrue(section.startsWith("# Configuration\n"), "docs/configuration.md is the Configuration page");

        for (Setting setting : Setting.values()) {
            Pattern row = Pattern.compile("\\| `" + Pattern.quote(setting.key()) + "` \\|.*`"
                    + Pattern.quote(setting.environment()) + "`.*\\|");
            assertTrue(row.matcher(section).find(), "a row for " + setting.key() + " with " + setting.environment());
        }
        assertTrue(section.contains("`" + Configuration.ENVIRONMENT + "`"));
    }

    /** The top command and every subcommand, as the tool builds them. */
    private static List<CommandLine> commands() {
        CommandLine root = new CommandLine(VotesCommand.class, new PlainCommandFactory());
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        all.addAll(root.getSubcommands().values());
        return all;
    }
}
