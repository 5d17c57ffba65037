package io.profilesync.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogContextTest {

    @AfterEach
    void clear() {
        LogContext.clear();
    }

    @Test
    void aBatchMessageNamesItsRunDestinationAndBatch() {
        LogContext.batchMessage("""
                {"run_id":"4df9","destination":"xtremepush","stream":"users","batch":12,"bucket":"b",
                 "key":"runs/4df9/batches/xtremepush/users-000012.json","items":3}""");

        assertEquals("4df9", LogContext.get(LogContext.RUN_ID));
        assertEquals("xtremepush", LogContext.get(LogContext.DESTINATION));
        assertEquals("users-000012", LogContext.get(LogContext.BATCH));
    }

    @Test
    void eachRecordReplacesThePreviousOnesContext() {
        LogContext.batchMessage("{\"run_id\":\"a\",\"destination\":\"insider\",\"key\":\"runs/a/batches/insider/users-000001.json\"}");
        LogContext.batchMessage("not json");
        assertNull(LogContext.get(LogContext.RUN_ID), "a message that is not a batch message has no context");
        assertNull(LogContext.get(LogContext.DESTINATION));

        LogContext.batchMessage("{\"run_id\":\"a\",\"destination\":\"insider\",\"key\":\"runs/a/batches/insider/users-000001.json\"}");
        LogContext.run("b");
        assertEquals("b", LogContext.get(LogContext.RUN_ID));
        assertNull(LogContext.get(LogContext.BATCH));
        assertNull(LogContext.get(LogContext.DESTINATION));

        LogContext.clear();
        assertNull(LogContext.get(LogContext.RUN_ID));
    }
}
