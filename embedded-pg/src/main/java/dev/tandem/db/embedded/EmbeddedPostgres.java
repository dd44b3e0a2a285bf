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
 * owns the server stops it, with a smart shutdown: it waits for open connections to end. The
 * owner is named in {@code <cluster>.owner} (process id and start time): a server whose owner
 * is gone (its JVM was killed with -9) is taken over by the next process, which then stops it
 * at its own shutdown (issue 12).
 *
 * <p>Connections need a password (SCRAM-SHA-256): it is generated once, kept in
 * {@code <cluster>.password} (mode 0600, beside the cluster in the data folder) and put into
 * {@link #jdbcUrl}. A cluster made by an earlier version with trust authentication gets the
 * password and a password-only {@code pg_hba.conf} on its first start. The server log
 * {@code <cluster>.log} is 0600 too.
 *
 * <p>PostgreSQL refuses to run as root; when Tandem runs as root (containers, CI), initdb and the
 * server run in a user namespace that maps root to an unprivileged id, so the files stay root's.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SMART_SHUTDOWN = Duration.ofSeconds(30);

    /** How long a restart after a crash may wait for the old server's processes to go. */
    private static final Duration RESTART = Duration.ofSeconds(30);

    private final Path dataDirectory;
    private final int port;
    private final String password;
    private final Map<String, String> settings;
    private volatile long pid;
    private volatile boolean owner;

    private EmbeddedPostgres(Path dataDirectory, int port, String password, Map<String, String> settings, long pid,
                             boolean owner) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.password = password;
        this.settings = settings;
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
        return startOrAttach(dataDirectory, settings, 0);
    }

    /**
     * As {@link #startOrAttach(Path, Map)}, starting the server on {@code port} (0: a free port).
     * A running server keeps the port it has.
     */
    public static EmbeddedPostgres startOrAttach(Path dataDirectory, Map<String, String> settings, int port) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory.getParent());
            return underLock(directory, () -> {
                String password = ClusterPassword.read(directory);
                EmbeddedPostgres postgres = attachOrStart(directory, settings, password, port);
                ClusterPassword.require(directory, postgres.jdbcUrl("postgres"), password);
                return postgres;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL in " + directory, e);
        }
    }

    /** Whether the server's postmaster process is alive. */
    public boolean running() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * After the server died (its postmaster was killed): starts it again on the same port, so
     * open pools reconnect to the same URL, running PostgreSQL's crash recovery — or attaches,
     * when another process restarted it first. Waits up to 30 s for the dead server's last
     * processes to let go of its shared memory. Returns whether the server runs now.
     */
    public synchronized boolean restartIfStopped() {
        if (running()) {
            return true;
        }
        try {
            return underLock(dataDirectory, () -> {
                long deadline = System.nanoTime() + RESTART.toNanos();
                while (true) {
                    Optional<EmbeddedPostgres> running = attach(dataDirectory, password, settings);
                    if (running.isPresent()) {
                        adopt(running.get());
                        return true;
                    }
                    try {
                        EmbeddedPostgres started = start(dataDirectory, settings, password, port);
                        adopt(started);
                        log.warn("Restarted PostgreSQL (cluster in {}) after it stopped", dataDirectory);
                        return true;
                    } catch (IOException e) {
                        if (System.nanoTime() > deadline) {
                            log.error("Could not restart PostgreSQL (cluster in {}): {}", dataDirectory, e.getMessage());
                            return false;
                        }
                        sleep(Duration.ofMillis(500)); // the old server's backends are still exiting
                    }
                }
            });
        } catch (IOException e) {
            log.error("Could not restart PostgreSQL (cluster in {}): {}", dataDirectory, e.getMessage());
            return false;
        }
    }

    private void adopt(EmbeddedPostgres now) {
        this.pid = now.pid;
        this.owner = now.owner;
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding the cluster's lock file: one process at a time starts, attaches or takes over. */
    private static <T> T underLock(Path directory, Locked<T> action) throws IOException {
        Path lockFile = directory.resolveSibling(directory.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var ignored = channel.lock()) {
            return action.run();
        }
    }

    private static EmbeddedPostgres attachOrStart(Path directory, Map<String, String> settings, String password, int port)
            throws IOException {
        Optional<EmbeddedPostgres> running = attach(directory, password, settings);
        if (running.isPresent()) {
            EmbeddedPostgres postgres = running.get();
            if (postgres.owner) {
                log.warn("Took over the PostgreSQL on {} (port {}) that no live Tandem process owns; it stops with this one",
                        directory, postgres.port);
            } else {
                log.info("Using the PostgreSQL already running on {} (port {})", directory, postgres.port);
            }
            return postgres;
        }
        return start(directory, settings, password, port);
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

    /** The URL of {@code database} on this server, with its user and password. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres&password=" + password;
    }

    public int port() {
        return port;
    }

    /** Whether this process started the server (and so stops it on close). */
    public boolean owner() {
        return owner;
    }

    /**
     * The server running on the cluster, if one is; owned by this process when the owner file
     * names no live process (it is then rewritten to name this one).
     */
    private static Optional<EmbeddedPostgres> attach(Path directory, String password, Map<String, String> settings)
            throws IOException {
        Optional<long[]> postmaster = postmaster(directory);
        if (postmaster.isEmpty()) {
            return Optional.empty();
        }
        boolean ownerAlive = OwnerFile.ownerAlive(directory);
        if (!ownerAlive) {
            OwnerFile.claim(directory);
        }
        return Optional.of(new EmbeddedPostgres(directory, (int) postmaster.get()[1], password, settings,
                postmaster.get()[0], !ownerAlive));
    }

    /** The live postmaster's process id and port, from its postmaster.pid, if it runs and accepts connections. */
    private static Optional<long[]> postmaster(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 4) {
            return Optional.empty();
        }
        long pid;
        int port;
        try {
            pid = Long.parseLong(lines.get(0).trim());
            port = Integer.parseInt(lines.get(3).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return alive && accepts(port) ? Optional.of(new long[] {pid, port}) : Optional.empty();
    }

    private static EmbeddedPostgres start(Path directory, Map<String, String> settings, String password, int requestedPort)
            throws IOException {
        Path binaries = PostgresBinaries.unpacked();
        Path logFile = directory.resolveSibling(directory.getFileName() + ".log");
        ClusterPassword.createOwnerOnly(logFile);
        if (!Files.exists(directory.resolve("PG_VERSION"))) {
            run(List.of(bin(binaries, "initdb"), "--auth=scram-sha-256", "--pwfile=" + ClusterPassword.file(directory), "-U", "postgres",
                    "-E", "UTF-8", "--no-locale", "-D", directory.toString()), logFile);
        }
        int port = requestedPort > 0 ? requestedPort : freePort();
        if (requestedPort > 0 && accepts(requestedPort)) {
            throw new IOException("port " + requestedPort + " for the embedded PostgreSQL is in use");
        }
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
        long[] postmaster = postmaster(directory)
                .orElseThrow(() -> new IOException("PostgreSQL did not start; see " + logFile));
        OwnerFile.claim(directory);
        log.info("Started PostgreSQL 17 on port {} with its cluster in {}", port, directory);
        return new EmbeddedPostgres(directory, (int) postmaster[1], password, settings, postmaster[0], true);
    }

    /** Stops the server if this process owns it (started or took it over): smart shutdown first, then fast. */
    @Override
    public synchronized void close() {
        if (!owner) {
            return;
        }
        owner = false;
        ProcessHandle.of(pid).ifPresent(postmaster -> {
            signal("TERM"); // smart shutdown: lets connected sessions finish
            if (!waitForExit(postmaster, SMART_SHUTDOWN)) {
                signal("INT"); // fast shutdown: rolls back open transactions
                waitForExit(postmaster, SMART_SHUTDOWN);
            }
            log.info("Stopped PostgreSQL (cluster in {})", dataDirectory);
        });
        try {
            OwnerFile.release(dataDirectory);
        } catch (IOException e) {
            log.warn("Could not remove {}: {}", OwnerFile.of(dataDirectory), e.getMessage());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
