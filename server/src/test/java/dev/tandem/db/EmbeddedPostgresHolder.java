package dev.tandem.db;

import dev.tandem.db.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Map;

/**
 * A process that starts the embedded PostgreSQL on a folder, says so, and waits to be killed:
 * EmbeddedPostgresTest kills it with -9 to leave an orphaned cluster, as a crashed server would.
 */
public final class EmbeddedPostgresHolder {

    static final String READY = "holding PostgreSQL on port ";

    private EmbeddedPostgresHolder() {}

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.startOrAttach(Path.of(args[0]), Map.of("fsync", "off"));
        System.out.println(READY + postgres.port());
        System.out.flush();
        Thread.currentThread().join(); // until killed
    }
}
