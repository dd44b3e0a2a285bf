package dev.tandem.stimulus;

/**
 * Runs {@link RenderingBenchmark} against a scratch embedded PostgreSQL with the built-in set:
 * {@code java -cp … dev.tandem.stimulus.RenderingBenchmarkMain [repetitions]}. Not a test.
 */
final class RenderingBenchmarkMain {

    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        try (StimulusTestDatabase database = StimulusTestDatabase.start()) {
            StimulusService service = new StimulusService(database.db());
            service.importSet(TestImages.fashionMnistFolder());
            new RenderingBenchmark(service).run("fashion-mnist", repetitions, System.out);
        }
    }
}
