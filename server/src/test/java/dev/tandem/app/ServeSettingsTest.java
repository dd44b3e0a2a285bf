package dev.tandem.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code --host} and {@code --db-port}, their variables and defaults, and the port check that names the host. */
class ServeSettingsTest {

    private static AppConfig config(List<String> flags, Map<String, String> env) {
        return AppConfig.from(Args.parse(flags, Set.of()), env);
    }

    @Test
    void theHostAndTheEmbeddedDatabasePortComeFromFlagsThenVariablesThenDefaults() {
        AppConfig defaults = config(List.of(), Map.of());
        assertEquals(AppConfig.ALL_INTERFACES, defaults.host(), "every interface, as before --host existed");
        assertEquals(0, defaults.databasePort(), "any free port");
        assertEquals(8080, defaults.port());

        AppConfig fromEnv = config(List.of(), Map.of("TANDEM_HOST", "127.0.0.1", "TANDEM_DB_PORT", "5544"));
        assertEquals("127.0.0.1", fromEnv.host());
        assertEquals(5544, fromEnv.databasePort());

        AppConfig fromFlags = config(List.of("--host", "::1", "--db-port", "6543"),
                Map.of("TANDEM_HOST", "127.0.0.1", "TANDEM_DB_PORT", "5544"));
        assertEquals("::1", fromFlags.host());
        assertEquals(6543, fromFlags.databasePort());
    }

    @Test
    void badPortsAreRefusedNamingTheSetting() {
        var tooHigh = assertThrows(Args.UsageException.class, () -> config(List.of("--db-port", "70000"), Map.of()));
        assertTrue(tooHigh.getMessage().contains("--db-port"), tooHigh.getMessage());
        var notANumber = assertThrows(Args.UsageException.class, () -> config(List.of(), Map.of("TANDEM_PORT", "http")));
        assertTrue(notANumber.getMessage().contains("TANDEM_PORT"), notANumber.getMessage());
    }

    @Test
    void aPortTakenOnTheChosenInterfaceIsReportedWithThatInterface() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            var busy = assertThrows(IllegalStateException.class,
                    () -> ServeCommand.checkPortFree("127.0.0.1", taken.getLocalPort()));
            assertTrue(busy.getMessage().startsWith("port " + taken.getLocalPort() + " is in use on 127.0.0.1"),
                    busy.getMessage());
        }
    }
}
