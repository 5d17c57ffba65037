package io.profilesync.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Secrets Manager on loopback, speaking the service's JSON protocol ({@code X-Amz-Target:
 * secretsmanager.GetSecretValue}, {@code application/x-amz-json-1.1}) for the one call the functions make, so the
 * AWS SDK client of the code under test reads secrets exactly as in AWS. No Secrets Manager server runs in the
 * JVM without Docker, hence this small one; like AWS it answers {@code ResourceNotFoundException} for a secret
 * it does not hold. Secrets are put by the test ({@link #put}), as an operator would with the CLI.
 */
public final class LocalSecretsManager extends LocalJsonService {

    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    /** Puts a secret's value (a new version replaces the old one, as {@code put-secret-value} does). */
    public void put(String secretId, String secretString) {
        secrets.put(secretId, secretString);
    }

    @Override
    Answer answer(String target, JsonNode request) {
        if (!"secretsmanager.GetSecretValue".equals(target)) {
            return null;
        }
        String id = request.path("SecretId").asText();
        String value = secrets.get(id);
        if (value == null) {
            return error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        ObjectNode found = JSON.createObjectNode().put("ARN", id).put("Name", id).put("SecretString", value)
                .put("VersionId", UUID.nameUUIDFromBytes(value.getBytes(StandardCharsets.UTF_8)).toString())
                .put("CreatedDate", Instant.now().getEpochSecond());
        found.putArray("VersionStages").add("AWSCURRENT");
        return new Answer(200, found);
    }
}
