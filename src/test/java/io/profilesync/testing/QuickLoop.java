package io.profilesync.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The quick loop ({@code mvn -o test -Pquick}, docs/contributing.md): unit and property tests only. With
 * {@code profile-sync.quick=true} (set by that profile, which also turns on the autodetection that loads this
 * condition) a {@code @QuarkusTest} class, which starts the application and the local S3/SQS servers, is skipped;
 * {@code mvn verify} runs everything.
 */
public final class QuickLoop implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean quarkus = context.getTestClass().map(type -> type.isAnnotationPresent(QuarkusTest.class)).orElse(false);
        if (quarkus && Boolean.getBoolean("profile-sync.quick")) {
            return ConditionEvaluationResult.disabled("quick loop: @QuarkusTest classes run in mvn verify");
        }
        return ConditionEvaluationResult.enabled("");
    }
}
