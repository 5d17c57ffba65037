package io.profilesync.credentials;

import java.io.IOException;
import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.config.ConfigurationException;
import io.profilesync.config.ProfileSyncConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Reads one Secrets Manager secret: a JSON object of keys to values, e.g. {@code {"request-token": "..."}}. The
 * client is built on first use, not at start. {@code profile-sync.credentials.endpoint-override} points it at a
 * local server (tests, the local run), with that server's dummy AWS credentials.
 */
@ApplicationScoped
public class SecretReader {

    private final ProfileSyncConfig config;
    private final ObjectMapper json;
    private volatile SecretsManagerClient client;

    public SecretReader(ProfileSyncConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    Map<String, String> read(String name, String secretId) {
        String text;
        try {
            text = client().getSecretValue(request -> request.secretId(secretId)).secretString();
        } catch (SdkException e) {
            throw new ConfigurationException("cannot read the " + name + " secret " + secretId + ": " + e.getMessage(), e);
        }
        try {
            JsonNode object = json.readTree(text == null ? "" : text);
            if (object == null || !object.isObject()) {
                throw new ConfigurationException("the " + name + " secret " + secretId + " must be a JSON object of keys to values");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                values.put(entry.getKey(), entry.getValue().asText());
            }
            return values;
        } catch (IOException e) {
            throw new ConfigurationException("the " + name + " secret " + secretId + " is not JSON");
        }
    }

    private SecretsManagerClient client() {
        SecretsManagerClient built = client;
        if (built == null) {
            synchronized (this) {
                if (client == null) {
                    client = build();
                }
                built = client;
            }
        }
        return built;
    }

    private SecretsManagerClient build() {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
        config.credentials().endpointOverride().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))));
        return builder.build();
    }
}
