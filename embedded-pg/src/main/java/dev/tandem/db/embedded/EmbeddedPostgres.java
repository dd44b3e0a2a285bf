package dev.tandem.db.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 whose cluster lives in a data folder and survives restarts.
 *
 * <p>If a PostgreSQL already runs on that folder (another Tandem process started it), this
 * attaches to it instead of starting a second server on the same files. Only the process that
 * started the server stops it, with a smart shutdown: it waits for open connections to end.
 *
 * <p>PostgreSQL refuses to run as root; when Tandem runs as root (containers, CI), initdb and the
 * server run in a user namespace that maps root to an unprivileged id, so the files stay root's.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SMART_SHUTDOWN = Duration.ofSeconds(30);

    private final Path dataDirectory;
    private final int port;
    private final long pid;
    private final boolean owner;

    private EmbeddedPostgres(Path dataDirectory, int port, long pid, boolean owner) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.pid = pid;
        this.owner = owner;
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory} (running initdb the first time), or attaches to
     * the server already running there.
     *
     * @param settings server settings passed as {@code -c key=value}, e.g. {@code fsync=off} for tests
     */
    public static EmbeddedPostgres startOrAttach(Path dataDirectory, Map<String, String> settings) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory.getParent());
            Path lockFile = directory.resolveSibling(directory.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 var ignored = channel.lock()) {
                Optional<EmbeddedPostgres> running = attach(directory);
                if (running.isPresent()) {
                    log.info("Using the PostgreSQL already running on {} (port {})", directory, running.get().port);
                    return running.get();
                }
                return start(directory, settings);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL in " + directory, e);
        }
    }

    /** A PostgreSQL whose files are in a fresh temporary folder, for tests and code generation. */
    public static EmbeddedPostgres startTemporary() {
        try {
            Path directory = Files.createTempDirectory("tandem-pg").resolve("cluster");
            return startOrAttach(directory, Map.of("fsync", "off", "synchronous_commit", "off",
                    "full_page_writes", "off"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres";
    }

    public int port() {
        return port;
    }

    /** Whether this process started the server (and so stops it on close). */
    public boolean owner() {
        return owner;
    }

    private static Optional<EmbeddedPostgres> attach(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 4) {
            return Optional.empty();
        }
        long pid = Long.parseLong(lines.get(0).trim());
        int port = Integer.parseInt(lines.get(3).trim());
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return alive && accepts(port) ? Optional.of(new EmbeddedPostgres(directory, port, pid, false)) : Optional.empty();
    }

    private static EmbeddedPostgres start(Path directory, Map<String, String> settings) throws IOException {
        Path binaries = PostgresBinaries.unpacked();
        Path logFile = directory.resolveSibling(directory.getFileName() + ".log");
        if (!Files.exists(directory.resolve("PG_VERSION"))) {
            run(List.of(bin(binaries, "initdb"), "-A", "trust", "-U", "postgres", "-E", "UTF-8", "--no-locale",
                    "-D", directory.toString()), logFile);
        }
        int port = freePort();
        Map<String, String> options = new TreeMap<>(Map.of(
                "listen_addresses", "localhost",
                "unix_socket_directories", "''",
                "max_connections", "200",
                "timezone", "UTC"));
        options.putAll(settings);
        StringBuilder serverOptions = new StringBuilder("-p ").append(port);
        options.forEach((key, value) -> serverOptions.append(" -c ").append(key).append('=').append(value));
        run(List.of(bin(binaries, "pg_ctl"), "-D", directory.toString(), "-o", serverOptions.toString(),
                "-l", logFile.toString(), "-t", String.valueOf(STARTUP.toSeconds()), "-w", "start"), logFile);
        EmbeddedPostgres postgres = attach(directory)
                .orElseThrow(() -> new IOException("PostgreSQL did not start; see " + logFile));
        log.info("Started PostgreSQL 17 on port {} with its cluster in {}", port, directory);
        return new EmbeddedPostgres(directory, postgres.port, postgres.pid, true);
    }

    /** Stops the server if this process started it: smart shutdown first, then fast. */
    @Override
    public void close() {
        if (!owner) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(postmaster -> {
            signal("TERM"); // smart shutdown: lets connected sessions finish
            if (!waitForExit(postmaster, SMART_SHUTDOWN)) {
                signal("INT"); // fast shutdown: rolls back open transactions
                waitForExit(postmaster, SMART_SHUTDOWN);
            }
            log.info("Stopped PostgreSQL (cluster in {})", dataDirectory);
        });
    }

    private void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return !process.isAlive();
        }
    }

    private static String bin(Path binaries, String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    private static void run(List<String> command, Path logFile) throws IOException {
        List<String> full = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("unshare", "--user", "--map-user=1", "--map-group=1"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException(command.get(0) + " failed with exit code " + exit + "; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
