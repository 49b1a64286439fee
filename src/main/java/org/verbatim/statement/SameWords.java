package org.verbatim.statement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * When two texts are the same words: equal after case, whitespace, quote marks and punctuation are normalised away.
 * Accents are kept: "resume" and "résumé" are different words.
 */
final class SameWords {

    private static final Pattern NOT_WORDS = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");

    private SameWords() {}

    /** The words of a text, lower-cased and separated by single spaces. */
    static String normalise(String text) {
        String composed = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return NOT_WORDS.matcher(composed).replaceAll(" ").strip();
    }

    /** A SHA-256 digest of the normalised words: short enough for a unique index whatever the length of the text. */
    static String key(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(normalise(text).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
