package io.profilesync.destination.evergage.feed;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Writes a stored Evergage users batch (the JSON array the upsert API takes: {@code {"name", "attributes": {...}}})
 * as a User ETL feed file: a {@code userId} column and one {@code attribute:<name>} column per attribute any user of
 * the file carries (https://help.salesforce.com/s/articleView?id=mktg.mc_pers_etl_user_data_feed.htm, schema), in
 * RFC 4180 CSV with CRLF line ends, UTF-8 without a byte order mark
 * (https://help.salesforce.com/s/articleView?id=mktg.mc_pers_etl_file_requirements.htm). A user without an attribute
 * gets an empty cell, which never erases a value: "a blank value in the User ETL file doesn't impact the existing
 * value" (the User ETL Data Feed page, "About Ingesting User Data"). Two passes over the body, never a tree of it.
 */
public final class FeedCsv {

    private static final JsonFactory JSON = new JsonFactory();

    private FeedCsv() {
    }

    /** Writes the file for {@code body} to {@code out} (not closed); answers how many users it holds. */
    public static int write(byte[] body, OutputStream out) throws IOException {
        List<String> attributes = new ArrayList<>(attributeNames(body));
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            column.put(attributes.get(i), i);
        }
        Writer csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        cell(csv, FeedRules.USER_ID);
        for (String attribute : attributes) {
            csv.write(',');
            cell(csv, FeedRules.ATTRIBUTE + attribute);
        }
        csv.write("\r\n");
        String[] row = new String[attributes.size()];
        int users = 0;
        try (JsonParser parser = JSON.createParser(body)) {
            expect(parser.nextToken(), JsonToken.START_ARRAY);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                String userId = null;
                java.util.Arrays.fill(row, null);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("name".equals(field)) {
                        userId = parser.getText();
                    } else if ("attributes".equals(field) && value == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            int at = column.get(parser.currentName());
                            parser.nextToken();
                            row[at] = parser.getText();
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                cell(csv, userId);
                for (String value : row) {
                    csv.write(',');
                    if (value != null) {
                        cell(csv, value);
                    }
                }
                csv.write("\r\n");
                users++;
            }
        }
        csv.flush();
        return users;
    }

    /** Every attribute name the body's users carry, sorted: the same batch always gives the same file. */
    private static TreeSet<String> attributeNames(byte[] body) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (JsonParser parser = JSON.createParser(body)) {
            expect(parser.nextToken(), JsonToken.START_ARRAY);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    if (parser.nextToken() == JsonToken.START_OBJECT && "attributes".equals(field)) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            names.add(parser.currentName());
                            parser.nextToken();
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }
        return names;
    }

    /** RFC 4180, 2.6 and 2.7: a field with a comma, a double quote or a line break is quoted, its quotes doubled. */
    private static void cell(Writer csv, String value) throws IOException {
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            csv.write(value);
            return;
        }
        csv.write('"');
        csv.write(value.replace("\"", "\"\""));
        csv.write('"');
    }

    private static void expect(JsonToken token, JsonToken expected) throws IOException {
        if (token != expected) {
            throw new IOException("a stored Evergage users batch is a JSON array of users; found " + token);
        }
    }
}
