/*
 * bench/vfs/vfs_bench.c — the same workload on plain SQLite (the "unix" VFS) and through
 * the hirevfs page-encrypting shim, in one run, warm cache; prints per-phase times and the
 * ratio. Build and run with bench/vfs/run.sh.
 *
 * Workload (per store): 100k job rows inserted in transactions of 1000; an index on
 * (state, city); 2,000 indexed filter queries; an FTS5 table over the notes and 2,000
 * MATCH queries; 200 LIKE '%word%' scans. Both stores use WAL, locking_mode=EXCLUSIVE,
 * temp_store=MEMORY, secure_delete=ON, synchronous=FULL, 4096-byte pages and the default
 * page cache; the encrypted store also has 40 reserve bytes per page.
 *
 * Each store is run REPEAT times (alternating plain / shim, default 2) on fresh files and
 * the best time of each phase is kept.
 *
 * Usage: vfs_bench [rows] [dir]
 */
#define _GNU_SOURCE
#include "hirevfs.h"

#include <sqlite3.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { PHASES = 7 };
static const char *PHASE[PHASES] = {"insert", "index", "indexed_query", "fts_build",
                                    "fts_query", "like_scan", "close"};

static const char *WORDS[] = {
    "swift", "recruiter", "remote", "senior", "backend", "salary", "onsite", "kotlin",
    "platform", "hybrid", "equity", "visa", "contract", "lead", "staff", "data",
    "distributed", "systems", "team", "growth", "payments", "mobile", "frontend", "rust",
    "security", "cloud", "startup", "benefits", "interview", "mentor", "product", "design"};
enum { NWORDS = sizeof WORDS / sizeof WORDS[0] };
static const char *RARE[] = {"zeppelin", "quokka", "xylograph", "fjord", "sphinx",
                             "jukebox", "wyvern", "kumquat"};
static const char *STATES[] = {"CA", "NY", "TX", "WA", "MA", "IL", "CO", "OR", "GA", "FL"};

static unsigned long long rng_state;
static long cache_kib; /* 0: SQLite's default page cache (2000 KiB) */
static unsigned rnd(unsigned n) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void die(sqlite3 *db, const char *what) {
    fprintf(stderr, "vfs_bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    exit(1);
}

static void exec(sqlite3 *db, const char *sql) {
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "vfs_bench: %s: %s\n", sql, err ? err : "?");
        exit(1);
    }
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) die(db, sql);
    return st;
}

static long long drain(sqlite3 *db, sqlite3_stmt *st) {
    long long n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) n += sqlite3_column_int64(st, 0) + 1;
    if (rc != SQLITE_DONE) die(db, "step");
    sqlite3_reset(st);
    return n;
}

/* One full run of the workload; times[] gets each phase in ms. Returns a checksum of the
 * query results (must be equal for both stores). */
static long long run(const char *path, int encrypted, long rows, double times[PHASES]) {
    sqlite3 *db = NULL;
    long long check = 0;
    unlink(path);
    char side[1200];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        encrypted ? "hirevfs" : "unix") != SQLITE_OK)
        die(db, "open");
    if (encrypted) {
        int n = 40;
        if (sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &n) != SQLITE_OK)
            die(db, "reserve");
    }
    exec(db, "PRAGMA page_size=4096; PRAGMA temp_store=MEMORY; PRAGMA locking_mode=EXCLUSIVE;"
             "PRAGMA journal_mode=WAL; PRAGMA secure_delete=ON; PRAGMA synchronous=FULL;");
    if (cache_kib > 0) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA cache_size=-%ld;", cache_kib);
        exec(db, sql);
    }
    exec(db, "CREATE TABLE jobs(id TEXT PRIMARY KEY, company TEXT, position TEXT, city TEXT,"
             " state TEXT, salary INTEGER, notes TEXT)");

    /* insert */
    rng_state = 0x2545F4914F6CDD1Dull;
    double t0 = now_ms();
    sqlite3_stmt *ins = prep(db, "INSERT INTO jobs VALUES(?,?,?,?,?,?,?)");
    for (long i = 0; i < rows; i++) {
        if (i % 1000 == 0) exec(db, "BEGIN");
        char id[40], company[40], position[40], city[24], notes[320];
        snprintf(id, sizeof id, "job-%08lx-%04x", (unsigned long)i * 2654435761ul % 100000000ul, rnd(65536));
        snprintf(company, sizeof company, "Company %u", rnd(5000));
        snprintf(position, sizeof position, "%s %s engineer", WORDS[rnd(NWORDS)], WORDS[rnd(NWORDS)]);
        snprintf(city, sizeof city, "city%02u", rnd(60));
        size_t k = 0;
        while (k < 200) {
            const char *w = rnd(50) == 0 ? RARE[rnd(8)] : WORDS[rnd(NWORDS)];
            k += (size_t)snprintf(notes + k, sizeof notes - k, "%s ", w);
        }
        sqlite3_bind_text(ins, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 2, company, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, position, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 4, city, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 5, STATES[rnd(10)], -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, 6, 60000 + (int)rnd(140000));
        sqlite3_bind_text(ins, 7, notes, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE) die(db, "insert");
        sqlite3_reset(ins);
        if (i % 1000 == 999 || i == rows - 1) exec(db, "COMMIT");
    }
    sqlite3_finalize(ins);
    times[0] = now_ms() - t0;

    /* index */
    t0 = now_ms();
    exec(db, "CREATE INDEX jobs_loc ON jobs(state, city)");
    times[1] = now_ms() - t0;

    /* indexed queries */
    rng_state = 0x9E3779B97F4A7C15ull;
    t0 = now_ms();
    sqlite3_stmt *q = prep(db, "SELECT salary FROM jobs WHERE state=? AND city=?");
    for (int i = 0; i < 2000; i++) {
        char city[24];
        snprintf(city, sizeof city, "city%02u", rnd(60));
        sqlite3_bind_text(q, 1, STATES[rnd(10)], -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, city, -1, SQLITE_TRANSIENT);
        check += drain(db, q);
    }
    sqlite3_finalize(q);
    times[2] = now_ms() - t0;

    /* FTS5 build */
    t0 = now_ms();
    exec(db, "CREATE VIRTUAL TABLE jobs_fts USING fts5(notes);"
             "BEGIN; INSERT INTO jobs_fts(rowid, notes) SELECT rowid, notes FROM jobs; COMMIT;");
    times[3] = now_ms() - t0;

    /* FTS5 queries */
    t0 = now_ms();
    q = prep(db, "SELECT count(*) FROM jobs_fts WHERE jobs_fts MATCH ?");
    for (int i = 0; i < 2000; i++) {
        char m[96];
        switch (i % 3) {
        case 0: snprintf(m, sizeof m, "%s", RARE[rnd(8)]); break;
        case 1: snprintf(m, sizeof m, "%s AND %s", RARE[rnd(8)], WORDS[rnd(NWORDS)]); break;
        default: snprintf(m, sizeof m, "\"%s %s\"", WORDS[rnd(NWORDS)], WORDS[rnd(NWORDS)]); break;
        }
        sqlite3_bind_text(q, 1, m, -1, SQLITE_TRANSIENT);
        check += drain(db, q);
    }
    sqlite3_finalize(q);
    times[4] = now_ms() - t0;

    /* LIKE scans */
    t0 = now_ms();
    q = prep(db, "SELECT count(*) FROM jobs WHERE notes LIKE ?");
    for (int i = 0; i < 200; i++) {
        char m[64];
        snprintf(m, sizeof m, "%%%s%%", i % 2 ? RARE[rnd(8)] : WORDS[rnd(NWORDS)]);
        sqlite3_bind_text(q, 1, m, -1, SQLITE_TRANSIENT);
        check += drain(db, q);
    }
    sqlite3_finalize(q);
    times[5] = now_ms() - t0;

    /* close: final checkpoint of the WAL into the database */
    t0 = now_ms();
    if (sqlite3_close(db) != SQLITE_OK) die(NULL, "close");
    times[6] = now_ms() - t0;
    return check;
}

int main(int argc, char **argv) {
    long rows = argc > 1 ? atol(argv[1]) : 100000;
    char dir[1024];
    if (argc > 2) {
        snprintf(dir, sizeof dir, "%s", argv[2]);
    } else {
        snprintf(dir, sizeof dir, "%s/hirevfs-bench-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(dir)) return 2;
    }
    int repeat = getenv("REPEAT") ? atoi(getenv("REPEAT")) : 2;
    cache_kib = getenv("CACHE_KIB") ? atol(getenv("CACHE_KIB")) : 0;
    if (repeat < 1) repeat = 1;

    if (hirevfs_register() != SQLITE_OK) return 2;
    char plain[1100], enc[1100];
    snprintf(plain, sizeof plain, "%s/plain.db", dir);
    snprintf(enc, sizeof enc, "%s/enc.db", dir);
    uint8_t key[32];
    randombytes_buf(key, sizeof key);
    if (hirevfs_set_key(enc, key, 1) != SQLITE_OK) return 2;
    sodium_memzero(key, sizeof key);

    double best[2][PHASES];
    long long checks[2] = {0, 0};
    for (int m = 0; m < 2; m++)
        for (int p = 0; p < PHASES; p++) best[m][p] = 1e300;
    for (int r = 0; r < repeat; r++) {
        for (int m = 0; m < 2; m++) {
            double t[PHASES];
            checks[m] = run(m ? enc : plain, m, rows, t);
            for (int p = 0; p < PHASES; p++)
                if (t[p] < best[m][p]) best[m][p] = t[p];
        }
    }
    if (checks[0] != checks[1]) {
        fprintf(stderr, "vfs_bench: result mismatch: plain %lld, shim %lld\n", checks[0], checks[1]);
        return 1;
    }
    printf("# rows=%ld repeat=%d cache=%s%ld KiB sqlite=%s libsodium=%s\n", rows, repeat,
           cache_kib > 0 ? "" : "default ", cache_kib > 0 ? cache_kib : 2000L, sqlite3_libversion(),
           sodium_version_string());
    double tp = 0, tv = 0;
    for (int p = 0; p < PHASES; p++) {
        tp += best[0][p];
        tv += best[1][p];
        printf("phase=%-14s plain_ms=%9.1f vfs_ms=%9.1f ratio=%.3f\n", PHASE[p], best[0][p],
               best[1][p], best[1][p] / best[0][p]);
    }
    printf("total          plain_ms=%9.1f vfs_ms=%9.1f ratio=%.3f\n", tp, tv, tv / tp);
    unlink(plain);
    unlink(enc);
    if (argc <= 2) rmdir(dir);
    return 0;
}
