package dev.tandem.db.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <cluster>.owner}: "{@code <pid> <start time in epoch ms>}" of the Tandem process that stops
 * the cluster's server at its shutdown. A server whose owner no longer runs (killed with -9) is
 * taken over by the next process that finds it (issue 12).
 */
final class OwnerFile {

    private OwnerFile() {}

    static Path of(Path cluster) {
        return cluster.resolveSibling(cluster.getFileName() + ".owner");
    }

    /** Whether the file names a process that still runs (the same one: a reused id has another start time). */
    static boolean ownerAlive(Path cluster) throws IOException {
        Path file = of(cluster);
        if (!Files.exists(file)) {
            return false;
        }
        String[] words = Files.readString(file).trim().split("\\s+");
        long pid;
        long started;
        try {
            pid = Long.parseLong(words[0]);
            started = words.length > 1 ? Long.parseLong(words[1]) : -1;
        } catch (NumberFormatException e) {
            return false;
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(process -> started < 0 || startMillis(process) == started)
                .orElse(false);
    }

    /** Names this process as the owner. */
    static void claim(Path cluster) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(of(cluster), self.pid() + " " + startMillis(self) + "\n");
    }

    static void release(Path cluster) throws IOException {
        Files.deleteIfExists(of(cluster));
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
    }
}
