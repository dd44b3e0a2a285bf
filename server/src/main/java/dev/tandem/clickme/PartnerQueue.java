package dev.tandem.clickme;

import dev.tandem.model.Classifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Micro-batching in front of one partner model: queries from all concurrent players wait in one
 * queue; a single thread takes whatever is waiting (up to {@code maxBatch}) and runs it as one
 * batch. There is no deliberate wait: while one batch runs, the next one fills up, so batches
 * grow with load and a lone player pays no batching delay.
 */
public final class PartnerQueue implements AutoCloseable {

    private record Pending(byte[] png, CompletableFuture<Classifier.Prediction> result) {}

    private static final Pending STOP = new Pending(new byte[0], null);

    private final Function<List<byte[]>, List<Classifier.Prediction>> model;
    private final int maxBatch;
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final Thread worker;

    /** @param model classifies PNGs as one batch, answers in order (e.g. {@code Classifier::predict}) */
    public PartnerQueue(String name, Function<List<byte[]>, List<Classifier.Prediction>> model, int maxBatch) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.worker = new Thread(this::run, "partner-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues one composed image; completes with the partner's prediction. */
    public CompletableFuture<Classifier.Prediction> classify(byte[] png) {
        var result = new CompletableFuture<Classifier.Prediction>();
        waiting.add(new Pending(png, result));
        return result;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        try {
            while (true) {
                batch.clear();
                batch.add(waiting.take());
                waiting.drainTo(batch, maxBatch - 1);
                boolean stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    runBatch(batch);
                }
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runBatch(List<Pending> batch) {
        try {
            List<Classifier.Prediction> predictions = model.apply(batch.stream().map(Pending::png).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(predictions.get(i));
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        waiting.add(STOP);
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiting.forEach(p -> {
            if (p.result() != null) {
                p.result().completeExceptionally(new IllegalStateException("partner queue closed"));
            }
        });
    }
}
