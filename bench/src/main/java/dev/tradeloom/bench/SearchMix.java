package dev.tradeloom.bench;

import java.util.List;

/** The fixed company-search query mix: very common terms, rare terms, phrases and filters. */
final class SearchMix {
    /** One search: web-search query text and optional filters (empty = none). */
    record Search(String query, String kind, String city, String category) {
        /** The query and its filters, for a table. */
        String label() {
            return String.join(" ", query, kind.isEmpty() ? "" : "kind=" + kind,
                               city.isEmpty() ? "" : "city=" + city,
                               category.isEmpty() ? "" : "category=" + category).trim().replaceAll(" +", " ");
        }
    }

    static final List<Search> SEARCHES = List.of(
            new Search("silk", "", "", ""),
            new Search("cotton sarees", "", "", ""),
            new Search("banarasi silk varanasi", "", "", ""),
            new Search("pashmina shawls", "", "", ""),
            new Search("georgette", "", "Surat", ""),
            new Search("knitwear", "supplier", "Ludhiana", ""),
            new Search("\"block prints\" jaipur", "", "", ""),
            new Search("weavers -polyester", "", "", ""),
            new Search("khadi or linen kurtas", "", "", ""),
            new Search("", "", "", "Home textiles"));

    private SearchMix() {}
}
