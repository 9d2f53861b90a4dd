package dev.tradeloom.catalog.domain;

/** The typo rules of suggestions: how far a typed word may be from the start of a suggested one. */
final class Suggestions {
    private Suggestions() {}

    /** Edits tolerated in a typed word: none in one or two letters, one up to five, then two. */
    static int allowedEdits(String word) {
        final int length = word.codePointCount(0, word.length());
        if (length <= 2) {
            return 0;
        }
        return length <= 5 ? 1 : 2;
    }

    /**
     * The fewest edits that turn {@code word} into a start of {@code term}: the distance to the term's
     * first as many letters, or one fewer or more (a letter left out or typed twice).
     */
    static int prefixDistance(String term, String word) {
        final int[] t = term.codePoints().toArray();
        final int[] w = word.codePoints().toArray();
        int best = Integer.MAX_VALUE;
        for (int length = w.length - 1; length <= w.length + 1; length++) {
            if (length >= 1 && length <= t.length) {
                best = Math.min(best, distance(t, length, w));
            }
        }
        return best;
    }

    /** The fewest edits that turn {@code word} into the whole of {@code term}. */
    static int wordDistance(String term, String word) {
        final int[] t = term.codePoints().toArray();
        return distance(t, t.length, word.codePoints().toArray());
    }

    /**
     * The optimal string alignment distance between the first {@code length} letters of {@code a} and
     * {@code b}: insertions, deletions, substitutions, and swaps of neighbours each count one.
     */
    static int distance(int[] a, int length, int[] b) {
        final int[][] d = new int[length + 1][b.length + 1];
        for (int i = 0; i <= length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= length; i++) {
            for (int j = 1; j <= b.length; j++) {
                final int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[length][b.length];
    }
}
