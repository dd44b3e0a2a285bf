package dev.tandem.export;

/**
 * One column of an export: its name in the file and the kind of value it holds, which decides
 * its SQL type (so the branches of the export's UNION ALL line up) and how each format writes it.
 */
record ExportColumn(String name, Kind kind) {

    /** What a column holds. */
    enum Kind {
        /** Text, written quoted as needed in CSV and as a JSON string. */
        TEXT,
        /** A whole number. */
        INTEGER,
        /** A decimal number (double precision). */
        NUMBER,
        /** true or false. */
        BOOLEAN,
        /** A JSON document, written as text in CSV and as nested JSON in JSON Lines. */
        JSON,
        /** A point in time, ISO 8601 with its offset. */
        TIMESTAMP
    }
}
