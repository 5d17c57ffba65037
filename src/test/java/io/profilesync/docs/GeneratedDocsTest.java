package io.profilesync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The tables in docs/ that restate the code ({@link DocTables}) are the code's: each region between
 * {@code <!-- generated:NAME -->} and {@code <!-- end -->} must be what the code generates now, and every table is on
 * some page. Run with {@code -Ddocs.refresh=true} to rewrite the regions instead:
 * {@code mvn -o -q test -Dtest=GeneratedDocsTest -Ddocs.refresh=true}.
 */
class GeneratedDocsTest {

    static final String REFRESH = "mvn -o -q test -Dtest=GeneratedDocsTest -Ddocs.refresh=true";
    private static final Pattern REGION = Pattern.compile("(<!-- generated:([\\w-]+) -->\\n)(.*?)(<!-- end -->)", Pattern.DOTALL);

    @Test
    void generatedTablesMatchTheCode() throws IOException {
        Map<String, String> tables = DocTables.all();
        boolean refresh = Boolean.getBoolean("docs.refresh");
        Set<String> placed = new HashSet<>();
        List<String> stale = new ArrayList<>();
        for (Path page : MarkdownLinksTest.pages()) {
            String text = Files.readString(page);
            Matcher region = REGION.matcher(text);
            StringBuilder updated = new StringBuilder();
            while (region.find()) {
                String name = region.group(2);
                String table = tables.get(name);
                if (table == null) {
                    fail(page + ": no generated table is called " + name + "; the tables: " + tables.keySet());
                }
                placed.add(name);
                if (!region.group(3).equals(table)) {
                    stale.add(page + ", table " + name + ":\n" + diff(region.group(3), table));
                }
                region.appendReplacement(updated, Matcher.quoteReplacement(region.group(1) + table + region.group(4)));
            }
            region.appendTail(updated);
            if (refresh && !updated.toString().equals(text)) {
                Files.writeString(page, updated.toString());
            }
        }
        Set<String> missing = new HashSet<>(tables.keySet());
        missing.removeAll(placed);
        assertEquals(Set.of(), missing, "generated tables that no page holds (add <!-- generated:NAME --> <!-- end --> to a page)");
        if (!refresh && !stale.isEmpty()) {
            fail("docs differ from the code (- page, + code); refresh them with: " + REFRESH + "\n" + String.join("\n", stale));
        }
    }

    /** The lines only the page has (-) and only the code has (+). */
    static String diff(String page, String code) {
        List<String> pageLines = List.of(page.split("\n"));
        List<String> codeLines = List.of(code.split("\n"));
        StringBuilder diff = new StringBuilder();
        pageLines.stream().filter(line -> !codeLines.contains(line)).forEach(line -> diff.append("- ").append(line).append('\n'));
        codeLines.stream().filter(line -> !pageLines.contains(line)).forEach(line -> diff.append("+ ").append(line).append('\n'));
        return diff.toString();
    }
}
