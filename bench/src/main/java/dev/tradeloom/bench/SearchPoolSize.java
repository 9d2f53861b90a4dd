package dev.tradeloom.bench;

/**
 * The connection-pool size the search benchmarks give their services: {@code DB_POOL_SIZE} from the
 * environment, or else twice the machine's cores plus one, HikariCP's sizing rule for a database on
 * this machine. Searches keep the database's cores busy without waiting on disk, so connections beyond
 * that add no throughput; they only queue inside PostgreSQL, whose time-slicing then sets the tail.
 */
final class SearchPoolSize {
    private SearchPoolSize() {}

    static String get() {
        final String configured = System.getenv("DB_POOL_SIZE");
        final int cores = Runtime.getRuntime().availableProcessors();
        return configured != null ? configured : String.valueOf(2 * cores + 1);
    }
}
