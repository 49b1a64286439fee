package org.verbatim.common.text;

import java.text.Normalizer;
import java.util.Locale;
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

    /** Escapes LIKE wildcards so that user input is matched literally (with {@code escape '\'}). */
    public static String likeContains(String text) {
        return "%" + fold(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
