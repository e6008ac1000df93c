package dev.votes.config;

import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * picocli's default values, by the one table {@link Setting}: for an option the command line did not give, the
 * environment variable, else the configuration file, else (null) the option's built-in default. The file is chosen
 * once the arguments are parsed ({@code --config}, {@code --no-config}; picocli asks for defaults only then) and read
 * once. A file that cannot be used is reported before the command runs, as a usage error (exit 2); help and version
 * still work, with the built-in defaults.
 */
public final class SettingsProvider implements IDefaultValueProvider {

    private final Environment environment;
    private Path named;
    private boolean none;
    private Configuration configuration;
    private SettingsProblem problem;

    public SettingsProvider(Environment environment) {
        this.environment = environment;
    }

    /**
     * Installs a provider on the command line and all its subcommands, and a check before any command runs that its
     * configuration file can be used; returns the command line.
     */
    public static CommandLine install(CommandLine commandLine, Environment environment) {
        SettingsProvider provider = new SettingsProvider(environment);
        commandLine.setDefaultValueProvider(provider);
        IExecutionStrategy strategy = commandLine.getExecutionStrategy();
        commandLine.setExecutionStrategy(parseResult -> {
            if (!helpOnly(parseResult)) {
                try {
                    provider.configuration();
                } catch (SettingsProblem e) {
                    throw new SettingsException(deepest(parseResult).commandSpec().commandLine(), e);
                }
            }
            return strategy.execute(parseResult);
        });
        return commandLine;
    }

    /** The provider installed on this command line (or its root), or a new one on this process's environment. */
    public static SettingsProvider of(CommandLine commandLine) {
        return commandLine.getDefaultValueProvider() instanceof SettingsProvider provider ? provider
                : new SettingsProvider(Environment.current());
    }

    /** {@code --config FILE}. */
    public void useFile(Path file) {
        named = file;
    }

    /** {@code --no-config}. */
    public void useNone() {
        none = true;
    }

    /** The configuration; the first call finds and reads the file. */
    public Configuration configuration() {
        if (configuration == null && problem == null) {
            try {
                configuration = Configuration.load(named, none, environment);
            } catch (SettingsProblem e) {
                problem = e;
            }
        }
        if (problem != null) {
            throw problem;
        }
        return configuration;
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || argument.command() == null) {
            return null;
        }
        Setting setting = Setting.forOption(option.longestName(), argument.command().name());
        if (setting == null) {
            return null;
        }
        Configuration.Resolved resolved;
        try {
            resolved = configuration().resolve(setting);
        } catch (SettingsProblem e) {
            return null; // reported before the command runs; help shows the built-in defaults
        }
        if (resolved == null || setting == Setting.CACHE_DIR && environment.get(setting.environment()) != null) {
            return null;
        }
        // picocli expands ${...} in a default and reads $$ as $: a value is taken as it is written.
        return resolved.value().replace("$", "$$");
    }

    private static boolean helpOnly(ParseResult parseResult) {
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.isUsageHelpRequested() || result.isVersionHelpRequested()
                    || result.commandSpec().userObject() instanceof HelpCommand) {
                return true;
            }
        }
        return false;
    }

    private static ParseResult deepest(ParseResult parseResult) {
        ParseResult result = parseResult;
        while (result.subcommand() != null) {
            result = result.subcommand();
        }
        return result;
    }
}
