package dev.tandem.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Puts PyTorch's native libraries where DJL's PyTorch engine loads them, without downloading
 * anything (as {@link TensorFlowNatives} does for TensorFlow).
 *
 * <p>libtorch comes from the Maven artifact {@code ai.djl.pytorch:pytorch-native-cpu:2.1.1:linux-x86_64}
 * (118 MB, so not packed into Tandem's jar); DJL's JNI bridge {@code libdjl_torch.so} comes from
 * {@code ai.djl.pytorch:pytorch-jni:2.1.1-0.27.0}, which is. Both are extracted once into one
 * cache folder, and DJL is pointed at it with {@code PYTORCH_LIBRARY_PATH} (its LibUtils then
 * takes libtorch and the JNI library from that folder), {@code PYTORCH_VERSION} and
 * {@code PYTORCH_FLAVOR} (so it neither probes for CUDA nor looks for another build) and
 * {@code ai.djl.offline}.
 *
 * <p>Where the libtorch jar is looked for, in order: the {@code tandem.pytorch.natives} system
 * property or the {@code TANDEM_PYTORCH_NATIVES} environment variable (the jar, or a folder that
 * already holds the libraries); an already complete cache folder; the classpath; the local Maven
 * repository.
 */
public final class PyTorchNatives {

    static final String VERSION = "2.1.1";
    static final String FLAVOR = "cpu";
    static final String ARTIFACT = "ai.djl.pytorch:pytorch-native-cpu:" + VERSION + ":jar:linux-x86_64";
    static final List<String> LIBRARIES = List.of("libc10.so", "libgomp-52f2fd74.so.1", "libtorch_cpu.so", "libtorch.so");
    static final String JNI_LIBRARY = "libdjl_torch.so";
    private static final String IN_JAR = "pytorch/" + FLAVOR + "/linux-x86_64/";
    private static final String JNI_RESOURCE = "jnilib/linux-x86_64/" + FLAVOR + "/" + JNI_LIBRARY;
    private static final String JAR_PATH = "ai/djl/pytorch/pytorch-native-cpu/" + VERSION
            + "/pytorch-native-cpu-" + VERSION + "-linux-x86_64.jar";
    private static final String MARKER = "complete.txt";

    private final UnaryOperator<String> settings;
    private final Path localRepository;
    private final Path cacheFolder;
    private final ClassLoader classpath;

    PyTorchNatives(UnaryOperator<String> settings, Path localRepository, Path cacheFolder, ClassLoader classpath) {
        this.settings = settings;
        this.localRepository = localRepository;
        this.cacheFolder = cacheFolder;
        this.classpath = classpath;
    }

    /** Natives configured from this process's system properties and environment. */
    public static PyTorchNatives fromEnvironment() {
        UnaryOperator<String> settings = name -> {
            String value = System.getProperty(name);
            return value != null ? value : System.getenv(name);
        };
        Path home = Path.of(System.getProperty("user.home"));
        String xdgCache = System.getenv("XDG_CACHE_HOME");
        Path cacheRoot = xdgCache != null && !xdgCache.isBlank() ? Path.of(xdgCache) : home.resolve(".cache");
        return new PyTorchNatives(settings, MavenLocalRepository.find(settings, home),
                cacheRoot.resolve("tandem").resolve("pytorch-" + VERSION + "-" + FLAVOR),
                PyTorchNatives.class.getClassLoader());
    }

    /**
     * Finds the libraries (extracting them on first use) and points DJL at them. Safe to call any
     * number of times and from several processes at once.
     *
     * @return the folder holding libtorch and the JNI library
     */
    public synchronized Path install() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("Tandem ships PyTorch natives for linux-x86_64 only; this is " + os + "/" + arch);
        }
        Path libraries = locate();
        System.setProperty("PYTORCH_LIBRARY_PATH", libraries.toString());
        System.setProperty("PYTORCH_VERSION", VERSION);
        System.setProperty("PYTORCH_FLAVOR", FLAVOR);
        System.setProperty("ai.djl.offline", "true");
        return libraries;
    }

    Path locate() {
        String given = settings.apply("tandem.pytorch.natives");
        if (given == null) {
            given = settings.apply("TANDEM_PYTORCH_NATIVES");
        }
        if (given != null && !given.isBlank()) {
            Path path = Path.of(given);
            if (Files.isDirectory(path)) {
                for (String library : all()) {
                    if (!Files.isRegularFile(path.resolve(library))) {
                        throw new IllegalStateException("TANDEM_PYTORCH_NATIVES folder " + path + " has no " + library
                                + "; it must hold " + String.join(", ", all()));
                    }
                }
                return path;
            }
            if (Files.isRegularFile(path)) {
                return extract(path);
            }
            throw new IllegalStateException("TANDEM_PYTORCH_NATIVES points to " + path + ", which does not exist;"
                    + " give the " + ARTIFACT + " jar or a folder holding " + String.join(", ", all()));
        }
        if (isComplete(cacheFolder)) {
            return cacheFolder;
        }
        List<String> searched = new ArrayList<>();
        Path jar = jarOnClasspath(searched);
        if (jar == null) {
            Path candidate = localRepository.resolve(JAR_PATH);
            searched.add(candidate.toString());
            jar = Files.isRegularFile(candidate) ? candidate : null;
        }
        if (jar == null) {
            throw new IllegalStateException("PyTorch native libraries " + VERSION + " not found (looked at: "
                    + String.join(", ", searched) + "). Install them with\n  mvn dependency:get -Dartifact="
                    + ARTIFACT + "\n(about 118 MB into the local Maven repository), or set TANDEM_PYTORCH_NATIVES to"
                    + " that jar or to a folder holding " + String.join(", ", all()) + ".");
        }
        return extract(jar);
    }

    private static List<String> all() {
        List<String> all = new ArrayList<>(LIBRARIES);
        all.add(JNI_LIBRARY);
        return all;
    }

    private Path jarOnClasspath(List<String> searched) {
        searched.add("classpath resource " + IN_JAR + LIBRARIES.get(0));
        URL resource = classpath.getResource(IN_JAR + LIBRARIES.get(0));
        if (resource == null || !"jar".equals(resource.getProtocol())) {
            return null;
        }
        try {
            JarURLConnection connection = (JarURLConnection) resource.openConnection();
            connection.setUseCaches(false);
            return Path.of(connection.getJarFileURL().toURI());
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private Path extract(Path jar) {
        if (isComplete(cacheFolder)) {
            return cacheFolder;
        }
        Path staging = null;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Files.createDirectories(cacheFolder.getParent());
            staging = Files.createTempDirectory(cacheFolder.getParent(), cacheFolder.getFileName() + ".tmp");
            StringBuilder marker = new StringBuilder();
            for (String library : LIBRARIES) {
                ZipEntry entry = zip.getEntry(IN_JAR + library);
                if (entry == null) {
                    throw new IllegalStateException(jar + " has no " + IN_JAR + library + "; is it really " + ARTIFACT + "?");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, staging.resolve(library));
                }
                marker.append(library).append(' ').append(Files.size(staging.resolve(library))).append('\n');
            }
            try (InputStream in = classpath.getResourceAsStream(JNI_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the classpath has no " + JNI_RESOURCE
                            + " (ai.djl.pytorch:pytorch-jni:" + VERSION + "-0.27.0 belongs in Tandem's jar)");
                }
                Files.copy(in, staging.resolve(JNI_LIBRARY));
            }
            marker.append(JNI_LIBRARY).append(' ').append(Files.size(staging.resolve(JNI_LIBRARY))).append('\n');
            Files.writeString(staging.resolve(MARKER), marker);
            if (Files.exists(cacheFolder) && !isComplete(cacheFolder)) {
                deleteQuietly(cacheFolder); // left over from an interrupted extraction
            }
            try {
                Files.move(staging, cacheFolder, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
            } catch (IOException e) {
                if (!isComplete(cacheFolder)) { // another process may have finished first
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not extract PyTorch natives from " + jar + " into " + cacheFolder, e);
        } finally {
            deleteQuietly(staging);
        }
        if (!isComplete(cacheFolder)) {
            throw new IllegalStateException("PyTorch natives in " + cacheFolder + " are incomplete; delete that folder");
        }
        return cacheFolder;
    }

    /** A cache folder is complete when its marker lists every library at its extracted size. */
    static boolean isComplete(Path folder) {
        Path marker = folder.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        try {
            List<String> lines = Files.readAllLines(marker);
            if (lines.size() != all().size()) {
                return false;
            }
            for (String line : lines) {
                String[] parts = line.split(" ");
                Path library = folder.resolve(parts[0]);
                if (!all().contains(parts[0]) || !Files.isRegularFile(library)
                        || Files.size(library) != Long.parseLong(parts[1])) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A stray temporary folder is harmless.
        }
    }
}
