package dev.tandem.model;

import static dev.tandem.db.jooq.Tables.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.app.TestTandem;
import dev.tandem.common.ConflictException;
import dev.tandem.common.InvalidInputException;
import dev.tandem.jobs.JobStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registering model folders in PostgreSQL, and what a registration promises the scoring jobs. */
class ModelServiceTest {

    @TempDir
    Path temp;

    private TestTandem tandem;

    @BeforeEach
    void start() {
        tandem = TestTandem.withBuiltIns();
    }

    @AfterEach
    void stop() {
        tandem.close();
    }

    private int models() {
        return tandem.dsl().fetchCount(MODEL);
    }

    /** A copy of the demo model whose model.json is edited by {@code edit}. */
    private Path demoCopy(String name, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path copy = temp.resolve(name);
        try (Stream<Path> files = Files.walk(ScoringJobTest.DEMO_MODEL)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(ScoringJobTest.DEMO_MODEL.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path manifest = copy.resolve(ModelFolder.MANIFEST);
        Files.writeString(manifest, edit.apply(Files.readString(manifest)));
        return copy;
    }

    @Test
    void theBuiltInDemoModelIsRegisteredOnceByItsContentHash() {
        RegisteredModel demo = tandem.models().find("fashion-cnn");
        assertEquals(ModelFolder.read(ScoringJobTest.DEMO_MODEL).contentHash(), demo.contentSha256());
        assertEquals(10, demo.manifest().categories().size());

        var again = tandem.models().register(ScoringJobTest.DEMO_MODEL);

        assertFalse(again.created());
        assertEquals(demo.id(), again.model().id());
        assertEquals(1, models());
    }

    @Test
    void theSameContentFromAnotherFolderIsTheSameModelFoundThere() throws IOException {
        Path moved = demoCopy("moved", text -> text);

        var registered = tandem.models().register(moved);

        assertFalse(registered.created());
        assertEquals(moved.toAbsolutePath().normalize(), tandem.models().find("fashion-cnn").folder());
        assertEquals(1, models());
    }

    @Test
    void brokenFoldersAreRefusedStoringNothing() throws IOException {
        Path badShape = demoCopy("bad-shape", text -> text.replace("\"height\" : 28", "\"height\" : 32")
                .replace("\"version\" : \"1\"", "\"version\" : \"bad-shape\""));
        Path badWeights = demoCopy("bad-weights", text -> text.replace("\"version\" : \"1\"", "\"version\" : \"bad-weights\""));
        try (Stream<Path> variables = Files.list(badWeights.resolve("variables"))) {
            variables.filter(p -> p.getFileName().toString().startsWith("variables.data")).forEach(p -> {
                try {
                    Files.write(p, new byte[] {1, 2, 3});
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        var shape = assertThrows(InvalidModelException.class, () -> tandem.models().register(badShape));
        assertEquals("input.tensor", shape.field());
        assertTrue(shape.getMessage().contains("32x28x1"), shape.getMessage());
        var weights = assertThrows(InvalidModelException.class, () -> tandem.models().register(badWeights));
        assertEquals(ModelFolder.SAVED_MODEL, weights.field());
        assertThrows(InvalidModelException.class, () -> tandem.models().register(temp.resolve("nowhere")));
        assertEquals(1, models(), "only the built-in demo model is stored");
    }

    @Test
    void otherWeightsUnderARegisteredNameAndVersionAreRefused() throws IOException {
        Path retrained = demoCopy("retrained", text -> text.replace("\"testAccuracy\" : 0.9185", "\"testAccuracy\" : 0.9"));

        var refused = assertThrows(ConflictException.class, () -> tandem.models().register(retrained));

        assertEquals("version", refused.field());
        assertTrue(refused.getMessage().contains("new version"), refused.getMessage());
        assertEquals(1, models());
    }

    @Test
    void aModelMustNameExactlyTheExperimentsCategoriesToScoreIt() throws IOException {
        Path renamed = demoCopy("renamed", text -> text.replace("\"name\" : \"fashion-cnn\"", "\"name\" : \"renamed\"")
                .replace("\"name\" : \"Bag\"", "\"name\" : \"Handbag\""));
        tandem.models().register(renamed);

        var refused = assertThrows(InvalidInputException.class,
                () -> tandem.scoring().createJob("renamed", "masked-demo"));

        assertEquals("model", refused.field());
        assertTrue(refused.getMessage().contains("[Bag]") && refused.getMessage().contains("[Handbag]"),
                refused.getMessage());
        assertTrue(tandem.scoring().jobs().isEmpty());
    }

    @Test
    void aJobFailsWithAReasonWhenTheModelFolderChangedAfterRegistration() throws IOException {
        Path copy = demoCopy("copy", text -> text.replace("\"version\" : \"1\"", "\"version\" : \"copy\""));
        tandem.models().register(copy);
        ScoreJob job = tandem.scoring().createJob("fashion-cnn", "masked-demo").job();
        assertEquals("copy", tandem.models().byId(job.modelId()).version());
        Files.writeString(copy.resolve("README"), "changed after registration");

        try (Worker worker = tandem.scoring().worker(64, Worker.Events.NONE)) {
            worker.drain(job.id());
            assertEquals(0, worker.scored());
        }

        ScoreJob failed = tandem.scoring().job(job.id());
        assertEquals(JobStatus.FAILED, failed.status());
        assertTrue(failed.error().contains("has changed since it was registered"), failed.error());
    }
}
