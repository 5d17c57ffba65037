package io.profilesync.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.storage.ObjectStore;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What S3 does with {@code If-None-Match: *} and LocalS3 does not: a put onto an existing key fails with 412.
 * Registered on the functions' S3 client in the tests ({@code %test.quarkus.s3.interceptors}), so conditional
 * writes (the poster's first outcome of a batch) behave as they will in AWS.
 */
public class ConditionalWrites implements ExecutionInterceptor {

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutObjectRequest put && "*".equals(put.ifNoneMatch())
                && new ObjectStore(LocalAwsResource.aws().s3(), new ObjectMapper()).exists(put.bucket(), put.key())) {
            throw S3Exception.builder().statusCode(412)
                    .message("At least one of the pre-conditions you specified did not hold (If-None-Match)").build();
        }
    }
}
