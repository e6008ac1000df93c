package dev.votes.cli;

import dev.votes.common.Version;
import picocli.CommandLine.IVersionProvider;

/** {@code votes --version} (and every command's): {@code votes} and {@link Version#current()}. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"votes " + Version.current()};
    }
}
