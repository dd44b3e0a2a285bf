package dev.tandem.common;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A browser's clock reading, as ISO-8601 text. Java reads years up to 999,999,999; PostgreSQL's
 * timestamptz ends in 294276, so a reading is kept to years {@value #FIRST_YEAR} to
 * {@value #LAST_YEAR} and refused by name beyond them (issue 12: year 300000 answered 500).
 */
public final class ClientTime {

    public static final int FIRST_YEAR = 1970;
    public static final int LAST_YEAR = 9999;

    private ClientTime() {}

    /** The reading, or null when none was sent. */
    public static OffsetDateTime parse(String text, String field) {
        if (text == null) {
            return null;
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "clientTime must be an ISO-8601 timestamp");
        }
        int year = time.toInstant().atOffset(java.time.ZoneOffset.UTC).getYear();
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new InvalidInputException(field, "clientTime must lie between the years " + FIRST_YEAR + " and "
                    + LAST_YEAR);
        }
        return time;
    }
}
