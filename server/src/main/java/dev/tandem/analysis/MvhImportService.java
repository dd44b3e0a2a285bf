package dev.tandem.analysis;

import dev.tandem.analysis.mvh.MalformedMvhFileException;
import dev.tandem.analysis.mvh.MvhCsvReader;
import dev.tandem.analysis.mvh.MvhFile;
import org.jooq.DSLContext;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Imports model-vs-human raw-data CSVs as observers of an imported study
 * ({@code import mvh DIR --study NAME}). DIR is the raw-data folder (one subfolder per dataset) or
 * one dataset folder. Each file is stored in its own transaction, whole or not at all: a malformed
 * row rejects its file (reported with file and line) and leaves whatever was stored for it before.
 */
public final class MvhImportService {

    /** What an import did, file by file. */
    public record Report(List<String> imported, List<String> unchanged, List<String> replaced,
                         List<String> rejected) {
        public boolean ok() {
            return rejected.isEmpty();
        }
    }

    private final DSLContext ctx;
    private final ImportedStudyRepository repository;
    private final MvhCsvReader reader;

    public MvhImportService(DSLContext ctx, ImportedStudyRepository repository, MvhCsvReader reader) {
        this.ctx = ctx;
        this.repository = repository;
        this.reader = reader;
    }

    public Report importDirectory(Path directory, String study) {
        if (study == null || study.isBlank()) {
            throw new IllegalArgumentException("study name is empty");
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(directory + " is not a folder");
        }
        long studyId = ctx.transactionResult(c -> repository.studyId(c.dsl(), study));
        Report report = new Report(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Path file : csvFiles(directory)) {
            importFile(studyId, file, report);
        }
        return report;
    }

    private void importFile(long studyId, Path file, Report report) {
        String name = file.getParent().getFileName() + "/" + file.getFileName();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String sha256 = sha256(bytes);
        MvhFile parsed;
        try {
            parsed = reader.read(file, new BufferedReader(
                    new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)));
        } catch (MalformedMvhFileException e) {
            report.rejected().add(e.getMessage());
            return;
        }
        ctx.transaction(c -> {
            var stored = repository.storedSha256(c.dsl(), studyId, parsed.dataset(), parsed.fileName());
            if (stored.isPresent() && stored.get().equals(sha256)) {
                report.unchanged().add(name);
                return;
            }
            repository.replaceFile(c.dsl(), studyId, parsed, sha256);
            (stored.isPresent() ? report.replaced() : report.imported()).add(name);
        });
    }

    /** CSVs directly in {@code directory} and in its subfolders, sorted. */
    private static List<Path> csvFiles(Path directory) {
        try (Stream<Path> files = Files.walk(directory, 2)) {
            return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".csv"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
