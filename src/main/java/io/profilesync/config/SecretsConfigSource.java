package io.profilesync.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.spi.ConfigSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Configuration from one AWS Secrets Manager secret, named by {@code PROFILE_SYNC_SECRETS_ID}: a JSON object of
 * configuration keys to values, e.g. {@code {"profile-sync.insider.request-token": "..."}}. It is read once,
 * when the function starts, and cached for the life of the instance. It ranks above application.properties and
 * below environment variables. Without {@code PROFILE_SYNC_SECRETS_ID} (locally, in tests) it is empty.
 */
public class SecretsConfigSource implements ConfigSource {

    public static final String SECRET_ID_VARIABLE = "PROFILE_SYNC_SECRETS_ID";
    private static final int ORDINAL = 275;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<String> secret;
    private volatile Map<String, String> values;

    public SecretsConfigSource() {
        this(SecretsConfigSource::fetch);
    }

    SecretsConfigSource(Supplier<String> secret) {
        this.secret = secret;
    }

    @Override
    public Set<String> getPropertyNames() {
        return values().keySet();
    }

    @Override
    public String getValue(String name) {
        return values().get(name);
    }

    @Override
    public String getName() {
        return "aws-secrets-manager";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    private Map<String, String> values() {
        Map<String, String> loaded = values;
        if (loaded == null) {
            synchronized (this) {
                if (values == null) {
                    values = parse(secret.get());
                }
                loaded = values;
            }
        }
        return loaded;
    }

    static Map<String, String> parse(String secretString) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (secretString == null || secretString.isBlank()) {
            return parsed;
        }
        try {
            JsonNode object = JSON.readTree(secretString);
            if (!object.isObject()) {
                throw new IllegalStateException("the secret in " + SECRET_ID_VARIABLE + " must be a JSON object of configuration keys");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                parsed.put(entry.getKey(), entry.getValue().asText());
            }
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException("the secret in " + SECRET_ID_VARIABLE + " is not JSON", e);
        }
    }

    private static String fetch() {
        String secretId = System.getenv(SECRET_ID_VARIABLE);
        if (secretId == null || secretId.isBlank()) {
            return null;
        }
        try (SecretsManagerClient client = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            return client.getSecretValue(request -> request.secretId(secretId)).secretString();
        }
    }
}
