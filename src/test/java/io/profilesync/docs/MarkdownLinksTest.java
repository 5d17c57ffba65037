package io.profilesync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md, BENCHMARKS.md and docs/ names a file that exists and, with a {@code #fragment}, a
 * heading of that file (GitHub's anchors: lower case, punctuation dropped, spaces as hyphens).
 */
class MarkdownLinksTest {

    /**
     * Pages that other branches add while this one lands: listed in docs/README.md, checked once they exist. Drop a
     * name from here when its page is on main.
     */
    private static final Set<String> PAGES_BEING_WRITTEN = Set.of();

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *$");
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher link = LINK.matcher(lines.get(i));
                while (link.find()) {
                    String problem = problem(page, link.group(1));
                    if (problem != null) {
                        broken.add(ROOT.relativize(page) + ":" + (i + 1) + ": " + link.group(1) + ": " + problem);
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "broken Markdown links (file:line: link: why)");
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static String problem(Path page, String target) throws IOException {
        if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
            return null; // https:, mailto:: not checked offline
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return PAGES_BEING_WRITTEN.contains(ROOT.relativize(resolved).toString()) ? null : "no such file";
        }
        if (hash < 0 || Files.isDirectory(resolved) || !resolved.toString().endsWith(".md")) {
            return null;
        }
        String anchor = target.substring(hash + 1);
        return anchors(resolved).contains(anchor) ? null : "no heading with anchor #" + anchor;
    }

    static Set<String> anchors(Path page) throws IOException {
        boolean code = false;
        List<String> anchors = new ArrayList<>();
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                code = !code;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (!code && heading.matches()) {
                anchors.add(slug(heading.group(1)));
            }
        }
        return anchors.stream().collect(Collectors.toSet());
    }

    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
    }
}
