package dev.tandem;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/** The row count of every table in the public schema, to assert that a refused request changed nothing. */
public final class TableCounts {

    private TableCounts() {}

    public static Map<String, Long> of(DSLContext dsl) {
        var tables = dsl.fetch("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                + "AND table_type = 'BASE TABLE' ORDER BY table_name").getValues(0, String.class);
        String counts = tables.stream()
                .map(t -> "SELECT '" + t + "' AS name, count(*) AS n FROM public.\"" + t + "\"")
                .collect(Collectors.joining(" UNION ALL "));
        Map<String, Long> result = new TreeMap<>();
        dsl.fetch(counts).forEach(r -> result.put(r.get("name", String.class), r.get("n", Long.class)));
        return result;
    }
}
