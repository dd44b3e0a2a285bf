package dev.tandem.app;

import dev.tandem.db.Database;
import dev.tandem.db.embedded.EmbeddedPostgres;
import dev.tandem.export.ExportBenchmark;
import java.io.PrintStream;

/**
 * {@code bench export [--rows 1000000]}: the comparison export against PostgreSQL's own COPY, on a
 * temporary embedded PostgreSQL filled with synthetic answered trials (deleted afterwards).
 */
final class ExportBenchmarkCommand implements Command {

    @Override
    public String usage() {
        return "bench export [--rows 1000000]";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws Exception {
        int rows = args.intOption("rows", 1_000_000);
        out.println("Starting a temporary PostgreSQL ...");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startTemporary();
             Database database = Database.open(postgres.jdbcUrl("postgres"), 4).migrate()) {
            new ExportBenchmark(database.dataSource(), out).run(rows);
        }
        return 0;
    }
}
