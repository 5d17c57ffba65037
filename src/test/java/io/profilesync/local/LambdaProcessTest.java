package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LambdaProcessTest {

    @Test
    void aFunctionStartsWithTheRuntimesCompilerAndCollectorUnlessItsJavaToolOptionsSayOtherwise() {
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                LambdaProcess.runtimeJvmOptions(Map.of("QUARKUS_FUNQY_EXPORT", "poster")));
        assertEquals(List.of(), LambdaProcess.runtimeJvmOptions(Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseParallelGC -XX:TieredStopAtLevel=4")),
                "two collectors on one command line stop the JVM, and the function's own flags win in AWS");
    }
}
