package dev.votes.cli.options;

import java.time.LocalDate;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import dev.votes.common.PlausibleDates;

/** {@code --earliest-date}: the floor of a plausible vote date, shared by {@code ingest} and {@code check}. */
public class DateOptions {

    @Option(names = "--earliest-date", paramLabel = "DATE",
            defaultValue = "${env:" + PlausibleDates.ENV + ":-2008-07-31}", converter = DateConverter.class,
            description = "The earliest plausible vote date, yyyy-MM-dd (default: ${DEFAULT-VALUE}, the day Stack "
                    + "Overflow opened; env " + PlausibleDates.ENV + "). A vote dated before it, or after now, is "
                    + "rejected by ingest and fails check's date-range.")
    LocalDate earliest;

    public LocalDate earliest() {
        return earliest;
    }

    static final class DateConverter implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return PlausibleDates.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
