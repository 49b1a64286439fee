package org.verbatim.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The hostile values the fuzz test sends: wrong types, boundary and huge numbers, Unicode edge cases, query syntax
 * and SQL fragments, path tricks. URL values are given already percent-encoded, so that bytes that are no valid
 * UTF-8 can be sent too; JSON values are given as JSON text, so that escapes such as a lone surrogate survive.
 */
final class Hostile {

    private Hostile() {}

    /** Values in a URL must keep the request line under the server's limit (4 KiB), or it is refused whole. */
    private static final int LONG_IN_URL = 3000;

    /** Text values, decoded; each is percent-encoded as UTF-8 when it goes into a URL. */
    static final List<String> TEXT = List.of(
            "", " ", "\t\n", "null", "undefined", "true", "[]", "{}",
            "-1", "0", "1.5", "2147483648", "9223372036854775808", "-9223372036854775809", "1e309", "NaN",
            "Infinity", "0x10", "٣", "１", "99999999999999999999999999999999999999",
            "2025-02-30", "2025-13-01", "0000-00-00", "+999999999-12-31", "-999999999-01-01", "2025-05-11T00:00:00Z",
            "\u0000", "a\u0000b", "\u202Eevil", "\u200F\u200E", "e" + "\u0301".repeat(200), "😀", "👩‍👩‍👧‍👦",
            "\uFEFF", "\uFFFF", "\uFFFD", "İı", "ß", "\r\nX-Injected: 1",
            "' OR '1'='1", "1; DROP TABLE statement;--", "%' --", "\\", "' UNION SELECT NULL--", "\" OR \"\"=\"",
            "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "../../etc/passwd", "*", "%", "_",
            "x".repeat(LONG_IN_URL), "ü".repeat(LONG_IN_URL / 6));

    /** Query syntax for {@code q}: unbalanced, dangling, degenerate, nested and long. */
    static final List<String> QUERY_SYNTAX = List.of(
            "\"", "\"unbalanced", "\"\"", "\" \"", "OR", "OR OR", "ceasefire OR", "OR ceasefire", "AND", "NOT",
            "-", "--", "- -", "-ceasefire", "-\"a b\"", "--ceasefire", "*", "**", "*ceasefire", "cease*fire*",
            "-*", "\"*\"", "OR*", "(", ")", "()", "(((((ceasefire", "ceasefire)))))", "(".repeat(400),
            ")".repeat(400), "\"(\"".repeat(100), "ceasefire~2", "ceasefire^3", "[a TO z]", "{a TO z}",
            "text:ceasefire", "a:b:c", "\\\"", "/ceasefire.*/", "&& ||", "!ceasefire", "?", "cease?fire",
            "+ceasefire", "ceasefire AND OR NOT diplomacy", "\"ceasefire\" \"diplomacy",
            "ceasefire ".repeat(50).trim(), "a".repeat(500), "a".repeat(501), "a ".repeat(250), "-a ".repeat(166),
            "\"a\" ".repeat(125), "a* ".repeat(166), "\u0000", "\uD83D\uDE00*", "e\u0301*", "\u202E-x");

    /** Integers: boundaries, overflow and what is not an integer. */
    static final List<String> INTEGERS = List.of(
            "-1", "0", "1", "100", "101", "10000", "10001", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "1" + "0".repeat(400), "1.5", "1e3", "0x10", " 1",
            "+1", "٣", "１", "NaN", "", "abc");

    /** Ids in a path: traversal, encoded separators, NUL, invalid UTF-8, very long, Unicode. Already encoded. */
    static final List<String> PATH_IDS = List.of(
            "..%2F..%2Fq%2Fhealth", "%2e%2e", "..%2f", "%2F", "a%2Fb", "%5C..%5C", "%00", "a%00b", "%0D%0AX:1",
            "%ED%A0%80", "%FF", "%FE%FF", "%C0%AF", "%E2%80%AE", "%F0%9F%98%80", "%EF%BB%BF", "%20", "+", "~",
            "*", "%25", "%2525", "'%20OR%20'1'%3D'1", "1%3BDROP%20TABLE%20statement", "-1", "0",
            "99999999999999999999", "null", "x".repeat(1000), "x".repeat(LONG_IN_URL),
            "%C3%BC".repeat(300), "00000000-0000-0000-0000-000000000000");

    /** If-Match values that name no current version. */
    static final List<String> IF_MATCH = List.of(
            "\"abc\"", "abc", "\"-1\"", "\"99999999999999999999999\"", "W/\"12345\"", "\"\"", "\"12345\", \"54321\"",
            "\"1e3\"", "\"0x1\"", "\"٣٣٣\"", "\"1", "1\"", "\"\\u0000\"", "\"" + "9".repeat(1000) + "\"", "W/",
            ",,,", "\"12345\" garbage");

    /** JSON values for a body field: wrong types, boundary and huge numbers, Unicode escapes, long strings. */
    static final List<String> JSON_VALUES = jsonValues();

    private static List<String> jsonValues() {
        List<String> values = new ArrayList<>(List.of(
                "123", "-1", "1.5", "true", "false", "null", "{}", "[]", "[1, 2]", "{\"a\": 1}", "[[[]]]", "[null]",
                "9223372036854775808", "-9223372036854775809", "1e999999", "-0", "0.0000001", "1" + "0".repeat(2000),
                "\"\"", "\" \"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"a\\ud800b\"", "\"\\u0000\"", "\"a\\u0000b\"",
                "\"\\u202eevil\"", "\"e" + "\\u0301".repeat(500) + "\"", "\"😀\"", "\"\\ud83d\\ude00\"", "\"\\ufeff\"",
                "\"\\uffff\"", "\"\\r\\n\"", "\"' OR '1'='1\"", "\"1; DROP TABLE statement;--\"",
                "\"<script>alert(1)</script>\"", "\"${jndi:ldap://127.0.0.1/x}\"", "\"2025-02-30\"",
                "\"+999999999-12-31\"", "\"-999999999-01-01\"", "\"2025-05-11T00:00:00Z\"", "\"javascript:alert(1)\"",
                "\"http://\"", "\"http://[::1\"", "\"https://example.org/" + "x".repeat(3000) + "\"", "\"person\"",
                "\"Q0\"", "\"Q1234567890123\""));
        values.add("\"" + "x".repeat(100_000) + "\"");
        values.add("\"" + "😀".repeat(30_000) + "\"");
        values.add("[" + IntStream.range(0, 10_000).mapToObj(i -> "\"v" + i + "\"").collect(Collectors.joining(",")) + "]");
        values.add("[" + "\"x\",".repeat(300) + "\"x\"]");
        values.add("{" + IntStream.range(0, 2000).mapToObj(i -> "\"k" + i + "\": 1").collect(Collectors.joining(","))
                + "}");
        return List.copyOf(values);
    }

    /** Whole bodies that are not the JSON the operation takes, made from a valid one. */
    static List<byte[]> malformedBodies(String valid, Random random) {
        List<String> texts = new ArrayList<>(List.of(
                "", " ", "null", "[]", "\"text\"", "0", "{", "}", "{\"a\":}", "{'single': 'quotes'}",
                "/* comment */ {}", "{\"a\": 1,}", "{\"a\": NaN}", "[".repeat(100_000), "{\"a\":".repeat(20_000),
                "[".repeat(900) + "]".repeat(900), "{\"a\": " + "[".repeat(2000) + "]".repeat(2000) + "}",
                valid.substring(0, random.nextInt(Math.max(1, valid.length()))),
                valid + " {}", valid + valid, "\uFEFF" + valid,
                valid.replaceFirst("^\\{\"(\\w+)\":(\"[^\"]*\"|[^,}]+)", "{\"$1\":$2,\"$1\":$2"),
                valid.replace("\"", "'"), valid.replace(":", "="), valid.toUpperCase()));
        List<byte[]> bodies = new ArrayList<>(texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList());
        byte[] utf8 = valid.getBytes(StandardCharsets.UTF_8);
        // Bytes that are no UTF-8, and a raw NUL, inside the first string of a valid body.
        for (byte[] inject : List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {0})) {
            int quote = valid.indexOf(":\"") + 2;
            byte[] body = new byte[utf8.length + inject.length];
            System.arraycopy(utf8, 0, body, 0, quote);
            System.arraycopy(inject, 0, body, quote, inject.length);
            System.arraycopy(utf8, quote, body, quote + inject.length, utf8.length - quote);
            bodies.add(body);
        }
        return bodies;
    }

    /** Content types that are not the operation's. */
    static final List<String> CONTENT_TYPES = List.of(
            "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/json; charset=utf-16", "application/json; charset=bogus", "application/json;;;",
            "*/*", "application/*", "", "application/merge-patch+json", "application/json", "x".repeat(500));

    static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }
}
