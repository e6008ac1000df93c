package dev.votes.cli.options;

import dev.votes.warehouse.StorageVersion;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --storage-version}: the DuckDB storage version of a warehouse the command creates. */
public class StorageOptions {

    public static final String OPTION = "--storage-version";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = OPTION, paramLabel = "VERSION",
            defaultValue = "${env:VOTES_STORAGE_VERSION:-" + StorageVersion.DEFAULT_OPTION + "}",
            description = "DuckDB storage version of a warehouse this command creates: v1.0.0 (default; DuckDB 1.0.0 "
                    + "and newer open it), v1.2.0, v1.3.0, v1.4.0, v1.5.0, v2.0.0 or latest (DuckDB 1.x cannot open "
                    + "v2.0.0). An existing warehouse keeps its version; 'votes convert-storage' converts one "
                    + "(env VOTES_STORAGE_VERSION).")
    String storageVersion;

    /** The validated version; a bad value is a usage error naming the option and the accepted values. */
    public StorageVersion version() {
        return parse(spec.commandLine(), storageVersion);
    }

    /** {@code value} as a storage version, or the usage error (exit 2) of {@value #OPTION}. */
    public static StorageVersion parse(CommandLine commandLine, String value) {
        try {
            return StorageVersion.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, "Invalid value for option '" + OPTION + "': " + e.getMessage());
        }
    }
}
