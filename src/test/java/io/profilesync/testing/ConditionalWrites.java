package io.profilesync.testing;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
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
        if (context.request() instanceof PutObjectRequest put && "*".equals(put.ifNoneMatch()) && exists(put)) {
            throw S3Exception.builder().statusCode(412)
                    .message("At least one of the pre-conditions you specified did not hold (If-None-Match)").build();
        }
    }

    private static boolean exists(PutObjectRequest put) {
        try {
            LocalAwsResource.aws().s3().headObject(request -> request.bucket(put.bucket()).key(put.key()));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
