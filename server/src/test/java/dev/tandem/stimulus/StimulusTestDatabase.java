package dev.tandem.stimulus;

import dev.tandem.TestDatabase;
import dev.tandem.db.Database;
import org.jooq.DSLContext;

/** A fresh migrated database for one stimulus test class; {@link #clear()} empties the stimulus tables. */
final class StimulusTestDatabase implements AutoCloseable {

    private final Database database;

    private StimulusTestDatabase(Database database) {
        this.database = database;
    }

    static StimulusTestDatabase start() {
        return new StimulusTestDatabase(TestDatabase.fresh());
    }

    DSLContext db() {
        return database.dsl();
    }

    void clear() {
        db().execute("TRUNCATE rendering, stimulus_set_image, stimulus_set, image_blob CASCADE");
    }

    @Override
    public void close() {
        database.close();
    }
}
