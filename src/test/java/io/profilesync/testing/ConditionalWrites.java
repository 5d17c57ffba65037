package io.profilesync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What S3 does with {@code If-None-Match: *} and {@code If-Match: <etag>} and LocalS3 does not: a put onto an
 * existing key (or onto a key that changed since it was read) fails with 412. Registered on the functions' S3
 * client in the Quarkus tests ({@code %test.quarkus.s3.interceptors}) and, as an SDK global interceptor
 * ({@code src/test/sdk-recorder}), in the packaged functions of the local pipeline, so conditional writes (the
 * poster's batch claims and first outcomes) behave as they will in AWS. It asks LocalS3 with a plain HTTP
 * {@code HEAD}, not an SDK client, so that its own look never counts as a call of the function.
 */
public class ConditionalWrites implements ExecutionInterceptor {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof PutObjectRequest put) || put.ifNoneMatch() == null && put.ifMatch() == null) {
            return;
        }
        Optional<String> etag = etag(put.bucket(), put.key());
        boolean refused = "*".equals(put.ifNoneMatch()) && etag.isPresent()
                || put.ifMatch() != null && !etag.map(put.ifMatch()::equals).orElse(false);
        if (refused) {
            throw S3Exception.builder().statusCode(412)
                    .message("At least one of the pre-conditions you specified did not hold").build();
        }
    }

    private static Optional<String> etag(String bucket, String key) {
        String endpoint = ConfigProvider.getConfig().getValue("quarkus.s3.endpoint-override", String.class);
        URI object = URI.create(endpoint + "/" + bucket + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20")
                .replace("%2F", "/"));
        try {
            HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(object).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding());
            return head.statusCode() == 200 ? head.headers().firstValue("ETag") : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
