package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

/** A signed-in console browser for tests: its session cookie, and its CSRF token on every change. */
public final class ConsoleClient {

    private final ApiClient api;
    final String cookie;
    final String csrfToken;

    private ConsoleClient(ApiClient api, String cookie, String csrfToken) {
        this.api = api;
        this.cookie = cookie;
        this.csrfToken = csrfToken;
    }

    public static ConsoleClient login(ApiClient api, String username, String password) {
        var reply = api.send("POST", "/api/auth/login", Map.of("Content-Type", "application/json"),
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        assertEquals(200, reply.status(), reply.body());
        String setCookie = reply.raw().headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return new ConsoleClient(api, cookie, reply.json().get("csrfToken").asText());
    }

    public ApiClient.Reply get(String path) {
        return api.send("GET", path, Map.of("Cookie", cookie), null);
    }

    /** A state-changing call with the CSRF header, as the console page sends it. */
    public ApiClient.Reply send(String method, String path, String json) {
        return send(method, path, json, csrfToken);
    }

    public ApiClient.Reply send(String method, String path, String json, String csrf) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Cookie", cookie);
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        if (csrf != null) {
            headers.put(Guard.CSRF_HEADER, csrf);
        }
        return api.send(method, path, headers, json);
    }
}
