package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.poster.PosterProfile;
import io.profilesync.simulator.Fault;
import io.profilesync.testing.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The run report for people, produced through the real path (a file with rejected rows split from an S3 event,
 * delivered by the poster from SQS events to the destination simulators, one of which refuses its batch, then reported),
 * rendered by a real headless browser (Debian's {@code chromium}, or the {@code CHROMIUM} environment variable) with
 * every host name unresolvable: what the page shows is checked in the browser's DOM, and its screenshot shows the
 * funnel's bars.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class HtmlReportBrowserTest extends SyncTest {

    /** What the failing user's e-mail holds: markup that must reach the page only as masked, escaped text. */
    private static final String MARKUP_EMAIL = "<b>bold</b>";

    @Test
    void aPersonSeesTheRunItsFunnelsRejectionsFailuresAndTimings(@TempDir Path dir) throws Exception {
        simulator.faultPlan("evergage", () -> Fault.status(422)); // every post, also one repeated after a lost answer
        JsonNode report = runs.run("incoming/html/customers.csv", """
                user_id,email,email_optin,first_name,age
                u1,ann@example.com,yes,Ann,33
                u2,not-an-email,yes,Bob,37
                u3,cleo@example.com,no,Cleo,29
                u4,MARKUP,yes,Dee,41
                u5,eve@example.com,yes,Eve,55
                """.replace("MARKUP", MARKUP_EMAIL));
        String runId = report.path("run_id").asText();
        assertEquals("runs/" + runId + "/report.html", report.path("report_html").asText(), report.toString());
        assertEquals(2, report.at("/destinations/insider/rejected").asLong(), "two e-mails Insider refuses: " + report);
        assertEquals(3, report.at("/destinations/insider/delivered").asLong(), report.toString());
        assertEquals(5, report.at("/destinations/evergage/failed").asLong(), "Evergage refused its batch: " + report);

        ResponseBytes<GetObjectResponse> object = LocalAwsResource.aws().s3().getObjectAsBytes(request -> request
                .bucket(LocalAwsResource.BUCKET).key(report.path("report_html").asText()));
        assertTrue(object.response().contentType().startsWith("text/html"), object.response().contentType());
        String html = object.asUtf8String();
        assertFalse(Pattern.compile("(?i)(src|href)\\s*=|url\\(|@import|https?://").matcher(html).find(),
                "the page refers to nothing outside itself");
        Path page = Files.writeString(dir.resolve("report.html"), html);

        Chromium chromium = Chromium.find(dir);
        String dom = chromium.dumpDom(page);
        String text = visibleText(dom);

        assertFalse(Pattern.compile("(?i)<(script|img|link|iframe|object|b)[\\s>]").matcher(dom).find(),
                "no element comes from the data: " + dom);
        assertTrue(text.contains("Run " + runId), text);
        assertTrue(text.contains("split succeeded"), text);
        assertTrue(text.contains("delivery complete"), text);
        assertTrue(text.contains("5 users failed"), text);
        assertTrue(text.contains("s3://" + LocalAwsResource.BUCKET + "/incoming/html/customers.csv"), text);
        assertTrue(text.contains("dry run no"), text);
        assertTrue(Pattern.compile("split took [0-9.]+ (ms|s)").matcher(text).find(), text);

        // per destination, the funnel's numbers as text next to its bars
        String insider = section(text, "insider complete", "xtremepush");
        assertTrue(insider.contains("rows 5"), insider);
        assertTrue(insider.contains("accepted 3") && insider.contains("rejected 2"), insider);
        assertTrue(insider.contains("delivered 3") && insider.contains("failed 0"), insider);
        String evergage = section(text, "evergage complete", "Rejected rows");
        assertTrue(evergage.contains("accepted 5") && evergage.contains("failed 5") && evergage.contains("delivered 0"),
                evergage);

        // rejections grouped by rule, with example lines and masked messages; the markup only as text
        String rejections = section(text, "Rejected rows, by rule", "Failed users");
        assertTrue(rejections.contains("insider email regexp(^.+@.+\\..+$) 2 line 3: "), rejections);
        assertTrue(rejections.contains(" line 5: "), rejections);
        assertFalse(rejections.contains("not-an-email") || rejections.contains(MARKUP_EMAIL), "values are masked: " + rejections);

        // failures grouped by reason, with example lines (at most three)
        String failures = section(text, "Failed users, by reason", "Timings");
        Matcher failed = Pattern.compile("evergage (.+?) 5 line 2: users batch 1 line 3: users batch 1 line 4: users batch 1")
                .matcher(failures);
        assertTrue(failed.find(), failures);
        assertFalse(failures.contains("line 5:"), "three examples at most: " + failures);

        // timings: each destination's call latency
        String timings = section(text, "Timings", "profile-sync ·");
        for (String destination : List.of("insider", "xtremepush", "evergage")) {
            assertTrue(Pattern.compile(destination + " 1 [0-9.,]+ ms [0-9.,]+ ms [0-9.,]+ ms").matcher(timings).find(), timings);
        }

        // what the eye meets: the bars are drawn (delivered green, failed red, rejected orange)
        BufferedImage screenshot = chromium.screenshot(page);
        for (String color : List.of("#2e7d32", "#c62828", "#ef6c00")) {
            assertTrue(pixels(screenshot, color) > 500, "the screenshot shows " + color + " bars");
        }
    }

    /** The text a reader sees: the DOM without its tags, entities decoded, white space collapsed. */
    private static String visibleText(String dom) {
        String body = dom.substring(Math.max(0, dom.indexOf("<body")));
        return body.replaceAll("</?(span|code|tspan)\\b[^>]*>", "").replaceAll("<[^>]*>", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&nbsp;", " ").replace("&amp;", "&").replaceAll("\\s+", " ").trim();
    }

    private static String section(String text, String from, String to) {
        int start = text.indexOf(from);
        assertTrue(start >= 0, "'" + from + "' in: " + text);
        int end = text.indexOf(to, start + from.length());
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static long pixels(BufferedImage image, String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs((p >> 16 & 0xff) - (rgb >> 16 & 0xff)) <= 4 && Math.abs((p >> 8 & 0xff) - (rgb >> 8 & 0xff)) <= 4
                        && Math.abs((p & 0xff) - (rgb & 0xff)) <= 4) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Debian's headless chromium, with no network: every host name resolves to nothing. */
    private record Chromium(Path binary, Path dir) {

        static Chromium find(Path dir) {
            Path binary = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
            if (!Files.isExecutable(binary)) {
                fail("no browser at " + binary + ": install Debian's chromium (apt-get install -y chromium; .ci/run does) "
                        + "or set CHROMIUM to a Chromium binary");
            }
            return new Chromium(binary, dir);
        }

        String dumpDom(Path page) throws IOException, InterruptedException {
            return new String(run(page, "dom", "--dump-dom"), StandardCharsets.UTF_8);
        }

        BufferedImage screenshot(Path page) throws IOException, InterruptedException {
            Path png = dir.resolve("report.png");
            run(page, "screenshot", "--screenshot=" + png, "--window-size=1100,1600", "--hide-scrollbars");
            assertTrue(Files.size(png) > 0, "chromium wrote " + png);
            return ImageIO.read(png.toFile());
        }

        private byte[] run(Path page, String name, String... options) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--force-color-profile=srgb", "--host-resolver-rules=MAP * ~NOTFOUND",
                    "--user-data-dir=" + dir.resolve("profile-" + name)));
            command.addAll(List.of(options));
            command.add(page.toUri().toString());
            Path out = dir.resolve(name + ".out");
            Path err = dir.resolve(name + ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("chromium did not finish in 90 s: " + Files.readString(err));
            }
            assertEquals(0, process.exitValue(), "chromium: " + Files.readString(err));
            return Files.readAllBytes(out);
        }
    }
}
