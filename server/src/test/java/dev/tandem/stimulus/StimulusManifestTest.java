package dev.tandem.stimulus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StimulusManifestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] builtInManifest() throws Exception {
        return Files.readAllBytes(TestImages.fashionMnistFolder().resolve("manifest.json"));
    }

    /** The built-in manifest with one change, parsed; returns the refusal. */
    private static StimulusSetException refused(Consumer<ObjectNode> change) throws Exception {
        ObjectNode manifest = (ObjectNode) JSON.readTree(builtInManifest());
        change.accept(manifest);
        return assertThrows(StimulusSetException.class,
                () -> StimulusManifest.parse(JSON.writeValueAsBytes(manifest), "manifest.json"));
    }

    private static ObjectNode image(ObjectNode manifest, int index) {
        return (ObjectNode) manifest.get("images").get(index);
    }

    @Test
    void theBuiltInManifestListsThirtyImagesOfEachFashionMnistClass() throws Exception {
        StimulusManifest manifest = StimulusManifest.parse(builtInManifest(), "manifest.json");
        assertEquals("fashion-mnist", manifest.name());
        assertEquals("MIT", manifest.licence());
        assertEquals(FashionMnistSubset.CATEGORIES, manifest.categories());
        assertEquals(new StimulusManifest.Display(224, Upscale.NEAREST), manifest.display());
        assertEquals(300, manifest.images().size());
        for (String category : manifest.categories()) {
            assertEquals(30, manifest.images().stream().filter(image -> image.category().equals(category)).count());
        }
        assertEquals(new StimulusManifest.Image("images/t-shirt-top-00.png", "T-shirt/top", 19),
                manifest.images().get(0));
    }

    @Test
    void theBuiltInManifestIsExactlyWhatTheBuilderWrites() throws Exception {
        StimulusManifest manifest = StimulusManifest.parse(builtInManifest(), "manifest.json");
        assertArrayEquals(builtInManifest(), FashionMnistSubset.manifest(manifest.images()).prettyJson());
    }

    @Test
    void aCategoryOutsideTheListIsRefusedNamingTheImage() throws Exception {
        var error = refused(manifest -> image(manifest, 12).put("category", "Shoe"));
        assertEquals("manifest.json", error.file());
        assertEquals("images[12].category", error.field());
        assertEquals("manifest.json: images[12].category \"Shoe\" is not one of categories", error.getMessage());
    }

    @Test
    void missingAndMalformedFieldsAreRefusedNamingTheField() throws Exception {
        assertEquals("name", refused(manifest -> manifest.remove("name")).field());
        assertEquals("name", refused(manifest -> manifest.put("name", "Fashion MNIST")).field());
        assertEquals("version", refused(manifest -> manifest.put("version", "")).field());
        assertEquals("licence", refused(manifest -> manifest.remove("licence")).field());
        assertEquals("source.description", refused(manifest -> ((ObjectNode) manifest.get("source"))
                .remove("description")).field());
        assertEquals("categories", refused(manifest -> manifest.putArray("categories")).field());
        assertEquals("categories[3]", refused(manifest -> ((ArrayNode) manifest.get("categories"))
                .set(3, "Trouser")).field());
        assertEquals("display.size", refused(manifest -> ((ObjectNode) manifest.get("display"))
                .put("size", 22.5)).field());
        assertEquals("display.upscale", refused(manifest -> ((ObjectNode) manifest.get("display"))
                .put("upscale", "bicubic")).field());
        assertEquals("images", refused(manifest -> manifest.putArray("images")).field());
        assertEquals("images[4].sourceIndex", refused(manifest -> image(manifest, 4).put("sourceIndex", -1)).field());
        assertEquals("images[0].file", refused(manifest -> image(manifest, 0).remove("file")).field());
    }

    @Test
    void textPostgreSqlCannotStoreIsRefusedNamingTheField() throws Exception {
        assertEquals("source.description", refused(manifest -> ((ObjectNode) manifest.get("source"))
                .put("description", "a\u0000b")).field());
        assertEquals("licence", refused(manifest -> manifest.put("licence", "MIT \ud800")).field());
        assertEquals("images[3].file", refused(manifest -> image(manifest, 3).put("file", "images/a\u0000.png")).field());
        var category = refused(manifest -> ((com.fasterxml.jackson.databind.node.ArrayNode) manifest.get("categories"))
                .set(0, "Bag\u0000"));
        assertEquals("categories[0]", category.field());
    }

    @Test
    void unknownFieldsAreRefusedSoThatTyposDoNotPassSilently() throws Exception {
        assertEquals("categroies", refused(manifest -> manifest.put("categroies", 1)).field());
        assertEquals("images[2].label", refused(manifest -> image(manifest, 2).put("label", 1)).field());
    }

    @Test
    void imageFilesMustStayInsideTheSetFolderAndBeListedOnce() throws Exception {
        for (String path : new String[] {"../secret.png", "/etc/passwd", "images/../../x.png", "images//a.png",
                "./images/a.png", "C:\\\\a.png"}) {
            assertEquals("images[7].file", refused(manifest -> image(manifest, 7).put("file", path)).field(), path);
        }
        var duplicate = refused(manifest -> image(manifest, 1).put("file", "images/t-shirt-top-00.png"));
        assertEquals("images[1].file", duplicate.field());
    }

    @Test
    void textThatIsNotJsonIsRefusedNamingTheFile() {
        var error = assertThrows(StimulusSetException.class,
                () -> StimulusManifest.parse("{\"name\": ".getBytes(), "manifest.json"));
        assertEquals("manifest.json", error.file());
        assertEquals(StimulusSetException.Kind.INVALID, error.kind());
    }
}
