package dev.tandem.stimulus;

import dev.tandem.common.Hashes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StimulusServiceTest {

    private static StimulusTestDatabase database;
    private StimulusService stimuli;

    @TempDir
    Path temporary;

    @BeforeAll
    static void startDatabase() {
        database = StimulusTestDatabase.start();
    }

    @AfterAll
    static void stopDatabase() {
        database.close();
    }

    @BeforeEach
    void emptyTables() {
        database.clear();
        stimuli = new StimulusService(database.db());
    }

    private int rows(String table) {
        return database.db().fetchCount(org.jooq.impl.DSL.table(table));
    }

    /** A copy of the built-in set that a test may break. */
    private Path copyOfBuiltInSet() throws IOException {
        Path source = TestImages.fashionMnistFolder();
        Path copy = temporary.resolve("fashion-mnist");
        Files.createDirectories(copy.resolve("images"));
        Files.copy(source.resolve("manifest.json"), copy.resolve("manifest.json"));
        try (Stream<Path> images = Files.list(source.resolve("images"))) {
            for (Path image : images.toList()) {
                Files.copy(image, copy.resolve("images").resolve(image.getFileName()));
            }
        }
        return copy;
    }

    @Test
    void importingTheBuiltInSetStoresEveryImageByItsHash() throws Exception {
        StimulusSet set = stimuli.importSet(TestImages.fashionMnistFolder());
        assertEquals("fashion-mnist", set.name());
        assertEquals(300, rows("stimulus_set_image"));
        List<SetImage> images = stimuli.images(set.id());
        assertEquals(300, images.size());
        SetImage first = images.get(0);
        assertEquals(new SetImage(0, "images/t-shirt-top-00.png", "T-shirt/top", 19, first.sourceSha256()), first);
        byte[] file = Files.readAllBytes(TestImages.fashionMnistFolder().resolve(first.file()));
        StoredImage stored = stimuli.image(first.sourceSha256()).orElseThrow();
        assertArrayEquals(file, stored.bytes());
        assertEquals(Hashes.sha256Hex(file), stored.sha256());
        assertEquals("image/png", stored.mediaType());
        assertEquals(28, stored.width());
        assertEquals(set, stimuli.find("fashion-mnist").orElseThrow());
    }

    @Test
    void reimportingTheSameSetChangesNothing() throws Exception {
        StimulusSet first = stimuli.importSet(TestImages.fashionMnistFolder());
        Path reformatted = copyOfBuiltInSet();
        String manifest = Files.readString(reformatted.resolve("manifest.json"));
        Files.writeString(reformatted.resolve("manifest.json"), manifest.replace("\n", "\n  "));
        StimulusSet again = stimuli.importSet(reformatted);
        assertEquals(first, again);
        assertEquals(1, rows("stimulus_set"));
        assertEquals(300, rows("stimulus_set_image"));
    }

    @Test
    void aChangedSetUnderTheSameNameAndVersionIsAConflict() throws Exception {
        stimuli.importSet(TestImages.fashionMnistFolder());
        Path changed = copyOfBuiltInSet();
        Path first = changed.resolve("images/t-shirt-top-00.png");
        Files.copy(changed.resolve("images/t-shirt-top-01.png"), first, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var error = assertThrows(StimulusSetException.class, () -> stimuli.importSet(changed));
        assertEquals(StimulusSetException.Kind.CONFLICT, error.kind());
        assertEquals("version", error.field());
        assertEquals(1, rows("stimulus_set"));
    }

    @Test
    void aNewVersionOfASetIsFoundAsTheLatest() throws Exception {
        stimuli.importSet(TestImages.fashionMnistFolder());
        Path next = copyOfBuiltInSet();
        String manifest = Files.readString(next.resolve("manifest.json"));
        Files.writeString(next.resolve("manifest.json"), manifest.replace("\"version\": \"1\"", "\"version\": \"2\""));
        StimulusSet second = stimuli.importSet(next);
        assertEquals("2", stimuli.find("fashion-mnist").orElseThrow().version());
        assertEquals("1", stimuli.find("fashion-mnist", "1").orElseThrow().version());
        assertEquals(300, rows("image_blob")); // the same bytes are stored once
        assertEquals(600, rows("stimulus_set_image"));
        assertEquals(second, stimuli.set(second.id()).orElseThrow());
    }

    @Test
    void aBrokenImageIsRefusedNamingItsFileAndNothingIsStored() throws Exception {
        Path broken = copyOfBuiltInSet();
        Path bag = broken.resolve("images/bag-05.png");
        byte[] bytes = Files.readAllBytes(bag);
        Files.write(bag, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        var error = assertThrows(StimulusSetException.class, () -> stimuli.importSet(broken));
        assertEquals("images/bag-05.png", error.file());
        assertEquals("images[245].file", error.field());
        assertTrue(error.getMessage().startsWith("images/bag-05.png: "), error.getMessage());
        assertEquals(0, rows("image_blob"));
        assertEquals(0, rows("stimulus_set"));
    }

    @Test
    void aMissingOrForeignImageFileIsRefusedNamingIt() throws Exception {
        Path missing = copyOfBuiltInSet();
        Files.delete(missing.resolve("images/coat-29.png"));
        assertEquals("images/coat-29.png",
                assertThrows(StimulusSetException.class, () -> stimuli.importSet(missing)).file());
        Files.writeString(missing.resolve("images/coat-29.png"), "not an image", StandardCharsets.UTF_8);
        var notAnImage = assertThrows(StimulusSetException.class, () -> stimuli.importSet(missing));
        assertEquals("images/coat-29.png", notAnImage.file());
        assertTrue(notAnImage.getMessage().contains("is not a PNG or JPEG image"), notAnImage.getMessage());
        assertEquals(0, rows("image_blob"));
    }

    @Test
    void aFolderWithoutAManifestIsRefusedNamingTheManifest() {
        var error = assertThrows(StimulusSetException.class, () -> stimuli.importSet(temporary));
        assertEquals("manifest.json", error.file());
    }

    @Test
    void renderingTheSameRecipeTwiceStoresOneImageAndReturnsTheSameHash() throws Exception {
        StimulusSet set = stimuli.importSet(TestImages.fashionMnistFolder());
        String source = stimuli.images(set.id()).get(0).sourceSha256();
        Condition noise = new Condition("uniform-noise", 0.35);
        String first = stimuli.renderStimulus(source, noise, 224, Upscale.NEAREST);
        String second = stimuli.renderStimulus(source, new Condition("uniform-noise", 0.350), 224, Upscale.NEAREST);
        assertEquals(first, second);
        assertEquals(1, rows("rendering"));
        StoredImage png = stimuli.image(first).orElseThrow();
        assertEquals(first, Hashes.sha256Hex(png.bytes()));
        assertEquals(224, png.width());
        // the stored bytes are what the pure renderer makes with the seed the recipe records
        long seed = Recipe.noiseSeed(source, noise, 224);
        assertArrayEquals(ConditionRenderer.renderPng(TestImages.tShirt(), noise, 224, Upscale.NEAREST, seed), png.bytes());
        String recipe = database.db().fetchValue("SELECT recipe::text FROM rendering").toString();
        assertTrue(recipe.contains("\"seed\": " + seed), recipe);
        assertTrue(recipe.contains("\"upscale\": \"nearest\""), recipe);
    }

    @Test
    void differentConditionsOfOneImageAreDifferentFiles() throws Exception {
        StimulusSet set = stimuli.importSet(TestImages.fashionMnistFolder());
        String source = stimuli.images(set.id()).get(0).sourceSha256();
        List<String> hashes = Stream.of(Condition.NONE, new Condition("contrast", 0.3),
                        new Condition("low-pass", 2.0), new Condition("uniform-noise", 0.1))
                .map(condition -> stimuli.renderStimulus(source, condition, 224, Upscale.NEAREST))
                .toList();
        assertEquals(4, hashes.stream().distinct().count());
        assertTrue(!stimuli.renderStimulus(source, Condition.NONE, 224, Upscale.BILINEAR).equals(hashes.get(0)));
        assertEquals(5, rows("rendering"));
    }

    @Test
    void masksAreRenderedOncePerSeedAndSize() {
        String mask = stimuli.renderMask(42, 224);
        assertEquals(Hashes.sha256Hex(PinkNoiseMask.png(42, 224)), mask);
        assertEquals(List.of(mask, stimuli.renderMask(43, 224), mask), stimuli.renderMasks(List.of(42L, 43L, 42L), 224));
        assertEquals(2, rows("rendering"));
        assertEquals(stimuli.renderMask(43, 224), stimuli.renderMasks(List.of(43L), 224).get(0));
    }

    @Test
    void renderingAnUnknownSourceOrABadConditionIsRefusedNamingTheField() {
        String unknown = "0".repeat(64);
        var notFound = assertThrows(StimulusSetException.class,
                () -> stimuli.renderStimulus(unknown, Condition.NONE, 224, Upscale.NEAREST));
        assertEquals(StimulusSetException.Kind.NOT_FOUND, notFound.kind());
        assertEquals("sourceSha256", notFound.field());
        assertEquals("level", assertThrows(StimulusSetException.class,
                () -> stimuli.renderStimulus(unknown, new Condition("contrast", 2.0), 224, Upscale.NEAREST)).field());
        assertEquals("sourceSha256", assertThrows(StimulusSetException.class,
                () -> stimuli.renderStimulus("../etc", Condition.NONE, 224, Upscale.NEAREST)).field());
        assertEquals("displaySize", assertThrows(StimulusSetException.class,
                () -> stimuli.renderMask(1, 0)).field());
        assertTrue(stimuli.image("not-a-hash").isEmpty());
        assertEquals(0, rows("rendering"));
    }
}
