package io.profilesync.story;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.profilesync.common.Mask;
import io.profilesync.splitting.UserDecision;
import io.profilesync.story.UserStory.Answer;
import io.profilesync.story.UserStory.Chapter;
import io.profilesync.story.UserStory.Line;
import io.profilesync.story.UserStory.Story;

/** A story as text for people: newest run first, personal values in payloads masked unless revealed. */
public final class StoryText {

    private StoryText() {
    }

    /** The command that tells the story of the user of one line of a run (what the run report links its lines to). */
    public static String command(String destination, String sync, String runId, String line) {
        return "infra/local/run user " + destination + " --run " + runId + " --line " + line + " --sync " + sync;
    }

    public static void print(Story story, boolean reveal, PrintStream out) {
        out.printf("%s, sync %s, user key hash %016x: %d runs%n", story.destination(), story.sync(), story.keyHash(),
                story.chapters().size());
        out.printf("outcome table rows: key_hash = %d (docs/querying-outcomes.md)%n", story.keyHash());
        for (Chapter chapter : story.chapters()) {
            out.printf("run %s  %s  %s%n", chapter.runId(), chapter.startedAt(), chapter.source());
            for (Line line : chapter.lines()) {
                print(line, reveal, out);
            }
        }
        out.println(story.held().isPresent()
                ? String.format("state now holds fingerprint %016x%s", story.held().getAsLong(), heldFrom(story))
                : "state now holds no value for this user (never taken, deleted, or its runs not folded yet: the next run"
                        + " of the sync folds them)");
    }

    private static void print(Line line, boolean reveal, PrintStream out) {
        UserDecision decision = line.decision();
        StringBuilder text = new StringBuilder("  ");
        text.append(decision.line() == 0 ? "(not in the file)" : (decision.decision() == UserDecision.Decision.DELETED
                ? "deletion " : "line ") + decision.line()).append(": ").append(decision.decision().label());
        if (!decision.detail().isEmpty()) {
            text.append(" (").append(decision.detail()).append(')');
        }
        if (decision.fingerprint() != 0) {
            text.append(String.format(", fingerprint %016x", decision.fingerprint()));
        }
        out.println(text);
        line.batch().ifPresent(batch -> out.printf("    sent in %s, item %d: %s%n", batch, decision.position(),
                line.payload().map(payload -> (reveal ? payload : masked(payload)).toString()).orElse("(body not found)")));
        if (line.batch().isPresent()) {
            out.println("    answer: " + line.answer().map(StoryText::answer).orElse("no outcome yet (pending or held)"));
        }
    }

    private static String answer(Answer answer) {
        return answer.outcome() + (answer.httpStatus() == 0 ? "" : " (HTTP " + answer.httpStatus() + ")")
                + (answer.part() == null ? "" : " in part " + answer.part())
                + (answer.reason().isEmpty() ? "" : ": " + answer.reason());
    }

    private static String heldFrom(Story story) {
        for (Chapter chapter : story.chapters()) {
            for (Line line : chapter.lines()) {
                if (line.decision().fingerprint() == story.held().getAsLong()) {
                    return ": the value of run " + chapter.runId() + " line " + line.decision().line();
                }
            }
        }
        return "";
    }

    /** The payload with every value masked (emails and phone numbers as in reports, anything else to its first character). */
    static JsonNode masked(JsonNode value) {
        if (value.isObject()) {
            ObjectNode masked = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                masked.set(field.getKey(), masked(field.getValue()));
            }
            return masked;
        }
        if (value.isArray()) {
            ArrayNode masked = JsonNodeFactory.instance.arrayNode();
            value.forEach(element -> masked.add(masked(element)));
            return masked;
        }
        if (value.isNull() || value.isBoolean()) {
            return value;
        }
        String text = value.asText();
        return JsonNodeFactory.instance.textNode(text.contains("@") ? Mask.email(text)
                : text.replaceAll("[^0-9]", "").length() >= 6 ? Mask.phone(text) : Mask.secret(text));
    }
}
