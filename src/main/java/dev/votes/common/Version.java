package dev.votes.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** The tool's version, from {@code votes-version.properties}, which the build fills in (no framework needed). */
public final class Version implements IVersionProvider {

    private static final String RESOURCE = "votes-version.properties";

    public static String current() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "dev");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"votes " + current()};
    }
}
