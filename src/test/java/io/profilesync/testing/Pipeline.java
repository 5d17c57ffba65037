package io.profilesync.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Test helpers for driving the functions through their real triggers and reading what they wrote. */
public final class Pipeline {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Pipeline() {
    }

    public static void put(String key, byte[] content) {
        s3().putObject(request -> request.bucket(LocalAwsResource.BUCKET).key(key), RequestBody.fromBytes(content));
    }

    public static void put(String key, String content) {
        put(key, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Invokes the function under test through the mock Lambda event server, as AWS would. */
    public static JsonNode invoke(String eventJson) {
        String response = given().contentType(ContentType.JSON).accept(ContentType.JSON).body(eventJson)
                .when().post()
                .then().statusCode(200).extract().asString();
        return parse(response);
    }

    /** Drops the objects in the bucket and invokes the splitter with one S3 event naming them all. */
    public static JsonNode split(String... keys) {
        return invoke(S3Events.created(LocalAwsResource.BUCKET, keys));
    }

    public static JsonNode readJson(String key) {
        return parse(readText(key));
    }

    public static String readText(String key) {
        return new String(readBytes(key), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static byte[] readBytes(String key) {
        return s3().getObjectAsBytes(request -> request.bucket(LocalAwsResource.BUCKET).key(key)).asByteArray();
    }

    /** The keys in the bucket under {@code prefix}, in key order. */
    public static List<String> keys(String prefix) {
        return s3().listObjectsV2Paginator(request -> request.bucket(LocalAwsResource.BUCKET).prefix(prefix)).contents().stream()
                .map(object -> object.key()).toList();
    }

    public static List<JsonNode> readJsonLines(String key) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : readText(key).split("\n")) {
            if (!line.isBlank()) {
                lines.add(parse(line));
            }
        }
        return lines;
    }

    /** Receives and deletes every message now on a destination's queue. */
    public static List<JsonNode> drain(String destination) {
        String url = LocalAwsResource.queueUrl(destination);
        List<JsonNode> bodies = new ArrayList<>();
        while (true) {
            List<Message> messages = sqs().receiveMessage(request -> request.queueUrl(url).maxNumberOfMessages(10))
                    .messages();
            if (messages.isEmpty()) {
                return bodies;
            }
            for (Message message : messages) {
                bodies.add(parse(message.body()));
                sqs().deleteMessage(request -> request.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
        }
    }

    public static void purgeQueues() {
        for (String destination : LocalAwsResource.destinations()) {
            drain(destination);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static S3Client s3() {
        return LocalAwsResource.aws().s3();
    }

    private static SqsClient sqs() {
        return LocalAwsResource.aws().sqs();
    }
}
