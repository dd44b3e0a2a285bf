package dev.tandem.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libtorch comes from the Maven jar and the JNI bridge from Tandem's classpath, into one cache folder; nothing is downloaded. */
class PyTorchNativesTest {

    private static final String JAR_IN_REPOSITORY = "ai/djl/pytorch/pytorch-native-cpu/2.1.1/"
            + "pytorch-native-cpu-2.1.1-linux-x86_64.jar";

    @TempDir
    Path temp;

    private final Map<String, String> settings = new HashMap<>();

    private PyTorchNatives natives(ClassLoader classpath) {
        return new PyTorchNatives(settings::get, temp.resolve("m2"), temp.resolve("cache/pytorch-2.1.1-cpu"), classpath);
    }

    private static Path jar(Path file, Map<String, String> entries) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    private Path libtorchJar(Path file, String tag) throws IOException {
        Map<String, String> entries = new HashMap<>();
        PyTorchNatives.LIBRARIES.forEach(library -> entries.put("pytorch/cpu/linux-x86_64/" + library, tag + " " + library));
        return jar(file, entries);
    }

    /** A classpath holding only pytorch-jni's linux-x86_64 CPU bridge. */
    private ClassLoader jniClasspath() throws IOException {
        Path jni = jar(temp.resolve("pytorch-jni.jar"), Map.of("jnilib/linux-x86_64/cpu/libdjl_torch.so", "bridge"));
        return new URLClassLoader(new URL[] {jni.toUri().toURL()}, null);
    }

    @Test
    void extractsLibtorchFromTheLocalRepositoryAndTheJniBridgeFromTheClasspathOnce() throws IOException {
        Path jar = libtorchJar(temp.resolve("m2").resolve(JAR_IN_REPOSITORY), "first");

        Path folder = natives(jniClasspath()).locate();

        assertEquals(temp.resolve("cache/pytorch-2.1.1-cpu"), folder);
        for (String library : PyTorchNatives.LIBRARIES) {
            assertEquals("first " + library, Files.readString(folder.resolve(library)));
        }
        assertEquals("bridge", Files.readString(folder.resolve("libdjl_torch.so")), "DJL finds the JNI library beside libtorch");
        assertTrue(PyTorchNatives.isComplete(folder));
        libtorchJar(jar, "second");
        natives(jniClasspath()).locate();
        assertEquals("first libtorch_cpu.so", Files.readString(folder.resolve("libtorch_cpu.so")), "a complete cache is kept");
    }

    @Test
    void prefersTheJarNamedByTandemPytorchNatives() throws IOException {
        libtorchJar(temp.resolve("m2").resolve(JAR_IN_REPOSITORY), "repository");
        settings.put("TANDEM_PYTORCH_NATIVES", libtorchJar(temp.resolve("elsewhere/libtorch.jar"), "given").toString());

        Path folder = natives(jniClasspath()).locate();

        assertEquals("given libc10.so", Files.readString(folder.resolve("libc10.so")));
    }

    @Test
    void aFolderNamedByTandemPytorchNativesMustHoldEveryLibrary() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("libraries"));
        for (String library : List.of("libc10.so", "libtorch.so")) {
            Files.writeString(folder.resolve(library), library);
        }
        settings.put("TANDEM_PYTORCH_NATIVES", folder.toString());

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> natives(jniClasspath()).locate());

        assertTrue(error.getMessage().contains("has no libgomp-52f2fd74.so.1"), error.getMessage());
    }

    @Test
    void withoutTheJarItSaysHowToInstallItInsteadOfDownloading() throws IOException {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> natives(jniClasspath()).locate());

        assertTrue(error.getMessage().contains(
                "mvn dependency:get -Dartifact=ai.djl.pytorch:pytorch-native-cpu:2.1.1:jar:linux-x86_64"), error.getMessage());
        assertTrue(error.getMessage().contains("TANDEM_PYTORCH_NATIVES"), error.getMessage());
    }
}
