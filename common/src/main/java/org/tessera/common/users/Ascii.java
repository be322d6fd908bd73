package org.tessera.common.users;

/** qmail folds ASCII letters only (its case_lowerb), never the rest of a name's bytes. */
public final class Ascii {

    private Ascii() {
    }

    /** The text with A to Z made a to z and every other char kept. */
    public static String lower(String text) {
        StringBuilder lower = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return lower.toString();
    }
}
