package dev.tandem.codegen;

import dev.tandem.db.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Generates Tandem's jOOQ classes from the real schema: an embedded PostgreSQL 17 is started,
 * {@code migrations/} is applied by Flyway, and jOOQ reads the result. No H2, no DDL parsing, so
 * PostgreSQL types (jsonb, uuid, bytea, timestamptz) come out as they are.
 */
public final class GenerateJooq {

    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]).toAbsolutePath().normalize();
        Path output = Path.of(args[1]).toAbsolutePath().normalize();
        Path stamp = output.resolve(".migrations-stamp");
        String fingerprint = fingerprint(migrations);
        if (Files.exists(stamp) && Files.readString(stamp).equals(fingerprint)) {
            System.out.println("jOOQ classes are up to date with " + migrations);
            return;
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startTemporary()) {
            String url = postgres.jdbcUrl("postgres");
            Flyway.configure()
                    .dataSource(url, "postgres", null)
                    .locations("filesystem:" + migrations)
                    .load()
                    .migrate();
            GenerationTool.generate(configuration(output)
                    .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(url).withUser("postgres")));
        }
        Files.writeString(stamp, fingerprint);
        System.out.println("Generated jOOQ classes into " + output);
    }

    private static Configuration configuration(Path output) {
        return new Configuration()
                .withGenerator(new Generator()
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema("public")
                                .withExcludes("flyway_schema_history"))
                        .withGenerate(new Generate()
                                .withRecords(true)
                                .withPojos(false)
                                .withDaos(false)
                                .withJavaTimeTypes(true))
                        .withTarget(new Target()
                                .withPackageName("dev.tandem.db.jooq")
                                .withDirectory(output.toString())));
    }

    /** Names and sizes and contents of the migration files: regenerate only when they change. */
    private static String fingerprint(Path migrations) throws Exception {
        var digest = java.security.MessageDigest.getInstance("SHA-256");
        try (var files = Files.list(migrations)) {
            for (Path file : files.sorted().toList()) {
                digest.update(file.getFileName().toString().getBytes());
                digest.update(Files.readAllBytes(file));
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }
}
