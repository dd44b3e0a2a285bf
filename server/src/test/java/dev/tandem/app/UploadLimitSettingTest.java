package dev.tandem.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UploadLimitSettingTest {

    private static AppConfig config(List<String> flags, Map<String, String> env) {
        return AppConfig.from(Args.parse(flags, Set.of()), env);
    }

    @Test
    void uploadsMayBe256MiBUnlessTheEnvironmentOrAFlagSaysOtherwise() {
        assertEquals(256, config(List.of(), Map.of()).maxUploadMb());
        assertEquals(1024, config(List.of(), Map.of("TANDEM_MAX_UPLOAD_MB", "1024")).maxUploadMb());
        assertEquals(8, config(List.of("--max-upload-mb", "8"), Map.of("TANDEM_MAX_UPLOAD_MB", "1024")).maxUploadMb());
    }

    @Test
    void aLimitThatIsNoPositiveWholeNumberIsAUsageError() {
        assertThrows(Args.UsageException.class, () -> config(List.of(), Map.of("TANDEM_MAX_UPLOAD_MB", "lots")));
        assertThrows(Args.UsageException.class, () -> config(List.of("--max-upload-mb", "0"), Map.of()));
    }
}
