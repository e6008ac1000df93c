package dev.votes.common;

import org.eclipse.microprofile.config.ConfigProvider;

import picocli.CommandLine.IVersionProvider;

/** The tool's version, from the build ({@code quarkus.application.version}); also recorded in the run ledger. */
public final class Version implements IVersionProvider {

    public static String current() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class).orElse("dev");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"votes " + current()};
    }
}
