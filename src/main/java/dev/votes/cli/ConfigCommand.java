package dev.votes.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.cli.options.OutputOptions;
import dev.votes.common.OutputFormat;
import dev.votes.common.Table;
import dev.votes.common.TableWriter;
import dev.votes.config.Configuration;
import dev.votes.config.Setting;
import dev.votes.config.SettingsProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/** {@code votes config}: the settings every command starts from, and where each comes from. */
@Command(name = "config", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        header = "Show the effective settings and where each comes from.",
        description = {"Show each setting a command takes from the environment or the configuration file when no flag "
                + "gives it: its value, where it comes from (env VOTES_..., FILE:LINE, or default), its option and its "
                + "variable. The first row is the configuration file read. A flag beats all of these; the token is "
                + "masked.",
                "The file is the one --config FILE or env VOTES_CONFIG names, else votes.conf in the working "
                        + "directory, else $XDG_CONFIG_HOME/votes/config (default ~/.config/votes/config); --no-config "
                        + "reads none. It holds 'key = value' lines (the keys are this table's), '# comment' lines and "
                        + "[serve] or [fetch-data] sections; relative paths are relative to its directory. A fault in "
                        + "it stops every command but help with one line naming the file, line and key (exit "
                        + ExitCodes.USAGE + "). See docs/configuration.md."})
public class ConfigCommand implements Callable<Integer> {

    static final String MASK = "********";

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Configuration configuration = SettingsProvider.of(spec.commandLine()).configuration();
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("config", configuration.file() == null ? null : configuration.file().toString(),
                configuration.fileSource(), "--config", Configuration.ENVIRONMENT));
        for (Setting setting : Setting.values()) {
            Configuration.Resolved resolved = configuration.resolve(setting);
            String value = resolved == null ? builtInDefault(setting) : resolved.value();
            if (setting.kind() == Setting.Kind.SECRET && value != null && !value.isEmpty()) {
                value = MASK;
            }
            // The option as typed: "serve --port" for a setting of one command, "--db" for one of many.
            String option = setting.commands().size() == 1
                    ? setting.commands().iterator().next() + " " + setting.option() : setting.option();
            rows.add(row(setting.key(), value, resolved == null ? "default" : resolved.source(), option,
                    setting.environment()));
        }
        Table table = new Table(List.of("key", "value", "source", "option", "env"), rows);
        TableWriter.write(table, output.formatOr(OutputFormat.table), spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    private static List<Object> row(String key, String value, String source, String option, String environment) {
        List<Object> row = new ArrayList<>();
        row.add(key);
        row.add(value);
        row.add(source);
        row.add(option);
        row.add(environment);
        return row;
    }

    /** The option's own default (the first command with the option says it), or null when it has none. */
    private String builtInDefault(Setting setting) {
        if (setting == Setting.FORMAT) {
            return OutputFormat.table.name();
        }
        for (CommandLine command : commands(spec.root().commandLine())) {
            OptionSpec option = command.getCommandSpec().findOption(setting.option());
            if (option != null && setting.appliesTo(setting.option(), command.getCommandName())) {
                return option.defaultValue();
            }
        }
        return null;
    }

    private static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        root.getSubcommands().values().forEach(all::add);
        return all;
    }
}
