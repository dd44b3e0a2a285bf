package dev.tandem.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFlowNativesTest {

    private static final String JAR_IN_REPOSITORY = "ai/djl/tensorflow/tensorflow-native-cpu/2.10.1/"
            + "tensorflow-native-cpu-2.10.1-linux-x86_64.jar";
    private static final ClassLoader EMPTY_CLASSPATH = new URLClassLoader(new URL[0], null);

    @TempDir
    Path temp;

    private final Map<String, String> settings = new HashMap<>();

    private TensorFlowNatives natives(ClassLoader classpath) {
        return new TensorFlowNatives(settings::get, temp.resolve("m2"), temp.resolve("cache/tensorflow-2.10.1"),
                classpath);
    }

    @Test
    void extractsTheThreeLibrariesFromTheLocalMavenRepositoryOnce() throws IOException {
        Path jar = fakeNativesJar(temp.resolve("m2").resolve(JAR_IN_REPOSITORY), "2.10.1-20230315", "first");
        Path folder = natives(EMPTY_CLASSPATH).locate();

        assertEquals(temp.resolve("cache/tensorflow-2.10.1"), folder);
        for (String library : TensorFlowNatives.LIBRARIES) {
            assertEquals("first " + library, Files.readString(folder.resolve(library)));
        }
        fakeNativesJar(jar, "2.10.1-20230315", "second");
        natives(EMPTY_CLASSPATH).locate();
        assertEquals("first libjnitensorflow.so", Files.readString(folder.resolve("libjnitensorflow.so")));
    }

    @Test
    void prefersTheJarNamedByTandemTfNatives() throws IOException {
        fakeNativesJar(temp.resolve("m2").resolve(JAR_IN_REPOSITORY), "2.10.1", "repository");
        Path given = fakeNativesJar(temp.resolve("elsewhere/natives.jar"), "2.10.1", "given");
        settings.put("TANDEM_TF_NATIVES", given.toString());

        Path folder = natives(EMPTY_CLASSPATH).locate();

        assertEquals("given libtensorflow_cc.so.2", Files.readString(folder.resolve("libtensorflow_cc.so.2")));
    }

    @Test
    void usesAFolderThatAlreadyHoldsTheLibrariesAsItIs() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("libs"));
        for (String library : TensorFlowNatives.LIBRARIES) {
            Files.writeString(folder.resolve(library), library);
        }
        settings.put("tandem.tf.natives", folder.toString());

        assertEquals(folder, natives(EMPTY_CLASSPATH).locate());
    }

    @Test
    void refusesAFolderThatLacksALibrary() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("libs"));
        Files.writeString(folder.resolve("libjnitensorflow.so"), "x");
        settings.put("TANDEM_TF_NATIVES", folder.toString());

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> natives(EMPTY_CLASSPATH).locate());
        assertTrue(refused.getMessage().contains("libtensorflow_framework.so.2"), refused.getMessage());
    }

    @Test
    void findsTheJarOnTheClasspath() throws IOException {
        Path jar = fakeNativesJar(temp.resolve("classpath/natives.jar"), "2.10.1", "classpath");
        try (URLClassLoader classpath = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Path folder = natives(classpath).locate();
            assertEquals("classpath libjnitensorflow.so", Files.readString(folder.resolve("libjnitensorflow.so")));
        }
    }

    @Test
    void refusesNativesOfAnotherTensorFlowVersion() throws IOException {
        fakeNativesJar(temp.resolve("m2").resolve(JAR_IN_REPOSITORY), "2.16.1", "new");

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> natives(EMPTY_CLASSPATH).locate());
        assertTrue(refused.getMessage().contains("2.16.1"), refused.getMessage());
        assertFalse(Files.exists(temp.resolve("cache/tensorflow-2.10.1")));
    }

    @Test
    void saysExactlyWhatToInstallWhenTheNativesAreMissing() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> natives(EMPTY_CLASSPATH).locate());

        assertTrue(missing.getMessage().contains(
                "mvn dependency:get -Dartifact=ai.djl.tensorflow:tensorflow-native-cpu:2.10.1:jar:linux-x86_64"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains(temp.resolve("m2").resolve(JAR_IN_REPOSITORY).toString()));
    }

    @Test
    void anIncompleteCacheFolderIsReplaced() throws IOException {
        fakeNativesJar(temp.resolve("m2").resolve(JAR_IN_REPOSITORY), "2.10.1", "fresh");
        Path cache = Files.createDirectories(temp.resolve("cache/tensorflow-2.10.1"));
        Files.writeString(cache.resolve("libjnitensorflow.so"), "half");

        natives(EMPTY_CLASSPATH).locate();

        assertTrue(TensorFlowNatives.isComplete(cache));
        assertEquals("fresh libjnitensorflow.so", Files.readString(cache.resolve("libjnitensorflow.so")));
    }

    @Test
    void theLocalRepositoryComesFromMavenSettings() throws IOException {
        Path home = temp.resolve("home");
        Files.createDirectories(home.resolve(".m2"));
        Files.writeString(home.resolve(".m2/settings.xml"),
                "<settings><localRepository>${user.home}/repo</localRepository></settings>");

        assertEquals(home.resolve("repo"), MavenLocalRepository.find(name -> null, home));
        assertEquals(Path.of("/x"), MavenLocalRepository.find(
                name -> name.equals("maven.repo.local") ? "/x" : null, home));
    }

    /** A jar laid out like the real artifact, each library holding "<marker> <name>". */
    static Path fakeNativesJar(Path jar, String version, String marker) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("native/lib/tensorflow.properties"));
            zip.write(("version=" + version + "\nclassifier=cu113-linux-x86_64\n").getBytes(StandardCharsets.UTF_8));
            for (String library : TensorFlowNatives.LIBRARIES) {
                zip.putNextEntry(new ZipEntry("native/lib/" + library));
                zip.write((marker + " " + library).getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }
}
