package io.profilesync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.quarkus.restclient.config.RestClientsConfig;

/**
 * application.properties sets no property Quarkus marks deprecated (each one is a warning at every function's
 * start): the global REST client settings are read from {@link RestClientsConfig}'s deprecated methods.
 */
class NoDeprecatedConfigTest {

    @Test
    void noGlobalRestClientSettingIsDeprecated() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        List<String> deprecated = new ArrayList<>();
        for (Method method : RestClientsConfig.class.getMethods()) {
            String key = "quarkus.rest-client." + method.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
            if (method.isAnnotationPresent(Deprecated.class) && properties.containsKey(key)) {
                deprecated.add(key);
            }
        }

        assertEquals(List.of(), deprecated, "deprecated settings in application.properties");
    }
}
