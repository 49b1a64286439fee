package org.verbatim.search;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns what a user types, web-search style, into the simple query string syntax: words are all required,
 * {@code "a phrase"}, {@code OR} between alternatives, {@code -word} excludes, {@code word*} is a prefix. Any other
 * operator character is taken literally, and an unbalanced quote or a stray operator degrades to plain words, so
 * every input is a valid query.
 */
final class QuerySyntax {

    private static final Pattern TOKENS = Pattern.compile("\"([^\"]*)\"|(\\S+)");
    private static final int MAX_TERMS = 64;

    private QuerySyntax() {}

    static String translate(String input) {
        String text = input.replace('“', '"').replace('”', '"').replace('„', '"').replace('«', '"').replace('»', '"');
        if (count(text, '"') % 2 == 1) {
            text = text.replace("\"", " ");
        }
        // Each group is required; the terms of a group are alternatives (joined by OR). Exclusions stand alone.
        List<List<String>> groups = new ArrayList<>();
        Matcher matcher = TOKENS.matcher(text);
        boolean pendingOr = false;
        int terms = 0;
        while (matcher.find() && terms < MAX_TERMS) {
            String term;
            boolean exclude = false;
            if (matcher.group(1) != null) {
                String phrase = words(matcher.group(1));
                term = phrase.isEmpty() ? null : "\"" + phrase + "\"";
            } else {
                String token = matcher.group(2);
                if (token.equals("OR")) {
                    pendingOr = true;
                    continue;
                }
                if (token.equals("AND")) {
                    continue;
                }
                exclude = token.startsWith("-") && token.length() > 1;
                boolean prefix = token.endsWith("*") && token.length() > 1;
                String word = words(token);
                // A hyphenated or dotted token ("30-day", "U.S.") is a phrase of its parts.
                term = word.isEmpty() ? null : word.contains(" ") ? "\"" + word + "\"" : word + (prefix ? "*" : "");
            }
            if (term == null) {
                continue;
            }
            terms++;
            List<String> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (exclude) {
                groups.add(List.of("-" + term));
            } else if (pendingOr && last != null && !last.get(0).startsWith("-")) {
                last.add(term);
            } else {
                groups.add(new ArrayList<>(List.of(term)));
            }
            pendingOr = false;
        }
        return groups.stream()
                .map(group -> group.size() == 1 ? group.get(0) : "(" + String.join(" | ", group) + ")")
                .collect(Collectors.joining(" "));
    }

    /** Letters, digits and apostrophes survive; every other character separates words. */
    private static String words(String text) {
        return text.replaceAll("[^\\p{L}\\p{N}\\p{M}'’]+", " ").trim();
    }

    private static int count(String text, char c) {
        return (int) text.chars().filter(ch -> ch == c).count();
    }
}
