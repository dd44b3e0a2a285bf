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
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Puts TensorFlow's native libraries where DJL's TensorFlow engine will load them, without
 * downloading anything.
 *
 * <p>The libraries come from the Maven artifact
 * {@code ai.djl.tensorflow:tensorflow-native-cpu:2.10.1:linux-x86_64} (487 MB, so it is not packed
 * into Tandem's jar). DJL would refuse that jar if it found it on the classpath, because its
 * {@code native/lib/tensorflow.properties} says {@code classifier=cu113-linux-x86_64}; the
 * libraries themselves run on CPU. So Tandem extracts the three libraries once into a cache
 * folder and sets {@code TENSORFLOW_LIBRARY_PATH}, which DJL's {@code LibUtils} reads before
 * anything else (it then only tells JavaCPP to preload from that folder).
 *
 * <p>Where the jar is looked for, in order: the {@code tandem.tf.natives} system property or the
 * {@code TANDEM_TF_NATIVES} environment variable (the jar, or a folder that already holds the
 * three libraries); an already complete cache folder; the classpath (tests, where Maven adds the
 * artifact); the local Maven repository ({@code maven.repo.local}, {@code localRepository} in
 * {@code ~/.m2/settings.xml}, or {@code ~/.m2/repository}).
 */
public final class TensorFlowNatives {

    static final String VERSION = "2.10.1";
    static final String ARTIFACT =
            "ai.djl.tensorflow:tensorflow-native-cpu:" + VERSION + ":jar:linux-x86_64";
    static final List<String> LIBRARIES =
            List.of("libjnitensorflow.so", "libtensorflow_framework.so.2", "libtensorflow_cc.so.2");
    private static final String JAR_PATH =
            "ai/djl/tensorflow/tensorflow-native-cpu/" + VERSION
                    + "/tensorflow-native-cpu-" + VERSION + "-linux-x86_64.jar";
    private static final String MARKER = "complete.txt";

    private final UnaryOperator<String> settings;
    private final Path localRepository;
    private final Path cacheFolder;
    private final ClassLoader classpath;

    /**
     * @param settings looks a name up as a system property, then as an environment variable
     * @param localRepository the local Maven repository, searched last
     * @param cacheFolder where the libraries are extracted (one folder per TensorFlow version)
     * @param classpath searched for the jar before the local repository
     */
    TensorFlowNatives(UnaryOperator<String> settings, Path localRepository, Path cacheFolder,
                      ClassLoader classpath) {
        this.settings = settings;
        this.localRepository = localRepository;
        this.cacheFolder = cacheFolder;
        this.classpath = classpath;
    }

    /** Natives configured from this process's system properties and environment. */
    public static TensorFlowNatives fromEnvironment() {
        UnaryOperator<String> settings = name -> {
            String value = System.getProperty(name);
            return value != null ? value : System.getenv(name);
        };
        Path home = Path.of(System.getProperty("user.home"));
        String xdgCache = System.getenv("XDG_CACHE_HOME");
        Path cacheRoot = xdgCache != null && !xdgCache.isBlank()
                ? Path.of(xdgCache) : home.resolve(".cache");
        return new TensorFlowNatives(
                settings,
                MavenLocalRepository.find(settings, home),
                cacheRoot.resolve("tandem").resolve("tensorflow-" + VERSION),
                TensorFlowNatives.class.getClassLoader());
    }

    /**
     * Finds the libraries (extracting them on first use) and points DJL at them. Safe to call
     * any number of times and from several processes at once.
     *
     * @return the folder holding the three libraries
     * @throws IllegalStateException naming what to install when the libraries cannot be found
     */
    public Path install() {
        checkPlatform();
        Path libraries = locate();
        System.setProperty("TENSORFLOW_LIBRARY_PATH", libraries.toString());
        // Make DJL fail at once instead of trying the network if anything were still missing.
        System.setProperty("ai.djl.offline", "true");
        return libraries;
    }

    /**
     * {@link #install()}s the libraries and loads them through DJL's TensorFlow engine, which
     * also serves TensorFlow's own Java API ({@code org.tensorflow}).
     *
     * @return TensorFlow's version
     */
    public String load() {
        install();
        return ai.djl.engine.Engine.getEngine("TensorFlow").getVersion();
    }

    Path locate() {
        String given = settings.apply("tandem.tf.natives");
        if (given == null) {
            given = settings.apply("TANDEM_TF_NATIVES");
        }
        if (given != null && !given.isBlank()) {
            return fromGivenPath(Path.of(given));
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
            throw new IllegalStateException(missingMessage(searched));
        }
        return extract(jar);
    }

    private Path fromGivenPath(Path given) {
        if (Files.isDirectory(given)) {
            for (String library : LIBRARIES) {
                if (!Files.isRegularFile(given.resolve(library))) {
                    throw new IllegalStateException("TANDEM_TF_NATIVES folder " + given
                            + " has no " + library + "; it must hold " + String.join(", ", LIBRARIES));
                }
            }
            return given;
        }
        if (Files.isRegularFile(given)) {
            return extract(given);
        }
        throw new IllegalStateException("TANDEM_TF_NATIVES points to " + given
                + ", which does not exist; give the " + ARTIFACT + " jar or a folder holding "
                + String.join(", ", LIBRARIES));
    }

    private Path jarOnClasspath(List<String> searched) {
        searched.add("classpath resource native/lib/" + LIBRARIES.get(0));
        URL resource = classpath.getResource("native/lib/" + LIBRARIES.get(0));
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
            checkVersion(zip, jar);
            Files.createDirectories(cacheFolder.getParent());
            staging = Files.createTempDirectory(cacheFolder.getParent(), cacheFolder.getFileName() + ".tmp");
            StringBuilder marker = new StringBuilder();
            for (String library : LIBRARIES) {
                ZipEntry entry = zip.getEntry("native/lib/" + library);
                if (entry == null) {
                    throw new IllegalStateException(jar + " has no native/lib/" + library
                            + "; is it really " + ARTIFACT + "?");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, staging.resolve(library));
                }
                marker.append(library).append(' ').append(Files.size(staging.resolve(library))).append('\n');
            }
            Files.writeString(staging.resolve(MARKER), marker);
            moveIntoPlace(staging);
            staging = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not extract TensorFlow natives from " + jar
                    + " into " + cacheFolder, e);
        } finally {
            deleteQuietly(staging);
        }
        if (!isComplete(cacheFolder)) {
            throw new IllegalStateException("TensorFlow natives in " + cacheFolder
                    + " are incomplete; delete that folder and try again");
        }
        return cacheFolder;
    }

    private void moveIntoPlace(Path staging) throws IOException {
        if (Files.exists(cacheFolder) && !isComplete(cacheFolder)) {
            deleteQuietly(cacheFolder); // left over from an interrupted or tampered extraction
        }
        try {
            Files.move(staging, cacheFolder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Another process may have finished first; its copy is as good as ours.
            if (!isComplete(cacheFolder)) {
                throw e;
            }
        }
    }

    private static void checkVersion(ZipFile zip, Path jar) throws IOException {
        ZipEntry entry = zip.getEntry("native/lib/tensorflow.properties");
        if (entry == null) {
            return;
        }
        Properties properties = new Properties();
        try (InputStream in = zip.getInputStream(entry)) {
            properties.load(in);
        }
        String version = properties.getProperty("version", "");
        if (!version.startsWith(VERSION)) {
            throw new IllegalStateException(jar + " holds TensorFlow " + version + ", but the engine"
                    + " needs " + VERSION + ": install " + ARTIFACT);
        }
    }

    /** A cache folder is complete when its marker lists every library at its extracted size. */
    static boolean isComplete(Path folder) {
        Path marker = folder.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        try {
            List<String> lines = Files.readAllLines(marker);
            if (lines.size() != LIBRARIES.size()) {
                return false;
            }
            for (String line : lines) {
                String[] parts = line.split(" ");
                Path library = folder.resolve(parts[0]);
                if (!LIBRARIES.contains(parts[0]) || !Files.isRegularFile(library)
                        || Files.size(library) != Long.parseLong(parts[1])) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void checkPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase();
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("Tandem's model runner ships TensorFlow natives for"
                    + " linux-x86_64 only; this is " + os + "/" + arch);
        }
    }

    private String missingMessage(List<String> searched) {
        return "TensorFlow native libraries " + VERSION + " not found (looked at: "
                + String.join(", ", searched) + "). Install them with\n"
                + "  mvn dependency:get -Dartifact=" + ARTIFACT + "\n"
                + "(about 487 MB into the local Maven repository), or set TANDEM_TF_NATIVES to that"
                + " jar or to a folder holding " + String.join(", ", LIBRARIES) + ".";
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
