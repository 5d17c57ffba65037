package io.profilesync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SecretsConfigSourceTest {

    @Test
    void theSecretsKeysBecomeConfigurationReadOnce() {
        AtomicInteger reads = new AtomicInteger();
        SecretsConfigSource source = new SecretsConfigSource(() -> {
            reads.incrementAndGet();
            return "{\"profile-sync.insider.request-token\":\"t0k3n\",\"profile-sync.callbacks.secret\":\"s\"}";
        });

        assertEquals("t0k3n", source.getValue("profile-sync.insider.request-token"));
        assertEquals("s", source.getValue("profile-sync.callbacks.secret"));
        assertNull(source.getValue("profile-sync.xtremepush.app-token"));
        assertEquals(1, reads.get(), "cached after the first read");
        assertTrue(source.getOrdinal() > 250 && source.getOrdinal() < 300, "above application.properties, below the environment");
    }

    @Test
    void withoutASecretTheSourceIsEmpty() {
        assertTrue(new SecretsConfigSource(() -> null).getPropertyNames().isEmpty());
    }

    @Test
    void aSecretThatIsNotAJsonObjectIsAClearError() {
        SecretsConfigSource source = new SecretsConfigSource(() -> "[1,2]");

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> source.getValue("x"));

        assertTrue(error.getMessage().contains("JSON object of configuration keys"));
    }
}
