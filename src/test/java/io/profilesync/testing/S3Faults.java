package io.profilesync.testing;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * S3 failing, in a packaged function of the local pipeline whose environment asks for it: a multipart upload's part
 * ({@code PROFILE_SYNC_TEST_S3_FAIL_UPLOAD_PART=true}: the failure path of a streamed upload, which the export aborts),
 * or every GetObject of a key under a prefix ({@code PROFILE_SYNC_TEST_S3_FAIL_GET_OBJECT_PREFIX=incoming/}: a split
 * that fails on every attempt).
 */
public class S3Faults implements ExecutionInterceptor {

    private final boolean failUploadPart = Boolean.parseBoolean(System.getenv("PROFILE_SYNC_TEST_S3_FAIL_UPLOAD_PART"));
    private final String failGetObjectPrefix = System.getenv("PROFILE_SYNC_TEST_S3_FAIL_GET_OBJECT_PREFIX");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (failUploadPart && context.request() instanceof UploadPartRequest) {
            throw S3Exception.builder().statusCode(503).message("Slow Down (simulated)").build();
        }
        if (failGetObjectPrefix != null && context.request() instanceof GetObjectRequest get
                && get.key().startsWith(failGetObjectPrefix)) {
            throw S3Exception.builder().statusCode(403).message("Access Denied (simulated)").build();
        }
    }
}
