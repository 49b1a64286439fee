package org.verbatim.common.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Case and accent folding, so that "erdogan" finds "Erdoğan" on every database. */
public final class Folding {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Folding() {}

    public static String fold(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        String folded = MARKS.matcher(decomposed).replaceAll("")
                .replace('ı', 'i')
                .replace('ł', 'l')
                .replace('Ł', 'L')
                .replace('ø', 'o')
                .replace('Ø', 'O')
                .replace("ß", "ss")
                .replace('đ', 'd')
                .replace('Đ', 'D')
                .replace('’', '\'')
                .replace('‘', '\'')
                .toLowerCase(Locale.ROOT);
        return SPACES.matcher(folded).replaceAll(" ").trim();
    }

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    /** The folded words of a text, separated by single spaces: "U.S.-Europe Alliance" gives "u s europe alliance". */
    public static String words(String text) {
        return NON_WORD.matcher(fold(text)).replaceAll(" ").trim();
    }

    /**
     * What name search looks in: the folded words of each name, each word preceded by a space, so that
     * {@code like '% rub%'} finds a word that starts with "rub".
     */
    public static String searchText(String... names) {
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            if (name != null && !words(name).isEmpty()) {
                text.append(' ').append(words(name));
            }
        }
        return text.toString();
    }

    /**
     * The conditions of a name search on {@code column}: every word of the query starts a word of the name or an
     * alias. A name that starts with the whole query ranks first ({@code :namePrefix} in the order).
     */
    public static NameQuery nameQuery(String column, String query) {
        String words = words(query);
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (!words.isEmpty()) {
            String[] parts = words.split(" ");
            for (int i = 0; i < parts.length; i++) {
                conditions.add(column + " like :word" + i);
                params.put("word" + i, "% " + parts[i] + "%");
            }
        }
        params.put("namePrefix", " " + words + "%");
        return new NameQuery(conditions, params, "case when " + column + " like :namePrefix then 0 else 1 end");
    }

    /** Conditions (all required), their parameters, and an order expression for the best matches first. */
    public record NameQuery(List<String> conditions, Map<String, Object> params, String rank) {}
}
