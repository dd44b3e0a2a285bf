package dev.tandem.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded cache of a worker's open models. */
class ModelCacheTest {

    /** Stands for an open model: it records when it is closed. */
    private record OpenModel(long id, List<Long> closed) implements AutoCloseable {
        @Override
        public void close() {
            closed.add(id);
        }
    }

    @Test
    void theLeastRecentlyUsedModelIsClosedWhenAnotherMustBeOpenedBeyondTheCapacity() {
        List<Long> closed = new ArrayList<>();
        List<Long> opened = new ArrayList<>();
        try (ModelCache<OpenModel> cache = new ModelCache<>(2)) {
            OpenModel one = cache.get(1, id -> { opened.add(id); return new OpenModel(id, closed); });
            cache.get(2, id -> { opened.add(id); return new OpenModel(id, closed); });
            assertSame(one, cache.get(1, id -> { throw new AssertionError("model 1 is open"); }));
            cache.get(3, id -> { opened.add(id); return new OpenModel(id, closed); }); // 2 is the least recently used

            assertEquals(List.of(2L), closed);
            assertEquals(2, cache.size());
            cache.get(2, id -> { opened.add(id); return new OpenModel(id, closed); });
            assertEquals(List.of(2L, 1L), closed);
            assertEquals(List.of(1L, 2L, 3L, 2L), opened);
        }
        assertEquals(4, closed.size(), "closing the cache closes the models still open");
    }
}
