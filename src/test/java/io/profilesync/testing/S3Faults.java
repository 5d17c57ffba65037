package io.profilesync.testing;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * S3 failing a multipart upload's part, in a packaged function of the local pipeline whose environment sets
 * {@code PROFILE_SYNC_TEST_S3_FAIL_UPLOAD_PART=true}: the failure path of a streamed upload (the export aborts it).
 */
public class S3Faults implements ExecutionInterceptor {

    private final boolean failUploadPart = Boolean.parseBoolean(System.getenv("PROFILE_SYNC_TEST_S3_FAIL_UPLOAD_PART"));

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (failUploadPart && context.request() instanceof UploadPartRequest) {
            throw S3Exception.builder().statusCode(503).message("Slow Down (simulated)").build();
        }
    }
}
