package dev.tandem.stimulus;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Prints how long rendering takes, pure and with storing, for masks (a session start renders one
 * per trial) and for each manipulation. Every run uses fresh mask seeds, so it adds masks to the
 * database it runs against: {@code bench render} runs it on a temporary one.
 */
public final class RenderingBenchmark {

    private static final int SIZE = 224;
    private static final int WARM_UP = 20;

    private final StimulusService service;

    public RenderingBenchmark(StimulusService service) {
        this.service = service;
    }

    /** Runs against the stored set {@code setName} (e.g. fashion-mnist) and prints the figures. */
    public void run(String setName, int repetitions, PrintStream out) {
        StimulusSet set = service.find(setName).orElseThrow(() -> StimulusSetException.invalid(null, "set",
                "no stimulus set called " + setName + " is stored"));
        List<SetImage> images = service.images(set.id());
        GrayImage first = decode(service.image(images.get(0).sourceSha256()).orElseThrow());
        SplittableRandom random = new SplittableRandom();
        long base = random.nextLong();
        Condition freshNoise = new Condition("uniform-noise", 0.05 + 0.9 * random.nextDouble()); // a new recipe

        out.printf("rendering benchmark, %d×%d, %d repetitions (after %d warm-up)%n", SIZE, SIZE, repetitions, WARM_UP);
        time(out, "mask: render + PNG encode (no database)", repetitions, i -> PinkNoiseMask.png(base + i, SIZE));
        time(out, "mask: renderMask, new seed (render + store)", repetitions,
                i -> service.renderMask(base + 1_000_000 + i, SIZE));
        time(out, "mask: renderMask, seed already stored (lookup)", repetitions,
                i -> service.renderMask(base + 1_000_000 + i, SIZE));
        int perSession = 70;
        long sessionStart = System.nanoTime();
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < perSession; i++) {
            seeds.add(base + 2_000_000 + i);
        }
        service.renderMasks(seeds, SIZE);
        double sessionMs = (System.nanoTime() - sessionStart) / 1e6;
        out.printf("%-60s %7.2f ms for %d masks (%.2f ms per mask)%n", "mask: renderMasks batch of a session start",
                sessionMs, perSession, sessionMs / perSession);
        Framing framing = new Framing(Fit.CROP, 0.5, SIZE, Upscale.NEAREST);
        for (ManipulationKind kind : ManipulationKind.values()) {
            Condition condition = new Condition(kind.jsonName(), typicalLevel(kind));
            time(out, "stimulus " + kind.jsonName() + ": render + PNG encode (no database)", repetitions,
                    i -> StimulusRenderer.render(Picture.grey(first), condition, framing, i).png());
        }
        Picture colour = new Picture(List.of(first, first, first));
        time(out, "stimulus none, 3 channels: render + PNG encode (no database)", repetitions,
                i -> StimulusRenderer.render(colour, Condition.NONE, framing, i).png());
        time(out, "stimulus uniform-noise: renderStimulus, new recipe (+ store)",
                Math.min(repetitions, images.size() - WARM_UP),
                i -> service.renderStimulus(images.get(Math.floorMod(i, images.size())).sourceSha256(), freshNoise,
                        framing));
    }

    /** A level in the middle of the kind's bounds (null for kinds without one). */
    private static Double typicalLevel(ManipulationKind kind) {
        return switch (kind) {
            case CONTRAST -> 0.1;
            case UNIFORM_NOISE -> 0.35;
            case LOW_PASS, HIGH_PASS -> 3.0;
            case PHASE_NOISE -> 90.0;
            case ROTATION -> 90.0;
            default -> null;
        };
    }

    private static GrayImage decode(StoredImage image) {
        try {
            return ImageDecoder.gray(ImageDecoder.decode(image.bytes()).image());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored image " + image.sha256() + " does not decode", e);
        }
    }

    private static void time(PrintStream out, String what, int repetitions, IntConsumer work) {
        for (int i = 0; i < WARM_UP; i++) {
            work.accept(-1 - i);
        }
        // CPU time of this thread as well as wall time: on a busy machine the wall time includes
        // waiting for a core; database work shows in wall time only (it runs in PostgreSQL).
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < repetitions; i++) {
            work.accept(i);
        }
        double wall = (System.nanoTime() - start) / 1e6 / repetitions;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6 / repetitions;
        out.printf("%-60s %7.2f ms each (%.2f ms CPU in Java)%n", what, wall, cpu);
    }
}
