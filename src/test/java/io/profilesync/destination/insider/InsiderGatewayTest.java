package io.profilesync.destination.insider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.destination.PostResult;

/** How Insider's 200 answers are read (its documented {@code data.successful} / {@code data.fail} block). */
class InsiderGatewayTest {

    private final InsiderGateway gateway = new InsiderGateway(null, null, null, new ObjectMapper());

    @Test
    void theFailBlockFailsTheUsersItNames() {
        PostResult result = gateway.answer(200, """
                {"data":{"successful":{},"fail":{"count":1,"errors":{"users.1.identifiers.required":["missing"]}}}}""");

        assertFalse(result.isUnconfirmed());
        assertEquals(1, result.failures().size());
        assertEquals(1, result.failures().get(0).index());
    }

    @Test
    void aFailCountAboveTheUsersNamedLeavesTheOthersUnconfirmed() {
        PostResult result = gateway.answer(200, """
                {"data":{"fail":{"count":3,"errors":{"users.0.attributes.age":["not a number"]}}}}""");

        assertTrue(result.isUnconfirmed(), "two failed users cannot be told apart from the delivered ones");
        assertEquals(1, result.failures().size());
    }

    @Test
    void a200ThatIsNotInsidersAnswerIsUnconfirmed() {
        assertTrue(gateway.answer(200, "<html>gateway</html>").isUnconfirmed());
        assertTrue(gateway.answer(200, "").isUnconfirmed());
        assertTrue(gateway.answer(200, "{\"status\":\"ok\"}").isUnconfirmed());
    }
}
