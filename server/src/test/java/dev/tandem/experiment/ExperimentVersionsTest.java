package dev.tandem.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.RepositoryFiles;
import dev.tandem.app.TestTandem;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExperimentVersionsTest {

    private static TestTandem tandem;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static ObjectNode demo() throws Exception {
        return (ObjectNode) tandem.json().readTree(
                RepositoryFiles.stimuli().resolve("fashion-mnist/experiments/masked-demo.json").toFile());
    }

    @Test
    void loadingAnUnchangedDefinitionChangesNothingAndAChangedOneAddsAVersion() throws Exception {
        var begun = tandem.sessions().start("masked-demo", java.util.Map.of());
        var same = tandem.experiments().load(demo(), Progress.NONE);
        assertFalse(same.created());
        assertEquals(1, same.experiment().version());

        ObjectNode changed = demo();
        changed.put("title", "A new title");
        var second = tandem.experiments().load(changed, Progress.NONE);
        assertTrue(second.created());
        assertEquals(2, second.experiment().version());
        assertEquals("A new title", tandem.experiments().current("masked-demo").definition().title());
        assertEquals("Recognising clothes in a flash", tandem.experiments().version(same.experiment().id()).definition().title(),
                "the stored first version is untouched");
        assertEquals(1, tandem.sessions().state(begun.sessionId(), begun.token()).experiment().version(),
                "a session keeps the version it began");
    }

    @Test
    void anInvalidDefinitionStoresNothing() throws Exception {
        int before = tandem.experiments().all().size();
        ObjectNode broken = demo();
        broken.put("slug", "broken-one");
        broken.put("stimulusSet", "no-such-set");
        var e = assertThrows(InvalidInputException.class, () -> tandem.experiments().load(broken, Progress.NONE));
        assertEquals("stimulusSet", e.field());
        assertEquals(before, tandem.experiments().all().size());
    }
}
