package dev.votes.config;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** A {@link SettingsProblem} as a usage error (exit 2) of the command line that met it. */
public final class SettingsException extends ParameterException {

    public SettingsException(CommandLine commandLine, SettingsProblem problem) {
        super(commandLine, problem.getMessage(), problem);
    }
}
