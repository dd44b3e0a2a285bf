package dev.tandem.model;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The models a job worker keeps open, at most {@link #DEFAULT_CAPACITY} unless told otherwise:
 * a worker that meets the jobs of many models would otherwise hold every one in memory (a
 * TensorFlow model holds its weights and native buffers until closed). The least recently used
 * model is closed when another must be opened (issue 12).
 *
 * <p>Used by one worker thread, like the worker itself.
 */
public final class ModelCache<M extends AutoCloseable> implements AutoCloseable {

    /** Models a worker keeps open by default: a few jobs of different models interleave without reloading. */
    public static final int DEFAULT_CAPACITY = 4;

    private final int capacity;
    private final LinkedHashMap<Long, M> open = new LinkedHashMap<>(16, 0.75f, true);

    public ModelCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a model cache holds at least one model, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** The open model of this id, opened now (closing the least recently used one) when it is not open. */
    public M get(long modelId, LongFunction<M> opener) {
        M model = open.get(modelId);
        if (model != null) {
            return model;
        }
        while (open.size() >= capacity) {
            Iterator<Map.Entry<Long, M>> eldest = open.entrySet().iterator();
            M evicted = eldest.next().getValue();
            eldest.remove();
            closeQuietly(evicted);
        }
        model = opener.apply(modelId);
        open.put(modelId, model);
        return model;
    }

    /** How many models are open now. */
    public int size() {
        return open.size();
    }

    /** Closes every open model. */
    @Override
    public void close() {
        open.values().forEach(ModelCache::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(AutoCloseable model) {
        try {
            model.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close a model: " + e.getMessage(), e);
        }
    }
}
