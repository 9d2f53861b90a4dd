package dev.tradeloom.catalog.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntBiFunction;

import dev.tradeloom.catalog.domain.ProductSearch.Suggestion;
import dev.tradeloom.catalog.store.ProductSearchDao;
import dev.tradeloom.catalog.store.TermRow;
import dev.tradeloom.platform.db.Transactor;

/**
 * Suggestions for a search being typed: the last word completed, and the earlier ones corrected, from the
 * words products hold, within the typos {@link Suggestions} tolerates.
 */
final class SearchSuggestions {
    private static final int DEFAULT_SUGGESTIONS = 8;
    private static final int MAX_SUGGESTIONS = 20;
    /** The shortest earlier word of a suggestion request that is corrected. */
    private static final int MIN_CORRECTED_WORD = 4;
    /** Candidates read per suggestion request before ranking them here. */
    private static final int SUGGESTION_CANDIDATES = 200;

    private final Transactor tx;

    SearchSuggestions(Transactor tx) {
        this.tx = tx;
    }

    /**
     * See {@link ProductSearch#suggest}. A space after the last word says it is complete ("silk " while the
     * buyer goes on to the next word): it is offered whole, or corrected to the whole word it misspells
     * ("slik " gives "silk"), not completed to longer words. When no word is within its typos, the space came
     * early ("cotton sa ") and the word is completed as without it, rather than nothing being offered.
     */
    List<Suggestion> suggest(String prefix, int limit) {
        final int size = limit == 0 ? DEFAULT_SUGGESTIONS : Math.min(limit, MAX_SUGGESTIONS);
        final String typed = prefix.toLowerCase(Locale.ROOT).stripLeading();
        final boolean wordEnded = !typed.isEmpty() && Character.isWhitespace(typed.charAt(typed.length() - 1));
        final String text = typed.stripTrailing();
        final int cut = lastWordStart(text);
        final String head = text.substring(0, cut);
        final String word = text.substring(cut);
        if (word.length() < 2) {
            return List.of();
        }
        record Candidates(String head, List<TermRow> last) {}
        final Candidates found = tx.readPublic(h -> {
            final ProductSearchDao dao = h.attach(ProductSearchDao.class);
            return new Candidates(correctedWords(dao, head), candidates(dao, word));
        });
        List<Ranked> ranked = wordEnded ? ranked(found.last(), word, Suggestions::wordDistance) : List.of();
        if (ranked.isEmpty()) {
            ranked = ranked(found.last(), word, Suggestions::prefixDistance);
        }
        return ranked.stream().limit(size)
                     .map(r -> new Suggestion(found.head() + r.term().term(), r.term().products())).toList();
    }

    private record Ranked(TermRow term, int distance) {}

    /**
     * The candidates within the typos {@code word} may have by {@code distance}, closest first, then the most
     * common.
     */
    private static List<Ranked> ranked(List<TermRow> candidates, String word,
                                       ToIntBiFunction<String, String> distance) {
        final int allowed = Suggestions.allowedEdits(word);
        final List<Ranked> ranked = new ArrayList<>();
        for (TermRow t : candidates) {
            final int d = distance.applyAsInt(t.term(), word);
            if (d <= allowed) {
                ranked.add(new Ranked(t, d));
            }
        }
        ranked.sort(Comparator.comparingInt(Ranked::distance)
                              .thenComparing(r -> -r.term().products())
                              .thenComparing(r -> r.term().term()));
        return ranked;
    }

    /**
     * {@code head} (the words typed before the last, each followed by a space) with each word of at least
     * {@link #MIN_CORRECTED_WORD} letters that no product holds replaced by the closest word one does, within
     * the typos a word of its length may have: "banarsi sil" is completed as "banarasi silk", words a search
     * finds.
     */
    private static String correctedWords(ProductSearchDao dao, String head) {
        final StringBuilder corrected = new StringBuilder(head.length());
        for (String word : head.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            // Short words are left alone: "red" is a colour none of the products has, not a typo of "bed".
            final int allowed = word.codePointCount(0, word.length()) < MIN_CORRECTED_WORD
                                ? 0 : Suggestions.allowedEdits(word);
            final List<TermRow> candidates = allowed == 0 ? List.of() : candidates(dao, word);
            final boolean known = candidates.stream().anyMatch(t -> t.term().equals(word));
            final String closest = known ? word : candidates.stream()
                    .filter(t -> Suggestions.wordDistance(t.term(), word) <= allowed)
                    .min(Comparator.comparingInt((TermRow t) -> Suggestions.wordDistance(t.term(), word))
                                   .thenComparing(t -> -t.products()).thenComparing(TermRow::term))
                    .map(TermRow::term).orElse(word);
            corrected.append(closest).append(' ');
        }
        return corrected.toString();
    }

    private static List<TermRow> candidates(ProductSearchDao dao, String word) {
        return dao.suggestions(word, likePrefix(word.substring(0, word.offsetByCodePoints(0, 1))),
                               SUGGESTION_CANDIDATES);
    }

    private static int lastWordStart(String text) {
        int i = text.length();
        while (i > 0 && !Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static String likePrefix(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
