package dev.tandem.db;

import java.net.URI;

/** Accepts both JDBC URLs and the {@code postgres://user:password@host:port/db} form. */
final class DatabaseUrls {

    private DatabaseUrls() {}

    static String toJdbc(String url) {
        if (url.startsWith("jdbc:")) {
            return url;
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new IllegalArgumentException("database URL must start with jdbc:postgresql:// or postgres://");
        }
        URI uri = URI.create(url);
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getPath());
        String separator = "?";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            jdbc.append("?user=").append(parts[0]);
            if (parts.length == 2) {
                jdbc.append("&password=").append(parts[1]);
            }
            separator = "&";
        }
        if (uri.getRawQuery() != null) {
            jdbc.append(separator).append(uri.getRawQuery());
        }
        return jdbc.toString();
    }
}
