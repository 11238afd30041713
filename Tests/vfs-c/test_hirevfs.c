/*
 * Standalone tests of the hirevfs page-encrypting VFS shim (Sources/CHireVFS).
 * Build and run: Tests/vfs-c/run.sh  (exit status 0 = every test passed; the last line of
 * output is "N passed, M failed").
 */
#define _GNU_SOURCE
#include "hirevfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { PAGE = 4096, RESERVE = 40, DATA = PAGE - RESERVE, FRAME = PAGE + 24, WALHDR = 32 };

static char g_root[512];

/* ------------------------------------------------------------------------------------- */
/* Assertions: a failing check prints where and returns 1 from the test function.         */

#define CHECK(c)                                                                          \
    do {                                                                                  \
        if (!(c)) {                                                                       \
            fprintf(stderr, "    CHECK failed at %s:%d: %s\n", __FILE__, __LINE__, #c);   \
            return 1;                                                                     \
        }                                                                                 \
    } while (0)

#define CHECK_RC(expr, want)                                                              \
    do {                                                                                  \
        int r_ = (expr);                                                                  \
        if (r_ != (want)) {                                                               \
            fprintf(stderr, "    %s:%d: %s -> %d (%s), want %d (%s)\n", __FILE__, __LINE__, \
                    #expr, r_, sqlite3_errstr(r_), (want), sqlite3_errstr(want));         \
            return 1;                                                                     \
        }                                                                                 \
    } while (0)

#define CHECK_SQL(db, expr)                                                               \
    do {                                                                                  \
        int r_ = (expr);                                                                  \
        if (r_ != SQLITE_OK) {                                                            \
            fprintf(stderr, "    %s:%d: %s -> %d: %s\n", __FILE__, __LINE__, #expr, r_,   \
                    (db) ? sqlite3_errmsg(db) : sqlite3_errstr(r_));                      \
            return 1;                                                                     \
        }                                                                                 \
    } while (0)

/* ------------------------------------------------------------------------------------- */
/* Helpers                                                                               */

static void path_in(char *out, size_t n, const char *dir, const char *name) {
    snprintf(out, n, "%s/%s", dir, name);
}

/* A fresh directory under the test root. */
static int new_dir(const char *name, char *out, size_t n) {
    path_in(out, n, g_root, name);
    return mkdir(out, 0700) == 0 ? 0 : -1;
}

static void test_key(uint8_t key[32], int seed) {
    unsigned char s[4] = {(unsigned char)seed, (unsigned char)(seed >> 8), 0x5a, 0xa5};
    crypto_generichash(key, 32, s, sizeof s, NULL, 0);
}

static int exec(sqlite3 *db, const char *sql) {
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) sqlite3_free(err);
    return rc;
}

/* Like exec, but prints the error: for statements that must succeed. */
static int exec_ok(sqlite3 *db, const char *sql) {
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "    SQL failed (%d, ext %d): %s\n      in: %.200s\n", rc,
                sqlite3_extended_errcode(db), err ? err : "?", sql);
        sqlite3_free(err);
    }
    return rc;
}

static int execf(sqlite3 *db, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *sql = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    int rc = exec_ok(db, sql);
    sqlite3_free(sql);
    return rc;
}

static int open_db(const char *path, sqlite3 **db, const char *vfs) {
    *db = NULL;
    int rc = sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
                             vfs);
    if (rc != SQLITE_OK) {
        sqlite3_close(*db);
        *db = NULL;
    }
    return rc;
}

/* The connection set-up the Swift side performs; `encrypted` = 0 for the plain control. */
static int setup(sqlite3 *db, const char *journal_mode, int exclusive, int encrypted) {
    if (encrypted) {
        int n = RESERVE;
        int rc = sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &n);
        if (rc != SQLITE_OK) return rc;
    }
    int rc = exec_ok(db, "PRAGMA page_size=4096; PRAGMA temp_store=MEMORY;");
    if (rc == SQLITE_OK && exclusive) rc = exec_ok(db, "PRAGMA locking_mode=EXCLUSIVE;");
    if (rc == SQLITE_OK) rc = execf(db, "PRAGMA journal_mode=%s;", journal_mode);
    if (rc == SQLITE_OK) rc = exec_ok(db, "PRAGMA secure_delete=ON; PRAGMA synchronous=FULL;");
    return rc;
}

/* First column of the first row as an integer; *rc gets the step/prepare result. */
static long long q_int(sqlite3 *db, const char *sql, int *rc_out) {
    sqlite3_stmt *st = NULL;
    long long v = -1;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            v = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
    }
    if (rc != SQLITE_OK) rc = sqlite3_extended_errcode(db);
    sqlite3_finalize(st);
    if (rc_out) *rc_out = rc;
    return v;
}

/* First column of the first row as text, into out. */
static int q_text(sqlite3 *db, const char *sql, char *out, size_t n) {
    sqlite3_stmt *st = NULL;
    out[0] = 0;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const unsigned char *t = sqlite3_column_text(st, 0);
            snprintf(out, n, "%s", t ? (const char *)t : "");
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
    }
    if (rc != SQLITE_OK) rc = sqlite3_extended_errcode(db);
    sqlite3_finalize(st);
    return rc;
}

static int integrity_ok(sqlite3 *db) {
    char t[256];
    int rc = q_text(db, "PRAGMA integrity_check", t, sizeof t);
    if (rc != SQLITE_OK || strcmp(t, "ok") != 0) {
        fprintf(stderr, "    integrity_check: rc %d, '%s'\n", rc, t);
        return 0;
    }
    return 1;
}

/* BLAKE2b over every column of every row of a query, in order. *rc gets the result. */
static int query_hash(sqlite3 *db, const char *sql, unsigned char out[32], long long *rows) {
    crypto_generichash_state h;
    sqlite3_stmt *st = NULL;
    long long n = 0;
    crypto_generichash_init(&h, NULL, 0, 32);
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const unsigned char *t = sqlite3_column_text(st, i);
            int len = sqlite3_column_bytes(st, i);
            if (t) crypto_generichash_update(&h, t, (unsigned long long)len);
            crypto_generichash_update(&h, (const unsigned char *)"|", 1);
        }
        n++;
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    if (rc != SQLITE_OK) rc = sqlite3_extended_errcode(db);
    sqlite3_finalize(st);
    crypto_generichash_final(&h, out, 32);
    if (rows) *rows = n;
    return rc;
}

static unsigned char *read_file(const char *path, size_t *len) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    struct stat sb;
    if (fstat(fileno(fp), &sb) != 0) {
        fclose(fp);
        return NULL;
    }
    size_t n = (size_t)sb.st_size;
    unsigned char *b = malloc(n + 1);
    if (b && n && fread(b, 1, n, fp) != n) {
        free(b);
        b = NULL;
    }
    fclose(fp);
    *len = n;
    return b;
}

static int write_file(const char *path, const unsigned char *b, size_t n) {
    FILE *fp = fopen(path, "wb");
    if (!fp) return -1;
    int ok = fwrite(b, 1, n, fp) == n;
    ok = (fclose(fp) == 0) && ok;
    return ok ? 0 : -1;
}

static int copy_file(const char *from, const char *to) {
    size_t n = 0;
    unsigned char *b = read_file(from, &n);
    if (!b) return -1;
    int rc = write_file(to, b, n);
    free(b);
    return rc;
}

static long long file_size(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

static int exists(const char *path) {
    return access(path, F_OK) == 0;
}

/* XORs `x` into byte `off` of a file. */
static int flip_byte(const char *path, long long off, unsigned char x) {
    int fd = open(path, O_RDWR);
    if (fd < 0) return -1;
    unsigned char b;
    int ok = pread(fd, &b, 1, off) == 1;
    b ^= x;
    ok = ok && pwrite(fd, &b, 1, off) == 1;
    close(fd);
    return ok ? 0 : -1;
}

/* Every marker occurrence in every regular file of `dir`; prints where. */
static int scan_dir(const char *dir, const char *const *markers, int n_markers, const char *when) {
    DIR *d = opendir(dir);
    int hits = 0;
    if (!d) return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char p[1024];
        path_in(p, sizeof p, dir, e->d_name);
        struct stat sb;
        if (stat(p, &sb) != 0 || !S_ISREG(sb.st_mode)) continue;
        size_t n = 0;
        unsigned char *b = read_file(p, &n);
        if (!b) continue;
        for (int i = 0; i < n_markers; i++) {
            if (memmem(b, n, markers[i], strlen(markers[i])) != NULL) {
                if (when) fprintf(stderr, "    [%s] marker %s found in %s\n", when, markers[i], e->d_name);
                hits++;
            }
        }
        free(b);
    }
    closedir(d);
    return hits;
}

static int all_zero_buf(const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (p[i]) return 0;
    return 1;
}

static void random_word(char *out, size_t n) {
    for (size_t i = 0; i + 1 < n; i++) out[i] = (char)('a' + randombytes_uniform(26));
    out[n - 1] = 0;
}

static int file_hash(const char *path, unsigned char out[32]) {
    size_t n = 0;
    unsigned char *b = read_file(path, &n);
    if (!b) return -1;
    crypto_generichash(out, 32, b, n, NULL, 0);
    free(b);
    return 0;
}

/* Deterministic filler text for row i. */
static void filler(char *out, size_t n, long long i) {
    static const char *words[] = {"swift", "recruiter", "remote", "senior", "backend",
                                  "salary", "onsite", "kotlin", "platform", "hybrid",
                                  "equity", "visa", "contract", "lead", "staff", "data"};
    size_t k = 0;
    unsigned long long x = (unsigned long long)i * 0x9E3779B97F4A7C15ull + 1;
    while (k + 12 < n) {
        x ^= x >> 13;
        x *= 0xff51afd7ed558ccdull;
        x ^= x >> 29;
        const char *w = words[x % 16];
        size_t wl = strlen(w);
        memcpy(out + k, w, wl);
        k += wl;
        out[k++] = ' ';
    }
    out[k] = 0;
}

/* Creates the schema used by several tests and inserts `rows` rows (ids from `first`). */
static int fill_jobs(sqlite3 *db, long long first, long long rows) {
    int rc = exec_ok(db,
                     "CREATE TABLE IF NOT EXISTS jobs(id TEXT PRIMARY KEY, company TEXT, city TEXT,"
                     " state TEXT, salary INTEGER, notes TEXT);"
                     "CREATE INDEX IF NOT EXISTS jobs_loc ON jobs(state, city);"
                     "CREATE VIRTUAL TABLE IF NOT EXISTS jobs_fts USING fts5(notes);");
    if (rc) return rc;
    sqlite3_stmt *a = NULL, *b = NULL;
    rc = sqlite3_prepare_v2(db, "INSERT INTO jobs VALUES(?,?,?,?,?,?)", -1, &a, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "INSERT INTO jobs_fts(rowid, notes) VALUES(?,?)", -1, &b, NULL);
    if (rc == SQLITE_OK) rc = exec_ok(db, "BEGIN");
    for (long long i = first; rc == SQLITE_OK && i < first + rows; i++) {
        char id[32], company[32], city[16], state[4], notes[400];
        snprintf(id, sizeof id, "job-%08lld", i);
        snprintf(company, sizeof company, "company %lld", i % 97);
        snprintf(city, sizeof city, "city%lld", i % 50);
        snprintf(state, sizeof state, "S%lld", i % 10);
        filler(notes, sizeof notes, i);
        sqlite3_bind_text(a, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(a, 2, company, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(a, 3, city, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(a, 4, state, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(a, 5, 50000 + i * 7 % 100000);
        sqlite3_bind_text(a, 6, notes, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(a) == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode(db);
        sqlite3_reset(a);
        if (rc) break;
        sqlite3_bind_int64(b, 1, i + 1);
        sqlite3_bind_text(b, 2, notes, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(b) == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode(db);
        sqlite3_reset(b);
    }
    if (rc == SQLITE_OK) rc = exec_ok(db, "COMMIT");
    else {
        fprintf(stderr, "    fill_jobs: %d %s\n", rc, sqlite3_errmsg(db));
        exec(db, "ROLLBACK");
    }
    sqlite3_finalize(a);
    sqlite3_finalize(b);
    return rc;
}

static const char *JOBS_DUMP = "SELECT id, company, city, state, salary, notes FROM jobs ORDER BY id";

/* ------------------------------------------------------------------------------------- */
/* 1. Round trip                                                                         */

static int test_round_trip(void) {
    char dir[512], path[600];
    uint8_t key[32];
    sqlite3 *db = NULL;
    unsigned char h1[32], h2[32];
    long long n1 = 0, n2 = 0;
    int rc;

    CHECK(new_dir("roundtrip", dir, sizeof dir) == 0);
    path_in(path, sizeof path, dir, "rt.db");
    test_key(key, 1);
    CHECK_RC(hirevfs_set_key(path, key, 11), SQLITE_OK);

    CHECK_RC(open_db(path, &db, NULL), SQLITE_OK);
    CHECK_SQL(db, setup(db, "WAL", 1, 1));
    char mode[32];
    CHECK_SQL(db, q_text(db, "PRAGMA journal_mode", mode, sizeof mode));
    CHECK(strcmp(mode, "wal") == 0);
    CHECK_SQL(db, fill_jobs(db, 0, 3000));
    CHECK_SQL(db, exec_ok(db, "UPDATE jobs SET salary = salary + 1 WHERE state = 'S3';"
                              "DELETE FROM jobs WHERE state = 'S7';"));
    CHECK_SQL(db, query_hash(db, JOBS_DUMP, h1, &n1));
    long long fts1 = q_int(db, "SELECT count(*) FROM jobs_fts WHERE jobs_fts MATCH 'kotlin AND visa'", &rc);
    CHECK_SQL(db, rc);
    CHECK(n1 == 2700 && fts1 > 0);
    CHECK(exists(path) && file_size(path) > 0);
    char wal[700];
    snprintf(wal, sizeof wal, "%s-wal", path);
    CHECK(file_size(wal) > WALHDR);
    CHECK_SQL(db, exec_ok(db, "PRAGMA wal_checkpoint;"));
    CHECK(sqlite3_close(db) == SQLITE_OK);
    CHECK(!exists(wal)); /* exclusive WAL: the last close checkpoints and deletes it */

    /* On-disk page 1: our magic, version, key id; page size 4096, 40 reserve bytes. */
    size_t len = 0;
    unsigned char *b = read_file(path, &len);
    CHECK(b != NULL && len % PAGE == 0 && len >= 10 * PAGE);
    CHECK(memcmp(b, "hiredDB\0", 8) == 0 && b[8] == 1 && b[12] == 0 && b[15] == 11);
    CHECK(b[16] == 0x10 && b[17] == 0 && b[20] == RESERVE && b[18] == 2 && b[19] == 2);
    free(b);

    CHECK_RC(open_db(path, &db, NULL), SQLITE_OK);
    CHECK_SQL(db, setup(db, "WAL", 1, 1));
    CHECK_SQL(db, query_hash(db, JOBS_DUMP, h2, &n2));
    CHECK(n2 == n1 && memcmp(h1, h2, 32) == 0);
    long long fts2 = q_int(db, "SELECT count(*) FROM jobs_fts WHERE jobs_fts MATCH 'kotlin AND visa'", &rc);
    CHECK_SQL(db, rc);
    CHECK(fts2 == fts1);
    CHECK(q_int(db, "PRAGMA page_size", NULL) == PAGE);
    CHECK(integrity_ok(db));
    CHECK_SQL(db, exec_ok(db, "INSERT INTO jobs_fts(jobs_fts) VALUES('integrity-check');"));
    /* The shim names itself through SQLITE_FCNTL_VFSNAME. */
    char *vname = NULL;
    CHECK_SQL(db, sqlite3_file_control(db, "main", SQLITE_FCNTL_VFSNAME, &vname));
    CHECK(vname != NULL && strncmp(vname, "hirevfs/", 8) == 0);
    sqlite3_free(vname);
    /* A regular VACUUM (through an in-memory temp database) keeps the format. */
    CHECK_SQL(db, exec_ok(db, "VACUUM"));
    CHECK_SQL(db, query_hash(db, JOBS_DUMP, h2, &n2));
    CHECK(n2 == n1 && memcmp(h1, h2, 32) == 0);
    CHECK(integrity_ok(db));
    CHECK(sqlite3_close(db) == SQLITE_OK);
    return 0;
}

/* ------------------------------------------------------------------------------------- */
/* 2. No plaintext on disk                                                               */

/* Seeds the markers: m[0] in a plain column, m[1] in an indexed column, m[2] in an FTS5
 * table (content + index), m[3] only in a contentless FTS5 index. Leaves the transaction
 * open after forcing cache spills (cache_size 10 + filler) so pages reach the WAL. */
static int seed_markers_open_txn(sqlite3 *db, const char *const *m) {
    int rc = exec_ok(db, "PRAGMA cache_size=10;"
                         "CREATE TABLE IF NOT EXISTS notes(id INTEGER PRIMARY KEY, body TEXT, tag TEXT);"
                         "CREATE INDEX IF NOT EXISTS notes_tag ON notes(tag);"
                         "CREATE VIRTUAL TABLE IF NOT EXISTS notes_fts USING fts5(body);"
                         "CREATE VIRTUAL TABLE IF NOT EXISTS notes_idx USING fts5(body, content='');"
                         "BEGIN;");
    if (rc) return rc;
    rc = execf(db, "INSERT INTO notes(body, tag) VALUES('before %s after', 'plain');"
                   "INSERT INTO notes(body, tag) VALUES('x', '%s');"
                   "INSERT INTO notes_fts(body) VALUES('lorem %s ipsum');"
                   "INSERT INTO notes_idx(rowid, body) VALUES(1, 'dolor %s amet');",
               m[0], m[1], m[2], m[3]);
    if (rc) return rc;
    /* Filler so the transaction spills dirty pages before COMMIT. */
    return exec_ok(db, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<3000)"
                       " INSERT INTO notes(body, tag) SELECT printf('filler %d %s', i, hex(randomblob(40))),"
                       " 't' || (i % 7) FROM c;");
}

static int no_plaintext_scenario(const char *dir, const char *vfs, int encrypted, const char *const *m,
                                 int n_m, int hits[4]) {
    char path[600], copy[600];
    sqlite3 *db = NULL;
    path_in(path, sizeof path, dir, "markers.db");
    path_in(copy, sizeof copy, dir, "copy.db");
    CHECK_RC(open_db(path, &db, vfs), SQLITE_OK);
    CHECK_SQL(db, setup(db, "WAL", 1, encrypted));
    CHECK_SQL(db, seed_markers_open_txn(db, m));
    char wal[700];
    snprintf(wal, sizeof wal, "%s-wal", path);
    CHECK(file_size(wal) > WALHDR + FRAME); /* the open transaction did reach the disk */
    hits[0] = scan_dir(dir, m, n_m, encrypted ? "open txn" : NULL);
    CHECK_SQL(db, exec_ok(db, "COMMIT"));
    hits[1] = scan_dir(dir, m, n_m, encrypted ? "after commit" : NULL);
    CHECK_SQL(db, exec_ok(db, "PRAGMA wal_checkpoint(TRUNCATE);"));
    CHECK(file_size(wal) == 0);
    hits[2] = scan_dir(dir, m, n_m, encrypted ? "after checkpoint" : NULL);
    CHECK_SQL(db, execf(db, "VACUUM INTO '%q'", copy));
    hits[3] = scan_dir(dir, m, n_m, encrypted ? "after VACUUM INTO" : NULL);
    CHECK(sqlite3_close(db) == SQLITE_OK);

    /* The copy holds the data, in the same format. */
    CHECK_RC(open_db(copy, &db, vfs), SQLITE_OK);
    CHECK_SQL(db, setup(db, "WAL", 1, encrypted));
    int rc;
    char *sql = sqlite3_mprintf("SELECT (SELECT count(*) FROM notes WHERE body = 'before %q after')"
                                " + (SELECT count(*) FROM notes WHERE tag = '%q')"
                                " + (SELECT count(*) FROM notes_fts WHERE notes_fts MATCH '%q')"
                                " + (SELECT count(*) FROM notes_idx WHERE notes_idx MATCH '%q')",
                                m[0], m[1], m[2], m[3]);
    long long found = q_int(db, sql, &rc);
    sqlite3_free(sql);
    CHECK_SQL(db, rc);
    CHECK(found == 4);
    CHECK(integrity_ok(db));
    CHECK(sqlite3_close(db) == SQLITE_OK);
    if (encrypted) {
        size_t len = 0;
        unsigned char *b = read_file(copy, &len);
        CHECK(b != NULL && len >= PAGE && memcmp(b, "hiredDB\0", 8) == 0 && b[20] == RESERVE);
        free(b);
    }
    return 0;
}

static int test_no_plaintext(void) {
    char dir_plain[512], dir_enc[512], w[4][24];
    const char *m[4];
    uint8_t key[32];
    for (int i = 0; i < 4; i++) {
        random_word(w[i], sizeof w[i]);
        memcpy(w[i], "zqm", 3);
        m[i] = w[i];
    }
    int hits[4];

    /* Control: the same scenario without the shim must show every marker, at every step
     * (otherwise the scan proves nothing). */
    CHECK(new_dir("markers-plain", dir_plain, sizeof dir_plain) == 0);
    if (no_plaintext_scenario(dir_plain, "unix", 0, m, 4, hits)) return 1;
    fprintf(stderr, "    control (plain SQLite) marker hits: open txn %d, commit %d, checkpoint %d, vacuum into %d\n",
            hits[0], hits[1], hits[2], hits[3]);
    CHECK(hits[0] >= 1 && hits[1] >= 4 && hits[2] >= 4 && hits[3] >= 8);

    CHECK(new_dir("markers-enc", dir_enc, sizeof dir_enc) == 0);
    char path[600], copy[600];
    path_in(path, sizeof path, dir_enc, "markers.db");
    path_in(copy, sizeof copy, dir_enc, "copy.db");
    test_key(key, 2);
    CHECK_RC(hirevfs_set_key(path, key, 2), SQLITE_OK);
    test_key(key, 3);
    CHECK_RC(hirevfs_set_key(copy, key, 3), SQLITE_OK);
    if (no_plaintext_scenario(dir_enc, NULL, 1, m, 4, hits)) return 1;
    CHECK(hits[0] == 0 && hits[1] == 0 && hits[2] == 0 && hits[3] == 0);
    return 0;
}

/* ------------------------------------------------------------------------------------- */
/* 3. Rollback journal                                                                   */

static int rollback_scenario(const char *dir, const char *vfs, int encrypted, int exclusive,
                             const char *jmode, const char *const *m, int n_m, int *hits_txn,
                             int *hits_after) {
    char path[600], jrnl[700];
    sqlite3 *db = NULL;
    unsigned char h0[32], h1[32];
    long long n0 = 0, n1 = 0;
    path_in(path, sizeof path, dir, "rb.db");
    snprintf(jrnl, sizeof jrnl, "%s-journal", path);

    CHECK_RC(open_db(path, &db, vfs), SQLITE_OK);
    CHECK_SQL(db, setup(db, jmode, exclusive, encrypted));
    CHECK_SQL(db, fill_jobs(db, 0, 1500));
    CHECK_SQL(db, execf(db, "UPDATE jobs SET notes = notes || ' %s' WHERE state = 'S1';"
                            "INSERT INTO jobs_fts(rowid, notes) VALUES(100000, 'ipsum %s');"
                            "UPDATE jobs SET city = '%s' WHERE state = 'S2';",
                        m[0], m[1], m[2]));
    CHECK_SQL(db, query_hash(db, JOBS_DUMP, h0, &n0));

    /* A transaction that rewrites the pages holding the markers; small cache: pages spill
     * into the database file, so their old images must be in the journal, synced. */
    CHECK_SQL(db, exec_ok(db, "PRAGMA cache_size=5; BEGIN;"
                              "UPDATE jobs SET notes = 'gone', city = 'gone';"
                              "DELETE FROM jobs_fts;"));
    /* A savepoint rolled back mid-transaction re-reads records from the journal. */
    CHECK_SQL(db, exec_ok(db, "SAVEPOINT sp; DELETE FROM jobs WHERE state = 'S5'; ROLLBACK TO sp; RELEASE sp;"));
    CHECK(file_size(jrnl) > PAGE);
    *hits_txn = scan_dir(dir, m, n_m, encrypted ? "rollback-journal txn" : NULL);
    CHECK_SQL(db, exec_ok(db, "ROLLBACK"));
    CHECK_SQL(db, query_hash(db, JOBS_DUMP, h1, &n1));
    CHECK(n1 == n0 && memcmp(h0, h1, 32) == 0);
    CHECK(integrity_ok(db));
    /* And a committed change. */
    CHECK_SQL(db, exec_ok(db, "BEGIN; UPDATE jobs SET salary = 1 WHERE state = 'S4'; COMMIT;"));
    CHECK(q_int(db, "SELECT count(*) FROM jobs WHERE salary = 1", NULL) == 150);
    *hits_after = scan_dir(dir, m, n_m, encrypted ? "rollback-journal after" : NULL);
    CHECK(integrity_ok(db));
    CHECK(sqlite3_close(db) == SQLITE_OK);

    CHECK_RC(open_db(path, &db, vfs), SQLITE_OK);
    CHECK_SQL(db, setup(db, jmode, exclusive, encrypted));
    CHECK(q_int(db, "SELECT count(*) FROM jobs WHERE salary = 1", NULL) == 150);
    CHECK(integrity_ok(db));
    CHECK(sqlite3_close(db) == SQLITE_OK);
    return 0;
}

static int test_rollback_journal(void) {
    static const char *modes[][2] = {{"DELETE", "0"}, {"DELETE", "1"}, {"PERSIST", "0"}, {"TRUNCATE", "1"}};
    char w[3][24];
    const char *m[3];
    for (int i = 0; i < 3; i++) {
        random_word(w[i], sizeof w[i]);
        memcpy(w[i], "zqj", 3);
        m[i] = w[i];
    }
    for (size_t k = 0; k < sizeof modes / sizeof modes[0]; k++) {
        char dp[512], de[512], name[64], path[600];
        int exclusive = modes[k][1][0] == '1';
        int t = 0, a = 0;
        uint8_t key[32];
        snprintf(name, sizeof name, "rb-plain-%zu", k);
        CHECK(new_dir(name, dp, sizeof dp) == 0);
        if (rollback_scenario(dp, "unix", 0, exclusive, modes[k][0], m, 3, &t, &a)) return 1;
        CHECK(t >= 3); /* control: the plain journal holds the old pages, markers and all */

        snprintf(name, sizeof name, "rb-enc-%zu", k);
        CHECK(new_dir(name, de, sizeof de) == 0);
        path_in(path, sizeof path, de, "rb.db");
        test_key(key, 30 + (int)k);
        CHECK_RC(hirevfs_set_key(path, key, 30), SQLITE_OK);
        if (rollback_scenario(de, NULL, 1, exclusive, modes[k][0], m, 3, &t, &a)) {
            fprintf(stderr, "    (journal_mode=%s exclusive=%d)\n", modes[k][0], exclusive);
            return 1;
        }
        CHECK(t == 0 && a == 0);
    }
    return 0;
}

/* ------------------------------------------------------------------------------------- */
/* 4. Wrong key                                                                          */

static int make_small_db(const char *path, const char *jmode, int rows) {
    sqlite3 *db = NULL;
    CHECK_RC(open_db(path, &db, NULL), SQLITE_OK);
    CHECK_SQL(db, setup(db, jmode, 1, 1));
    CHECK_SQL(db, exec_ok(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)"));
    CHECK_SQL(db, execf(db, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<%d)"
                            " INSERT INTO t(v) SELECT printf('value-%%d-', i) || hex(randomblob(200)) FROM c;",
                        rows));
    CHECK(sqlite3_close(db) == SQLITE_OK);
    return 0;
}

static const char *T_DUMP = "SELECT id, v FROM t ORDER BY id";

static int test_wrong_key(void) {
    char dir[512], path[600];
    int rc;
    uint8_t good[32], bad[32];
    unsigned char before[32], after[32], h0[32], h1[32];
    sqlite3 *db = NULL;
    CHECK(new_dir("wrongkey", dir, sizeof dir) == 0);
    path_in(path, sizeof path, dir, "wk.db");
    test_key(good, 40);
    test_key(bad, 41);
    CHECK_RC(hirevfs_set_key(path, good, 40), SQLITE_OK);
    if (make_small_db(path, "WAL", 300)) return 1;
    CHECK_RC(open_db(path, &db, NULL), SQLITE_OK);
    CHECK_SQL(db, query_hash(db, T_DUMP, h0, NULL));
    CHECK(sqlite3_close(db) == SQLITE_OK);
    CHECK(file_hash(path, before) == 0);

    /* Same key id, other key: page 1 fails authentication. */
    CHECK_RC(hirevfs_set_key(path, bad, 40), SQLITE_OK);
    CHECK_RC(open_db(path, &db, NULL), SQLITE_NOTADB);
    CHECK(hirevfs_last_error() == HIREVFS_ERR_AUTH);
    /* Other key id: told apart. */
    CHECK_RC(hirevfs_set_key(path, bad, 41), SQLITE_OK);
    CHECK_RC(open_db(path, &db, NULL), SQLITE_NOTADB);
    CHECK(hirevfs_last_error() == HIREVFS_ERR_KEY_ID);
    /* The right key, other key id: the id is checked before anything is decrypted. */
    CHECK_RC(hirevfs_set_key(path, good, 42), SQLITE_OK);
    CHECK_RC(open_db(path, &db, NULL), SQLITE_NOTADB);
    CHECK(hirevfs_last_error() == HIREVFS_ERR_KEY_ID);

    CHECK(file_hash(path, after) == 0);
    CHECK(memcmp(before, after, 32) == 0);
    DIR *d = opendir(dir);
    int files = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) files += e->d_name[0] != '.';
    if (d) closedir(d);
    CHECK(files == 1); /* no -wal, -journal or -shm left behind */

    CHECK_RC(hirevfs_set_key(path, good, 40), SQLITE_OK);
    CHECK_RC(open_db(path, &db, NULL), SQLITE_OK);
    CHECK(hirevfs_last_error() == HIREVFS_ERR_NONE);
    CHECK_SQL(db, query_hash(db, T_DUMP, h1, NULL));
    CHECK(memcmp(h0, h1, 32) == 0);
    CHECK(sqlite3_close(db) == SQLITE_OK);

    /* Without the shim the file is not a database at all. */
    CHECK_RC(open_db(path, &db, "unix"), SQLITE_OK);
    q_int(db, "SELECT count(*) FROM t", &rc);
    CHECK_RC(rc, SQLITE_NOTADB);
    sqlite3_close(db);
    /* A plaintext SQLite database is not silently read as one of ours. */
    char plain[600];
    path_in(plain, sizeof plain, dir, "plain.db");
    CHECK_RC(open_db(plain, &db, "unix"), SQLITE_OK);
    CHECK_SQL(db, exec_ok(db, "CREATE TABLE x(y); INSERT INTO x VALUES('hello');"));
    CHECK(sqlite3_close(db) == SQLITE_OK);
    CHECK_RC(hirevfs_set_key(plain, good, 40), SQLITE_OK);
    CHECK_RC(open_db(plain, &db, NULL), SQLITE_NOTADB);
    CHECK(hirevfs_last_error() == HIREVFS_ERR_AUTH);
    return 0;
}

/* ------------------------------------------------------------------------------------- */
/* 5. No key; temp files; key lifetime; refused configurations                          */

static int test_no_key_and_temp_files(void) {
    char dir[512], path[600], tmpdir[600];
    uint8_t key[32];
    sqlite3 *db = NULL;
    int rc;
    CHECK(new_dir("nokey", dir, sizeof dir) == 0);
    path_in(path, sizeof path, dir, "nk.db");

    /* No key: SQLITE_CANTOPEN, nothing created. */
    CHECK_RC(open_db(path, &db, NULL), SQLITE_CANTOPEN);
    CHECK(hirevfs_last_error() == HIREVFS_ERR_NO_KEY);
    CHECK(!exists(path));

    test_key(key, 50);
    CHECK_RC(hirevfs_set_key(path, key, 50), SQLITE_OK);
    if (make_small_db(path, "WAL", 2000)) return 1;
    CHECK_RC(open_db(path, &db, NULL), SQLITE_OK);
    CHECK_SQL(db, setup(db, "WAL", 1, 1));

    /* SQLite's temp files go through the VFS with no name: refused, whatever asks. */
    path_in(tmpdir, sizeof tmpdir, dir, "tmp");
    CHECK(mkdir(tmpdir, 0700) == 0);
    setenv("SQLITE_TMPDIR", tmpdir, 1);
    CHECK_SQL(db, exec_ok(db, "PRAGMA temp_store=FILE; PRAGMA cache_size=10;"));
    /* A temp table bigger than its cache needs a temp database file. */
    rc = exec(db, "CREATE TEMP TABLE scratch(x); PRAGMA temp.cache_size=5;"
                  " INSERT INTO scratch SELECT v FROM t;");
    fprintf(stderr, "    temp table with temp_store=FILE: %s (%d)\n", sqlite3_errmsg(db),
            sqlite3_extended_errcode(db));
    CHECK(rc == SQLITE_CANTOPEN);
    /* A sort bigger than the cache spills to a temp file. */
    rc = exec(db, "CREATE TABLE big AS SELECT v, randomblob(300) AS r FROM t ORDER BY r");
    fprintf(stderr, "    big sort with temp_store=FILE: %s (%d)\n", sqlite3_errmsg(db),
            sqlite3_extended_errcode(db));
    CHECK(rc == SQLITE_CANTOPEN);
    /* With temp_store=MEMORY the same work succeeds. */
    CHECK_SQL(db, exec_ok(db, "PRAGMA temp_store=MEMORY; CREATE TEMP TABLE scratch(x);"
                              " CREATE TABLE big AS SELECT v, randomblob(300) AS r FROM t ORDER BY r;"));
    CHECK(q_int(db, "SELECT count(*) FROM big", NULL) == 2000);
    DIR *d = opendir(tmpdir);
    int files = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) files += e->d_name[0] != '.';
    if (d) closedir(d);
    CHECK(files == 0);
    unsetenv("SQLITE_TMPDIR");

    /* Refused configurations. */
    int off = 0, on = 1;
    CHECK_RC(sqlite3_file_control(db, "main", SQLITE_FCNTL_POWERSAFE_OVERWRITE, &off), SQLITE_ERROR);
    CHECK_RC(sqlite3_file_control(db, "main", SQLITE_FCNTL_POWERSAFE_OVERWRITE, &on), SQLITE_OK);
    int chunk = 1 << 20;
    CHECK_RC(sqlite3_file_control(db, "main", SQLITE_FCNTL_CHUNK_SIZE, &chunk), SQLITE_ERROR);
    /* mmap is asked for but never used: every page still comes through xRead. */
    CHECK_SQL(db, exec_ok(db, "PRAGMA mmap_size=268435456;"));
    CHECK(q_int(db, "SELECT count(*) FROM t WHERE v LIKE 'value-1%'", &rc) == 1111);
    CHECK_SQL(db, rc);
    CHECK(sqlite3_close(db) == SQLITE_OK);

    /* Forgetting a key: an open connection keeps working (its journal and WAL take the
     * keys of its main file), new opens fail. */
    CHECK_RC(open_db(path, &db, NULL), SQLITE_OK);
    CHECK_SQL(db, setup(db, "DELETE", 0, 1));
    CHECK_RC(hirevfs_forget_key(path), SQLITE_OK);
    CHECK_SQL(db, exec_ok(db, "INSERT INTO t(v) VALUES('after forget');"
                              "PRAGMA journal_mode=WAL; INSERT INTO t(v) VALUES('wal after forget');"));
    sqlite3 *db2 = NULL;
    CHECK_RC(open_db(path, &db2, NULL), SQLITE_CANTOPEN);
    CHECK(hirevfs_last_error() == HIREVFS_ERR_NO_KEY);
    CHECK(sqlite3_close(db) == SQLITE_OK);
    CHECK_RC(open_db(path, &db, NULL), SQLITE_CANTOPEN);
    CHECK_RC(hirevfs_set_key(path, key, 50), SQLITE_OK);
    CHECK_RC(open_db(path, &db, NULL), SQLITE_OK);
    CHECK(q_int(db, "SELECT count(*) FROM t WHERE v LIKE '%after forget'", NULL) == 2);
    CHECK(sqlite3_close(db) == SQLITE_OK);
    hirevfs_forget_all();
    CHECK_RC(open_db(path, &db, NULL), SQLITE_CANTOPEN);
    CHECK_RC(hirevfs_set_key(path, key, 50), SQLITE_OK);

    /* A relative path and a path through a symlink find the same key. */
    char link[600], cwd[512];
    path_in(link, sizeof link, g_root, "nokey-link");
    CHECK(symlink(dir, link) == 0);
    char via_link[700];
    snprintf(via_link, sizeof via_link, "%s/nk.db", link);
    CHECK_RC(open_db(via_link, &db, NULL), SQLITE_OK);
    CHECK(q_int(db, "SELECT count(*) FROM t", NULL) == 2002);
    CHECK(sqlite3_close(db) == SQLITE_OK);
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK(chdir(dir) == 0);
    rc = open_db("nk.db", &db, NULL);
    CHECK(chdir(cwd) == 0);
    CHECK_RC(rc, SQLITE_OK);
    CHECK(q_int(db, "SELECT count(*) FROM t", NULL) == 2002);
    CHECK(sqlite3_close(db) == SQLITE_OK);

    /* psow=0 would make SQLite split WAL page writes: refused at open. */
    char uri[700];
    snprintf(uri, sizeof uri, "file:%s?psow=0", path);
    CHECK_RC(open_db(uri, &db, NULL), SQLITE_CANTOPEN);

    /* A new database without RESERVE_BYTES=40 is never written: page 1 is refused. */
    char bare[600];
    path_in(bare, sizeof bare, dir, "bare.db");
    CHECK_RC(hirevfs_set_key(bare, key, 50), SQLITE_OK);
    CHECK_RC(open_db(bare, &db, NULL), SQLITE_OK);
    rc = exec(db, "PRAGMA temp_store=MEMORY; CREATE TABLE x(y); INSERT INTO x VALUES('secret');");
    CHECK(rc == SQLITE_IOERR && sqlite3_extended_errcode(db) == SQLITE_IOERR_WRITE);
    sqlite3_close(db);
    CHECK(file_size(bare) == 0);
    /* Same for a page size other than 4096. */
    CHECK_RC(open_db(bare, &db, NULL), SQLITE_OK);
    int n = RESERVE;
    CHECK_SQL(db, sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &n));
    rc = exec(db, "PRAGMA page_size=8192; CREATE TABLE x(y);");
    CHECK(rc == SQLITE_IOERR);
    sqlite3_close(db);
    CHECK(file_size(bare) == 0);
    return 0;
}

/* ------------------------------------------------------------------------------------- */
/* 6. Tampering                                                                          */

/* Copies `src` (and its -wal / -journal when asked) to dir/name and registers `key`. */
static int clone_db(const char *src, const char *dir, const char *name, const uint8_t key[32],
                    uint32_t id, char *out, size_t n, int with_wal, int with_journal) {
    path_in(out, n, dir, name);
    if (copy_file(src, out) != 0) return -1;
    char a[700], b[700];
    if (with_wal) {
        snprintf(a, sizeof a, "%s-wal", src);
        snprintf(b, sizeof b, "%s-wal", out);
        if (copy_file(a, b) != 0) return -1;
    }
    if (with_journal) {
        snprintf(a, sizeof a, "%s-journal", src);
        snprintf(b, sizeof b, "%s-journal", out);
        if (copy_file(a, b) != 0) return -1;
    }
    return hirevfs_set_key(out, key, id);
}

/* Opens `path` and reads everything; returns the first error (extended code) or OK. */
static int read_all(const char *path, int *open_rc) {
    sqlite3 *db = NULL;
    *open_rc = open_db(path, &db, NULL);
    if (*open_rc != SQLITE_OK) return *open_rc;
    int rc;
    q_int(db, "SELECT count(*), sum(length(v)) FROM t", &rc);
    if (rc == SQLITE_OK) {
        unsigned char h[32];
        rc = query_hash(db, T_DUMP, h, NULL);
    }
    if (rc == SQLITE_OK && !integrity_ok(db)) rc = SQLITE_CORRUPT;
    sqlite3_close(db);
    return rc;
}

static int __attribute__((unused)) is_auth_error(int rc) {
    return rc == SQLITE_IOERR_DATA || rc == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT;
}

/* Offsets of the WAL frames whose header says page `pgno` (all if pgno == 0). */
static int wal_frames(const char *wal, long long *offs, int max) {
    long long size = file_size(wal);
    int n = 0;
    for (long long off = WALHDR; off + FRAME <= size && n < max; off += FRAME) offs[n++] = off;
    return n;
}

/* Clones `src` with its log, flips byte `off` of the log, and checks that opening and reading
 * it is SQLITE_IOERR_DATA with a damage report naming the log, and that both files are left
 * as they were. */
static int wal_flip_case(const char *src, const char *dir, const uint8_t key[32], long long off,
                         const char *what) {
    char p[600], w[700], msg[256];
    unsigned char hd0[32], hd1[32], hw0[32], hw1[32];
    int orc;
    if (clone_db(src, dir, "flip.db", key, 60, p, sizeof p, 1, 0) != 0) return 1;
    snprintf(w, sizeof w, "%s-wal", p);
    CHECK(flip_byte(w, off, 0x01) == 0);
    CHECK(file_hash(p, hd0) == 0 && file_hash(w, hw0) == 0);
    int rc = read_all(p, &orc);
    if (rc != SQLITE_IOERR_DATA) {
        fprintf(stderr, "    flipped byte %lld of the log (%s): %d (%s), want SQLITE_IOERR_DATA\n", off, what,
                rc, sqlite3_errstr(rc));
        return 1;
    }
    CHECK(hirevfs_damage(p, msg, sizeof msg) > 0 && strstr(msg, "flip.db-wal: ") == msg);
    CHECK(file_hash(p, hd1) == 0 && file_hash(w, hw1) == 0);
    CHECK(memcmp(hd0, hd1, 32) == 0 && memcmp(hw0, hw1, 32) == 0);
    unlink(w);
    unlink(p);
    return 0;
}

static int test_tampering(void) {
    char dir[512], base[600], p[600];
    uint8_t key[32];
    int orc, rc;
    CHECK(new_dir("tamper", dir, sizeof dir) == 0);
    path_in(base, sizeof base, dir, "base.db");
    test_key(key, 60);
    CHECK_RC(hirevfs_set_key(base, key, 60), SQLITE_OK);
    if (make_small_db(base, "WAL", 200)) return 1;
    CHECK(file_size(base) >= 20 * PAGE);
    CHECK(read_all(base, &orc) == SQLITE_OK);

    /* Untampered copy reads fine (the procedure itself is sound). */
    CHECK(clone_db(base, dir, "c0.db", key, 60, p, sizeof p, 0, 0) == 0);
    CHECK_RC(read_all(p, &orc), SQLITE_OK);

    /* (a) a byte of a page's ciphertext -> SQLITE_IOERR_DATA when the page is read. */
    CHECK(clone_db(base, dir, "a.db", key, 60, p, sizeof p, 0, 0) == 0);
    CHECK(flip_byte(p, 4LL * PAGE + 1000, 0x01) == 0);
    CHECK_RC(read_all(p, &orc), SQLITE_IOERR_DATA);
    CHECK(orc == SQLITE_OK);

    /* (b) each byte of page 1's bytes 0..15 -> SQLITE_NOTADB at open; bytes 12..15 hold
     * the key id (last_error 2), the others magic/version/zero (last_error 3). */
    for (int i = 0; i < 16; i++) {
        char name[32];
        snprintf(name, sizeof name, "b%d.db", i);
        CHECK(clone_db(base, dir, name, key, 60, p, sizeof p, 0, 0) == 0);
        CHECK(flip_byte(p, i, 0x20) == 0);
        CHECK_RC(read_all(p, &orc), SQLITE_NOTADB);
        CHECK(hirevfs_last_error() == (i >= 12 ? HIREVFS_ERR_KEY_ID : HIREVFS_ERR_AUTH));
        unlink(p);
    }
    /* (c) each byte of page 1's bytes 16..23 (plaintext, authenticated) -> SQLITE_NOTADB,
     * last_error 3; also the encrypted part of page 1. */
    for (int i = 16; i < 25; i++) {
        char name[32];
        long long off = i < 24 ? i : 1234;
        snprintf(name, sizeof name, "c%d.db", i);
        CHECK(clone_db(base, dir, name, key, 60, p, sizeof p, 0, 0) == 0);
        CHECK(flip_byte(p, off, 0x01) == 0);
        CHECK_RC(read_all(p, &orc), SQLITE_NOTADB);
        CHECK(hirevfs_last_error() == HIREVFS_ERR_AUTH);
        unlink(p);
    }
    /* (d) a nonce byte, (e) a tag byte -> SQLITE_IOERR_DATA. */
    CHECK(clone_db(base, dir, "d.db", key, 60, p, sizeof p, 0, 0) == 0);
    CHECK(flip_byte(p, 6LL * PAGE + DATA + 5, 0x80) == 0);
    CHECK_RC(read_all(p, &orc), SQLITE_IOERR_DATA);
    CHECK(clone_db(base, dir, "e.db", key, 60, p, sizeof p, 0, 0) == 0);
    CHECK(flip_byte(p, 6LL * PAGE + PAGE - 1, 0x80) == 0);
    CHECK_RC(read_all(p, &orc), SQLITE_IOERR_DATA);

    /* (g) two pages swapped -> SQLITE_IOERR_DATA (the page number is authenticated). */
    CHECK(clone_db(base, dir, "g.db", key, 60, p, sizeof p, 0, 0) == 0);
    {
        size_t len = 0;
        unsigned char *b = read_file(p, &len), tmp[PAGE];
        CHECK(b && len >= 8 * PAGE);
        memcpy(tmp, b + 4 * PAGE, PAGE);
        memcpy(b + 4 * PAGE, b + 6 * PAGE, PAGE);
        memcpy(b + 6 * PAGE, tmp, PAGE);
        CHECK(write_file(p, b, len) == 0);
        free(b);
    }
    CHECK_RC(read_all(p, &orc), SQLITE_IOERR_DATA);
    /* ...also a page replaced by page 1 of the same file and a truncated last page. */
    CHECK(clone_db(base, dir, "g2.db", key, 60, p, sizeof p, 0, 0) == 0);
    {
        size_t len = 0;
        unsigned char *b = read_file(p, &len);
        CHECK(b != NULL);
        memcpy(b + 3 * PAGE, b, PAGE);
        CHECK(write_file(p, b, len) == 0);
        CHECK(truncate(p, (off_t)len - 100) == 0);
        free(b);
    }
    CHECK_RC(read_all(p, &orc), SQLITE_IOERR_DATA);

    /* (f) WAL frames. Two transactions A then B are committed to the WAL of an open
     * connection, and the db + WAL copied while it is open (exclusive locking would
     * checkpoint on close). */
    char live[600], wal_src[700];
    sqlite3 *db = NULL;
    CHECK(clone_db(base, dir, "live.db", key, 60, live, sizeof live, 0, 0) == 0);
    snprintf(wal_src, sizeof wal_src, "%s-wal", live);
    CHECK_RC(open_db(live, &db, NULL), SQLITE_OK);
    CHECK_SQL(db, setup(db, "WAL", 1, 1));
    CHECK_SQL(db, exec_ok(db, "UPDATE t SET v = 'A' || v WHERE id <= 100;"));
    long long frames_a = (file_size(wal_src) - WALHDR) / FRAME;
    CHECK_SQL(db, exec_ok(db, "UPDATE t SET v = 'B' || v WHERE id > 100;"));
    long long frames_all = (file_size(wal_src) - WALHDR) / FRAME;
    CHECK(frames_a >= 3 && frames_all > frames_a + 3);
    char copies[6][600];
    const char *names[] = {"f0.db", "f1.db", "f2.db", "f3.db", "f4.db", "f5.db"};
    for (int i = 0; i < 6; i++)
        CHECK(clone_db(live, dir, names[i], key, 60, copies[i], sizeof copies[i], 1, 0) == 0);
    CHECK(sqlite3_close(db) == SQLITE_OK);

    static const char *count_a = "SELECT count(*) FROM t WHERE v LIKE 'A%'";
    static const char *count_b = "SELECT count(*) FROM t WHERE v LIKE 'B%'";
    char w[700];
    /* f0: untampered: recovery finds both transactions. */
    CHECK_RC(open_db(copies[0], &db, NULL), SQLITE_OK);
    CHECK(q_int(db, count_a, NULL) == 100 && q_int(db, count_b, NULL) == 100);
    CHECK(integrity_ok(db));
    CHECK(sqlite3_close(db) == SQLITE_OK);
    /* f1..f4: one flipped byte anywhere in the log that SQLite's recovery reads (the 32-byte
     * header; the header, page, nonce and tag of the first frame, a middle frame and the
     * last frame) is SQLITE_IOERR_DATA at open, naming the log: never an end of the log that
     * silently drops the committed transactions after it. The failed open leaves the
     * database and its log as they were (nothing checkpointed, nothing deleted). */
    {
        long long nframes = frames_all, picks[3] = {0, frames_a + 1, frames_all - 1};
        int cases = 0;
        for (int i = 0; i < WALHDR; i++)
            if (wal_flip_case(copies[1], dir, key, (long long)i, "header")) return 1;
        for (int k = 0; k < 3; k++) {
            long long fo = WALHDR + picks[k] * FRAME;
            static const int data_offs[] = {24 + 100, 24 + 2000, 24 + DATA + 3, 24 + PAGE - 1};
            for (int i = 0; i < 24; i++, cases++)
                if (wal_flip_case(copies[1], dir, key, fo + i, k == 0 ? "first frame" : k == 1 ? "middle frame" : "last frame")) return 1;
            for (size_t i = 0; i < sizeof data_offs / sizeof data_offs[0]; i++, cases++)
                if (wal_flip_case(copies[1], dir, key, fo + data_offs[i], "frame page")) return 1;
        }
        CHECK(cases == 84 && nframes > 6);
    }
    /* Two frames of one transaction swapped (each authentic where it was): IOERR_DATA. */
    snprintf(w, sizeof w, "%s-wal", copies[2]);
    {
        size_t len = 0;
        unsigned char *b = read_file(w, &len), tmp[FRAME];
        long long x = WALHDR + (frames_a + 1) * FRAME, y = WALHDR + (frames_a + 2) * FRAME;
        CHECK(b != NULL);
        memcpy(tmp, b + x, FRAME);
        memcpy(b + x, b + y, FRAME);
        memcpy(b + y, tmp, FRAME);
        CHECK(write_file(w, b, len) == 0);
        free(b);
    }
    CHECK_RC(read_all(copies[2], &orc), SQLITE_IOERR_DATA);
    /* The log cut at a frame boundary looks like a crash before those frames were written:
     * SQLite recovers what is left (rollback: outside the threat model, see hirevfs.c). */
    snprintf(w, sizeof w, "%s-wal", copies[3]);
    CHECK(truncate(w, WALHDR + frames_a * FRAME) == 0);
    CHECK_RC(open_db(copies[3], &db, NULL), SQLITE_OK);
    CHECK(q_int(db, count_a, NULL) == 100 && q_int(db, count_b, NULL) == 0);
    CHECK(integrity_ok(db));
    CHECK(sqlite3_close(db) == SQLITE_OK);
    /* f4: a frame after the last acknowledged commit (a transaction in progress when the
     * process died) may be torn: a kill -9 can stop a write that spans page-cache pages
     * part-way. Such a frame ends the log, as in SQLite: the acknowledged transactions are
     * all there, and the store opens. */
    {
        char torn[600];
        sqlite3 *live_db = NULL;
        CHECK(clone_db(copies[4], dir, "torn-src.db", key, 60, torn, sizeof torn, 1, 0) == 0);
        CHECK_RC(open_db(torn, &live_db, NULL), SQLITE_OK);
        CHECK_SQL(live_db, setup(live_db, "WAL", 1, 1));
        CHECK(q_int(live_db, count_b, NULL) == 100);
        char tw[700];
        snprintf(tw, sizeof tw, "%s-wal", torn);
        long long committed = (file_size(tw) - WALHDR) / FRAME;
        CHECK_SQL(live_db, exec_ok(live_db, "PRAGMA cache_size=5; BEGIN; UPDATE t SET v = 'C' || v;"));
        long long spilled = (file_size(tw) - WALHDR) / FRAME;
        CHECK(spilled > committed + 2);
        char tp[600];
        CHECK(clone_db(torn, dir, "torn.db", key, 60, tp, sizeof tp, 1, 0) == 0);
        exec(live_db, "ROLLBACK");
        sqlite3_close(live_db);
        snprintf(w, sizeof w, "%s-wal", tp);
        CHECK(flip_byte(w, WALHDR + (committed + 1) * FRAME + 24 + 3000, 0x01) == 0);
        CHECK_RC(read_all(tp, &orc), SQLITE_OK);
        CHECK_RC(open_db(tp, &db, NULL), SQLITE_OK);
        CHECK(q_int(db, count_a, NULL) == 100 && q_int(db, count_b, NULL) == 100);
        CHECK(q_int(db, "SELECT count(*) FROM t WHERE v LIKE 'C%'", NULL) == 0);
        CHECK(sqlite3_close(db) == SQLITE_OK);
    }
    /* f5: after recovery (outside recovery), a frame's page is altered on disk: reading it
     * is SQLITE_IOERR_DATA, not a silently older page. */
    snprintf(w, sizeof w, "%s-wal", copies[5]);
    CHECK_RC(open_db(copies[5], &db, NULL), SQLITE_OK);
    CHECK(q_int(db, "PRAGMA user_version", &rc) == 0 && rc == SQLITE_OK); /* runs recovery */
    long long offs[4096];
    int nf = wal_frames(w, offs, 4096);
    CHECK(nf == frames_all);
    for (int i = (int)frames_a; i < nf; i++) {
        size_t len = 0;
        unsigned char *b = read_file(w, &len);
        CHECK(b != NULL);
        uint32_t pg = ((uint32_t)b[offs[i]] << 24) | ((uint32_t)b[offs[i] + 1] << 16) |
                      ((uint32_t)b[offs[i] + 2] << 8) | b[offs[i] + 3];
        free(b);
        if (pg != 1) CHECK(flip_byte(w, offs[i] + 24 + 10, 0x10) == 0);
    }
    q_int(db, count_b, &rc);
    CHECK_RC(rc, SQLITE_IOERR_DATA);
    sqlite3_close(db);
    /* f6: frames of the open transaction altered on disk before COMMIT: whether SQLite reads
     * a page back or re-reads whole frames to recompute checksums, it gets
     * SQLITE_IOERR_DATA (no recovery leniency for frames this connection wrote). */
    CHECK(clone_db(base, dir, "f6.db", key, 60, p, sizeof p, 0, 0) == 0);
    snprintf(w, sizeof w, "%s-wal", p);
    CHECK_RC(open_db(p, &db, NULL), SQLITE_OK);
    CHECK_SQL(db, setup(db, "WAL", 1, 1));
    CHECK_SQL(db, exec_ok(db, "PRAGMA cache_size=5; BEGIN; UPDATE t SET v = v || 'x';"));
    nf = wal_frames(w, offs, 4096);
    CHECK(nf > 5);
    for (int i = 0; i < nf; i++) CHECK(flip_byte(w, offs[i] + 24 + 33, 0x01) == 0);
    rc = exec(db, "UPDATE t SET v = v || 'y'; UPDATE t SET v = v || 'z'; COMMIT;");
    CHECK(rc != SQLITE_OK);
    CHECK_RC(sqlite3_extended_errcode(db), SQLITE_IOERR_DATA);
    exec(db, "ROLLBACK");
    sqlite3_close(db);

    /* (h) rollback journal records: a hot journal left by a transaction that spilled. */
    char jbase[600], jlive[600], hot[4][600];
    path_in(jbase, sizeof jbase, dir, "jbase.db");
    CHECK_RC(hirevfs_set_key(jbase, key, 60), SQLITE_OK);
    if (make_small_db(jbase, "DELETE", 300)) return 1;
    unsigned char h0[32], h1[32];
    CHECK_RC(open_db(jbase, &db, NULL), SQLITE_OK);
    CHECK_SQL(db, query_hash(db, T_DUMP, h0, NULL));
    CHECK_SQL(db, exec_ok(db, "PRAGMA cache_size=5; BEGIN; UPDATE t SET v = 'Z' || v;"));
    strcpy(jlive, jbase);
    char jfile[700];
    snprintf(jfile, sizeof jfile, "%s-journal", jlive);
    CHECK(file_size(jfile) > 10 * PAGE);
    const char *hnames[] = {"h0.db", "h1.db", "h2.db", "h3.db"};
    for (int i = 0; i < 4; i++) CHECK(clone_db(jlive, dir, hnames[i], key, 60, hot[i], sizeof hot[i], 0, 1) == 0);
    CHECK_SQL(db, exec_ok(db, "ROLLBACK"));
    CHECK(sqlite3_close(db) == SQLITE_OK);
    /* h0: untampered hot journal is rolled back: the data as before the transaction. */
    CHECK_RC(open_db(hot[0], &db, NULL), SQLITE_OK);
    CHECK_SQL(db, query_hash(db, T_DUMP, h1, NULL));
    CHECK(memcmp(h0, h1, 32) == 0);
    CHECK(integrity_ok(db));
    CHECK(sqlite3_close(db) == SQLITE_OK);
    /* The first journal header (512 bytes: SQLite uses 512-byte sectors with PSOW) is
     * followed by nRec >= 2 records of page number (4), page, checksum (4). */
    snprintf(jfile, sizeof jfile, "%s-journal", hot[1]);
    {
        size_t len = 0;
        unsigned char *b = read_file(jfile, &len);
        CHECK(b != NULL && len > 512 + 2 * (PAGE + 8));
        CHECK(b[8] == 0 && b[9] == 0 && b[10] == 0 && b[11] >= 2); /* nRec */
        CHECK(b[20] == 0 && b[21] == 0 && b[22] == 2 && b[23] == 0); /* sector size 512 */
        free(b);
    }
    /* h1: a byte of a record's page -> SQLITE_IOERR_DATA; the database is not touched. */
    CHECK(flip_byte(jfile, 512 + (PAGE + 8) + 4 + 700, 0x02) == 0);
    unsigned char hd0[32], hd1[32];
    CHECK(file_hash(hot[1], hd0) == 0);
    CHECK_RC(read_all(hot[1], &orc), SQLITE_IOERR_DATA);
    CHECK(file_hash(hot[1], hd1) == 0);
    CHECK(memcmp(hd0, hd1, 32) == 0); /* found before SQLite truncates or writes anything */
    CHECK(exists(jfile));
    /* h2: a record's page number (authenticated) -> SQLITE_IOERR_DATA. */
    snprintf(jfile, sizeof jfile, "%s-journal", hot[2]);
    CHECK(flip_byte(jfile, 512 + (PAGE + 8) + 3, 0x01) == 0);
    CHECK(file_hash(hot[2], hd0) == 0);
    CHECK_RC(read_all(hot[2], &orc), SQLITE_IOERR_DATA);
    CHECK(file_hash(hot[2], hd1) == 0 && memcmp(hd0, hd1, 32) == 0);
    CHECK(exists(jfile));
    /* h3: the (masked) checksum of the first record: SQLite would take the record for a
     * torn write and stop the playback there, half done. A record that the (authentic)
     * header counts was synced before the count was: its checksum must be right. */
    snprintf(jfile, sizeof jfile, "%s-journal", hot[3]);
    CHECK(flip_byte(jfile, 512 + 4 + PAGE + 1, 0x01) == 0);
    CHECK(file_hash(hot[3], hd0) == 0);
    CHECK_RC(read_all(hot[3], &orc), SQLITE_IOERR_DATA);
    CHECK(file_hash(hot[3], hd1) == 0 && memcmp(hd0, hd1, 32) == 0);
    CHECK(exists(jfile));
    /* h4: every byte of the header's fields and MAC (magic, record count, checksum seed,
     * database size, sector and page size): SQLITE_IOERR_DATA, the database untouched,
     * never "not hot" or a shorter playback. */
    for (int i = 0; i < 44; i++) {
        char name[32], hp[600], msg[256];
        snprintf(name, sizeof name, "h4-%d.db", i);
        CHECK(clone_db(hot[0], dir, name, key, 60, hp, sizeof hp, 0, 0) == 0);
        /* hot[0] was rolled back: take the journal of the untouched live copy instead. */
        snprintf(jfile, sizeof jfile, "%s-journal", hp);
        char src[700];
        snprintf(src, sizeof src, "%s-journal", hot[1]);
        CHECK(copy_file(src, jfile) == 0);
        CHECK(copy_file(hot[1], hp) == 0);
        CHECK(flip_byte(jfile, 512 + (PAGE + 8) + 4 + 700, 0x02) == 0); /* undo h1's flip */
        CHECK(flip_byte(jfile, i, i == 0 ? 0xd9 : 0x01) == 0);         /* byte 0 -> zero: "not hot" */
        CHECK(file_hash(hp, hd0) == 0);
        int rc4 = read_all(hp, &orc);
        if (rc4 != SQLITE_IOERR_DATA) {
            fprintf(stderr, "    journal header byte %d flipped: %d (%s)\n", i, rc4, sqlite3_errstr(rc4));
            return 1;
        }
        CHECK(hirevfs_damage(hp, msg, sizeof msg) > 0 && strstr(msg, "-journal: ") != NULL);
        CHECK(file_hash(hp, hd1) == 0 && memcmp(hd0, hd1, 32) == 0);
    }
    return 0;
}

/* ------------------------------------------------------------------------------------- */
/* 7. kill -9 during writes                                                              */

static const char CRASH_MARKER[] = "zqcrashmarkerpayload";

static void crash_child(const char *path, const char *ledger, const char *jmode, unsigned seed) {
    sqlite3 *db = NULL;
    if (open_db(path, &db, NULL) != SQLITE_OK) _exit(2);
    /* WAL rounds run like hired (exclusive locking); rollback-journal rounds use normal
     * locking, so a journal left behind is a hot journal of an interrupted transaction. */
    if (setup(db, jmode, strcmp(jmode, "WAL") == 0, 1) != SQLITE_OK) _exit(3);
    /* One transaction: a kill leaves all three or none (the parent checks them together). */
    if (exec_ok(db, "BEGIN;"
                    "CREATE TABLE IF NOT EXISTS c(id INTEGER PRIMARY KEY, v TEXT);"
                    "CREATE INDEX IF NOT EXISTS c_v ON c(v);"
                    "CREATE VIRTUAL TABLE IF NOT EXISTS c_fts USING fts5(v);"
                    "COMMIT;") != SQLITE_OK)
        _exit(4);
    int fd = open(ledger, O_WRONLY | O_APPEND | O_CREAT, 0600);
    if (fd < 0) _exit(5);
    srand(seed);
    for (;;) {
        int rows = 1 + rand() % 40;
        if (exec(db, "BEGIN") != SQLITE_OK) _exit(6);
        char *sql = sqlite3_mprintf(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<%d)"
            " INSERT INTO c(v) SELECT '%s ' || hex(randomblob(%d)) FROM n;"
            "INSERT INTO c_fts(rowid, v) SELECT id, v FROM c WHERE id > (SELECT coalesce(max(rowid),0) FROM c_fts);",
            rows, CRASH_MARKER, 20 + rand() % 400);
        int rc = exec(db, sql);
        sqlite3_free(sql);
        if (rc != SQLITE_OK) _exit(7);
        if (rand() % 5 == 0 && exec(db, "UPDATE c SET v = v || 'u' WHERE id % 17 = 3") != SQLITE_OK) _exit(8);
        if (exec(db, "COMMIT") != SQLITE_OK) _exit(9);
        /* Committed: record the count (a plain integer). */
        long long n = q_int(db, "SELECT max(id) FROM c", NULL);
        char line[32];
        int len = snprintf(line, sizeof line, "%lld\n", n);
        if (write(fd, line, (size_t)len) != len) _exit(10);
        if (rand() % 10 == 0) exec(db, "PRAGMA wal_checkpoint(PASSIVE)");
    }
}

static long long ledger_last(const char *ledger) {
    size_t n = 0;
    unsigned char *b = read_file(ledger, &n);
    long long last = 0;
    if (!b) return 0;
    b[n] = 0;
    char *s = (char *)b;
    for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) last = atoll(line);
    free(b);
    return last;
}

static int crash_rounds(const char *dir, const char *jmode, int rounds, int *committed_total,
                        int *left_behind) {
    char path[600], ledger[600];
    path_in(path, sizeof path, dir, "crash.db");
    path_in(ledger, sizeof ledger, g_root, strcmp(jmode, "WAL") == 0 ? "ledger-wal" : "ledger-del");
    uint8_t key[32];
    test_key(key, 70);
    CHECK_RC(hirevfs_set_key(path, key, 70), SQLITE_OK);
    const char *markers[] = {CRASH_MARKER};
    for (int r = 0; r < rounds; r++) {
        fflush(NULL);
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) crash_child(path, ledger, jmode, (unsigned)(r * 7919 + 1));
        usleep(30000 + randombytes_uniform(250000));
        kill(pid, SIGKILL);
        int status = 0;
        CHECK(waitpid(pid, &status, 0) == pid);
        if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
            fprintf(stderr, "    child exited by itself: status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
            return 1;
        }
        CHECK(scan_dir(dir, markers, 1, "after kill") == 0);
        {
            char side[700];
            snprintf(side, sizeof side, "%s-%s", path, strcmp(jmode, "WAL") == 0 ? "wal" : "journal");
            if (file_size(side) > 512) (*left_behind)++;
        }
        long long want = ledger_last(ledger);
        sqlite3 *db = NULL;
        int rc;
        CHECK_RC(open_db(path, &db, NULL), SQLITE_OK);
        CHECK_SQL(db, setup(db, jmode, strcmp(jmode, "WAL") == 0, 1));
        long long have = 0;
        if (q_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'c'", NULL) == 1) {
            have = q_int(db, "SELECT count(*) FROM c", &rc);
            CHECK_SQL(db, rc);
            long long max = q_int(db, "SELECT coalesce(max(id), 0) FROM c", &rc);
            CHECK(max == have); /* no hole: every committed transaction is whole */
            /* A child killed before its first commit (a loaded machine) leaves no schema. */
            CHECK_SQL(db, exec_ok(db, "INSERT INTO c_fts(c_fts) VALUES('integrity-check')"));
        }
        if (have < want) fprintf(stderr, "    round %d: %lld rows, ledger %lld\n", r, have, want);
        CHECK(have >= want);
        CHECK(integrity_ok(db));
        CHECK(sqlite3_close(db) == SQLITE_OK);
        *committed_total = (int)want;
    }
    return 0;
}

static int test_crash_rounds(void) {
    char dw[512], dd[512];
    int nw = 0, nd = 0, lw = 0, ld = 0;
    CHECK(new_dir("crash-wal", dw, sizeof dw) == 0);
    CHECK(new_dir("crash-delete", dd, sizeof dd) == 0);
    if (crash_rounds(dw, "WAL", 30, &nw, &lw)) return 1;
    if (crash_rounds(dd, "DELETE", 15, &nd, &ld)) return 1;
    fprintf(stderr, "    45 kill -9 rounds: %d rows committed (WAL, %d/30 kills left a WAL to recover),"
                    " %d (rollback journal, %d/15 left a hot journal)\n", nw, lw, nd, ld);
    CHECK(nw > 0 && nd > 0);
    return 0;
}

/* ------------------------------------------------------------------------------------- */
/* 8. The I/O-shape contract, driven through the VFS methods directly                    */

/* SQLite passes journal and WAL names to xOpen inside one block with the database name
 * (4 zero bytes, db name, URI parameters, journal name, WAL name), which
 * sqlite3_filename_database() relies on. This builds such a block. */
typedef struct {
    char buf[2048];
    const char *db, *journal, *wal;
} name_block;

static void make_names(name_block *nb, const char *path) {
    memset(nb->buf, 0, sizeof nb->buf);
    size_t n = strlen(path), o = 4;
    memcpy(nb->buf + o, path, n);
    nb->db = nb->buf + o;
    o += n + 2; /* NUL, empty URI parameter list */
    nb->journal = nb->buf + o;
    memcpy(nb->buf + o, path, n);
    memcpy(nb->buf + o + n, "-journal", 8);
    o += n + 9;
    nb->wal = nb->buf + o;
    memcpy(nb->buf + o, path, n);
    memcpy(nb->buf + o + n, "-wal", 4);
}

static sqlite3_file *vopen(sqlite3_vfs *vfs, const char *name, int flags, int *rc) {
    sqlite3_file *f = calloc(1, (size_t)vfs->szOsFile);
    int out = 0;
    *rc = vfs->xOpen(vfs, name, f, flags | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &out);
    if (*rc != SQLITE_OK) {
        if (f->pMethods) f->pMethods->xClose(f); /* xOpen's contract: close even on failure */
        free(f);
        return NULL;
    }
    return f;
}

static void vclose(sqlite3_file *f) {
    if (f) {
        f->pMethods->xClose(f);
        free(f);
    }
}

static void put32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* SQLite's checksum of a little-endian-magic WAL header, into its bytes 24..31. */
static void wal_header_checksum(unsigned char *h) {
    uint32_t s1 = 0, s2 = 0;
    for (int i = 0; i < 24; i += 8) {
        uint32_t w0, w1;
        memcpy(&w0, h + i, 4); /* native order: the magic's low bit is 0 on little-endian */
        memcpy(&w1, h + i + 4, 4);
        s1 += w0 + s2;
        s2 += w1 + s1;
    }
    put32(h + 24, s1);
    put32(h + 28, s2);
}

static int test_io_shapes(void) {
    char dir[512], path[600];
    uint8_t key[32];
    name_block nb;
    int rc;
    sqlite3_vfs *vfs = sqlite3_vfs_find("hirevfs");
    CHECK(vfs != NULL);
    CHECK(new_dir("shapes", dir, sizeof dir) == 0);
    path_in(path, sizeof path, dir, "s.db");
    make_names(&nb, path);
    CHECK(strcmp(sqlite3_filename_database(nb.wal), path) == 0);
    test_key(key, 80);
    CHECK_RC(hirevfs_set_key(path, key, 80), SQLITE_OK);

    static unsigned char page[PAGE], page2[PAGE], got[FRAME], frame[FRAME];
    for (int i = 0; i < DATA; i++) page[i] = (unsigned char)('a' + i % 26);
    memcpy(page2, page, PAGE);
    memcpy(page2, "OVERWRITTEN", 11);

    /* Refused opens: no name (temp file), temp / sub / super journals, transient db. */
    CHECK(vopen(vfs, NULL, SQLITE_OPEN_TEMP_JOURNAL | SQLITE_OPEN_DELETEONCLOSE, &rc) == NULL && rc == SQLITE_CANTOPEN);
    CHECK(vopen(vfs, NULL, SQLITE_OPEN_TEMP_DB, &rc) == NULL && rc == SQLITE_CANTOPEN);
    CHECK(vopen(vfs, nb.db, SQLITE_OPEN_SUBJOURNAL, &rc) == NULL && rc == SQLITE_CANTOPEN);
    CHECK(vopen(vfs, nb.db, SQLITE_OPEN_SUPER_JOURNAL, &rc) == NULL && rc == SQLITE_CANTOPEN);
    CHECK(vopen(vfs, nb.db, SQLITE_OPEN_TRANSIENT_DB, &rc) == NULL && rc == SQLITE_CANTOPEN);

    /* --- main database --- */
    sqlite3_file *db = vopen(vfs, nb.db, SQLITE_OPEN_MAIN_DB, &rc);
    CHECK_RC(rc, SQLITE_OK);
    const sqlite3_io_methods *m = db->pMethods;
    CHECK(m->iVersion == 3);
    /* Reading a never-written page: the sub VFS's short read and zeros, not "decrypted". */
    memset(got, 0x55, PAGE);
    CHECK_RC(m->xRead(db, got, PAGE, 0), SQLITE_IOERR_SHORT_READ);
    CHECK(all_zero_buf(got, PAGE));
    CHECK_RC(m->xRead(db, got, 100, 0), SQLITE_IOERR_SHORT_READ);
    /* Page 1 must say 4096-byte pages and 40 reserve bytes. */
    unsigned char p1[PAGE];
    memset(p1, 0, PAGE);
    memcpy(p1, "SQLite format 3", 16);
    p1[16] = 0x10; p1[18] = 2; p1[19] = 2; p1[20] = 0; p1[21] = 64; p1[22] = 32; p1[23] = 32;
    memcpy(p1 + 100, "page one secret", 15);
    CHECK_RC(m->xWrite(db, p1, PAGE, 0), SQLITE_IOERR_WRITE);
    p1[20] = RESERVE;
    CHECK_RC(m->xWrite(db, p1, PAGE, 0), SQLITE_OK);
    CHECK_RC(m->xWrite(db, page, PAGE, 2 * PAGE), SQLITE_OK); /* page 3 */
    /* Partial, unaligned or multi-page writes: refused. */
    CHECK_RC(m->xWrite(db, page, 100, PAGE), SQLITE_IOERR_WRITE);
    CHECK_RC(m->xWrite(db, page, PAGE, 100), SQLITE_IOERR_WRITE);
    CHECK_RC(m->xWrite(db, frame, 2 * PAGE, 0), SQLITE_IOERR_WRITE);
    /* Reads: whole page, header slices, page 1 back with the SQLite magic. */
    CHECK_RC(m->xRead(db, got, PAGE, 0), SQLITE_OK);
    CHECK(memcmp(got, p1, DATA) == 0 && all_zero_buf(got + DATA, RESERVE));
    CHECK_RC(m->xRead(db, got, 100, 0), SQLITE_OK);
    CHECK(memcmp(got, p1, 100) == 0);
    CHECK_RC(m->xRead(db, got, 16, 24), SQLITE_OK);
    CHECK(memcmp(got, p1 + 24, 16) == 0);
    CHECK_RC(m->xRead(db, got, PAGE, 2 * PAGE), SQLITE_OK);
    CHECK(memcmp(got, page, DATA) == 0);
    CHECK_RC(m->xRead(db, got, 200, 2 * PAGE + 1000), SQLITE_OK);
    CHECK(memcmp(got, page + 1000, 200) == 0);
    CHECK_RC(m->xRead(db, got, 200, 2 * PAGE - 100), SQLITE_IOERR_READ); /* spans pages */
    /* Page 2 was never written but lies inside the file (a hole): not a valid page. */
    CHECK_RC(m->xRead(db, got, PAGE, PAGE), SQLITE_IOERR_DATA);
    /* No mmap, no PSOW off, no chunks. */
    void *mp = (void *)1;
    CHECK_RC(m->xFetch(db, 0, PAGE, &mp), SQLITE_OK);
    CHECK(mp == NULL);
    CHECK((m->xDeviceCharacteristics(db) & SQLITE_IOCAP_POWERSAFE_OVERWRITE) != 0);
    /* On disk: no plaintext, our magic at 0, 16..23 clear. */
    {
        size_t len = 0;
        unsigned char *b = read_file(path, &len);
        CHECK(b && len == 3 * PAGE);
        CHECK(memmem(b, len, "page one secret", 15) == NULL && memmem(b, len, "abcdefghij", 10) == NULL);
        CHECK(memcmp(b, "hiredDB\0\1\0\0\0\0\0\0\x50", 16) == 0);
        CHECK(memcmp(b + 16, p1 + 16, 8) == 0);
        free(b);
    }

    /* --- WAL --- */
    sqlite3_file *wal = vopen(vfs, nb.wal, SQLITE_OPEN_WAL, &rc);
    CHECK_RC(rc, SQLITE_OK);
    unsigned char wh[WALHDR] = {0};
    put32(wh, 0x377f0682);
    put32(wh + 4, 3007000);
    put32(wh + 8, 8192);
    CHECK_RC(m->xWrite(wal, wh, WALHDR, 0), SQLITE_IOERR_WRITE); /* page size 8192 */
    put32(wh + 8, PAGE);
    put32(wh + 16, 0x11111111);
    put32(wh + 20, 0x22222222);
    wal_header_checksum(wh);
    CHECK_RC(m->xWrite(wal, wh, WALHDR, 0), SQLITE_OK);
    unsigned char fh[24];
    put32(fh, 3);          /* page number */
    put32(fh + 4, 0);      /* not a commit */
    memcpy(fh + 8, wh + 16, 8);
    put32(fh + 16, 0xCAFEBABE);
    put32(fh + 20, 0xDEADBEEF);
    CHECK_RC(m->xWrite(wal, fh, 24, WALHDR), SQLITE_OK);
    CHECK_RC(m->xWrite(wal, page, PAGE, WALHDR + 24), SQLITE_OK);
    /* Refused: odd sizes/offsets, a page whose reserve bytes are not zero. */
    CHECK_RC(m->xWrite(wal, page, 100, WALHDR + FRAME), SQLITE_IOERR_WRITE);
    CHECK_RC(m->xWrite(wal, page, PAGE, WALHDR + FRAME + 10), SQLITE_IOERR_WRITE);
    memcpy(frame, page, PAGE);
    frame[PAGE - 1] = 1;
    CHECK_RC(m->xWrite(wal, frame, PAGE, WALHDR + 24), SQLITE_IOERR_WRITE);
    /* Frame 2 written whole, as one 4120-byte write. */
    put32(fh, 4);
    put32(fh + 4, 4); /* commit frame */
    memcpy(frame, fh, 24);
    memcpy(frame + 24, page2, PAGE);
    CHECK_RC(m->xWrite(wal, frame, FRAME, WALHDR + FRAME), SQLITE_OK);
    /* Full-frame read: the header as written (checksum unmasked) and the page. */
    CHECK_RC(m->xRead(wal, got, FRAME, WALHDR), SQLITE_OK);
    put32(fh, 3);
    put32(fh + 4, 0);
    CHECK(memcmp(got, fh, 24) == 0 && memcmp(got + 24, page, PAGE) == 0);
    /* Page read at a data offset, the 8-byte checksum read of the checksum rewrite. */
    CHECK_RC(m->xRead(wal, got, PAGE, WALHDR + FRAME + 24), SQLITE_OK);
    CHECK(memcmp(got, page2, PAGE) == 0);
    CHECK_RC(m->xRead(wal, got, 8, WALHDR + 16), SQLITE_OK);
    CHECK(memcmp(got, fh + 16, 8) == 0);
    CHECK_RC(m->xRead(wal, got, 32, 0), SQLITE_OK);
    CHECK(memcmp(got, wh, 32) == 0);
    /* Overwrite of frame 1's page without a header write: the page number is read from
     * the frame header on disk. */
    CHECK_RC(m->xWrite(wal, page2, PAGE, WALHDR + 24), SQLITE_OK);
    CHECK_RC(m->xRead(wal, got, PAGE, WALHDR + 24), SQLITE_OK);
    CHECK(memcmp(got, page2, PAGE) == 0);
    CHECK_RC(m->xWrite(wal, page, PAGE, WALHDR + 24), SQLITE_OK);
    /* On disk: checksums masked, pages encrypted. */
    char walpath[700];
    snprintf(walpath, sizeof walpath, "%s-wal", path);
    {
        size_t len = 0;
        unsigned char *b = read_file(walpath, &len);
        CHECK(b && len == WALHDR + 2 * FRAME);
        CHECK(memcmp(b, wh, WALHDR) == 0);                     /* header: clear */
        CHECK(memcmp(b + WALHDR, fh, 16) == 0);                /* page number .. salts: clear */
        CHECK(memcmp(b + WALHDR + 16, fh + 16, 8) != 0);       /* checksum: masked */
        CHECK(memmem(b, len, "abcdefghij", 10) == NULL && memmem(b, len, "OVERWRITTEN", 11) == NULL);
        free(b);
    }
    /* Tampered page of a frame this handle wrote: strict everywhere. */
    CHECK(flip_byte(walpath, WALHDR + 24 + 10, 0x01) == 0);
    CHECK_RC(m->xRead(wal, got, FRAME, WALHDR), SQLITE_IOERR_DATA);
    CHECK_RC(m->xRead(wal, got, PAGE, WALHDR + 24), SQLITE_IOERR_DATA);
    CHECK_RC(m->xRead(wal, got, 100, WALHDR + 24 + 50), SQLITE_IOERR_DATA);
    /* A fresh handle (recovery): the bad frame of the current generation is damage, not the
     * end of the log; a good frame reads normally. */
    sqlite3_file *wal2 = vopen(vfs, nb.wal, SQLITE_OPEN_WAL, &rc);
    CHECK_RC(rc, SQLITE_OK);
    CHECK_RC(m->xRead(wal2, got, WALHDR, 0), SQLITE_OK);
    CHECK_RC(m->xRead(wal2, got, FRAME, WALHDR), SQLITE_IOERR_DATA);
    {
        char msg[256];
        CHECK(hirevfs_damage(path, msg, sizeof msg) > 0);
        CHECK(strstr(msg, "s.db-wal: frame 1 of the log (page 3) failed authentication") == msg);
    }
    CHECK_RC(m->xRead(wal2, got, PAGE, WALHDR + 24), SQLITE_IOERR_DATA);
    CHECK_RC(m->xRead(wal2, got, FRAME, WALHDR + FRAME), SQLITE_OK);
    CHECK(memcmp(got + 24, page2, PAGE) == 0);
    /* A frame header held until its page: written with it, in one write. A header written
     * alone (SQLite's checksum rewrite) re-seals the page on disk under it. */
    put32(fh, 4);
    put32(fh + 4, 4);
    put32(fh + 16, 0x01020304);
    CHECK_RC(m->xWrite(wal2, fh, 24, WALHDR + FRAME), SQLITE_OK);
    CHECK_RC(m->xRead(wal2, got, FRAME, WALHDR + FRAME), SQLITE_OK); /* flushes */
    CHECK(memcmp(got, fh, 24) == 0 && memcmp(got + 24, page2, PAGE) == 0);
    vclose(wal2);
    vclose(wal);

    /* --- rollback journal --- */
    sqlite3_file *j = vopen(vfs, nb.journal, SQLITE_OPEN_MAIN_JOURNAL, &rc);
    CHECK_RC(rc, SQLITE_OK);
    static const unsigned char jmagic[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};
    unsigned char jh[512] = {0};
    put32(jh + 12, 0x12345678); /* cksumInit */
    put32(jh + 16, 3);          /* original size */
    put32(jh + 20, 512);
    put32(jh + 24, PAGE);
    CHECK_RC(m->xWrite(j, jh, 512, 0), SQLITE_OK);         /* header, magic still zero */
    unsigned char rec[4];
    put32(rec, 3);
    CHECK_RC(m->xWrite(j, rec, 4, 512), SQLITE_OK);        /* page number */
    CHECK_RC(m->xWrite(j, page, PAGE, 516), SQLITE_OK);    /* page */
    uint32_t ck = 0x12345678; /* SQLite's record checksum: cksumInit + every 200th byte */
    for (int i = PAGE - 200; i > 0; i -= 200) ck += page[i];
    put32(rec, ck);
    CHECK_RC(m->xWrite(j, rec, 4, 516 + PAGE), SQLITE_OK); /* checksum */
    unsigned char upd[12];
    memcpy(upd, jmagic, 8);
    put32(upd + 8, 1);
    CHECK_RC(m->xWrite(j, upd, 12, 0), SQLITE_OK);         /* magic + record count */
    CHECK_RC(m->xWrite(j, "\0", 1, 5120), SQLITE_OK);      /* zero byte at the next header */
    /* Refused: a page-size write not preceded by its page number, arbitrary bytes, a
     * header with something after its 28 bytes of fields. */
    CHECK_RC(m->xWrite(j, page, PAGE, 5124), SQLITE_IOERR_WRITE);
    CHECK_RC(m->xWrite(j, "some name", 9, 5124), SQLITE_IOERR_WRITE);
    memcpy(jh, jmagic, 8);
    jh[300] = 1;
    CHECK_RC(m->xWrite(j, jh, 512, 5120), SQLITE_IOERR_WRITE);
    /* Playback order: page number, page, checksum. */
    CHECK_RC(m->xRead(j, got, 1, 0), SQLITE_OK);
    CHECK(got[0] == 0xd9);
    CHECK_RC(m->xRead(j, got, 8, 0), SQLITE_OK);
    CHECK(memcmp(got, jmagic, 8) == 0);
    CHECK_RC(m->xRead(j, got, 4, 512), SQLITE_OK);
    CHECK(got[3] == 3);
    CHECK_RC(m->xRead(j, got, PAGE, 516), SQLITE_OK);
    CHECK(memcmp(got, page, DATA) == 0);
    CHECK_RC(m->xRead(j, got, 4, 516 + PAGE), SQLITE_OK);
    CHECK(memcmp(got, rec, 4) == 0);
    /* A page read without the page-number read first: taken from the file. */
    CHECK_RC(m->xRead(j, got, PAGE, 516), SQLITE_OK);
    CHECK(memcmp(got, page, DATA) == 0);
    char jpath[700];
    snprintf(jpath, sizeof jpath, "%s-journal", path);
    {
        size_t len = 0;
        unsigned char *b = read_file(jpath, &len);
        CHECK(b && len == 5120 + 44); /* the zero byte wipes the MAC of a header there too */
        CHECK(memmem(b, len, "abcdefghij", 10) == NULL);
        CHECK(memcmp(b + 516 + PAGE, rec, 4) != 0); /* checksum masked */
        free(b);
    }
    /* The header carries a MAC of its fields: a changed record count is damage. */
    CHECK(flip_byte(jpath, 11, 0x01) == 0);
    CHECK_RC(m->xRead(j, got, 8, 0), SQLITE_IOERR_DATA);
    CHECK(flip_byte(jpath, 11, 0x01) == 0);
    CHECK_RC(m->xRead(j, got, 8, 0), SQLITE_OK);
    /* A wrong record checksum, for a record the header counts: damage. */
    CHECK(flip_byte(jpath, 516 + PAGE + 2, 0x01) == 0);
    CHECK_RC(m->xRead(j, got, 4, 512), SQLITE_OK);
    CHECK_RC(m->xRead(j, got, PAGE, 516), SQLITE_OK);
    CHECK_RC(m->xRead(j, got, 4, 516 + PAGE), SQLITE_IOERR_DATA);
    CHECK(flip_byte(jpath, 516 + PAGE + 2, 0x01) == 0);
    CHECK(flip_byte(jpath, 515, 0x01) == 0); /* the record's page number */
    CHECK_RC(m->xRead(j, got, 4, 512), SQLITE_OK);
    CHECK_RC(m->xRead(j, got, PAGE, 516), SQLITE_IOERR_DATA);
    vclose(j);
    vclose(db);

    /* The journal / WAL of an open database find its keys even after forget_key. */
    db = vopen(vfs, nb.db, SQLITE_OPEN_MAIN_DB, &rc);
    CHECK_RC(rc, SQLITE_OK);
    CHECK_RC(hirevfs_forget_key(path), SQLITE_OK);
    wal = vopen(vfs, nb.wal, SQLITE_OPEN_WAL, &rc);
    CHECK_RC(rc, SQLITE_OK);
    CHECK_RC(wal->pMethods->xRead(wal, got, FRAME, WALHDR + FRAME), SQLITE_OK);
    CHECK(memcmp(got + 24, page2, PAGE) == 0);
    vclose(wal);
    vclose(db);
    CHECK(vopen(vfs, nb.wal, SQLITE_OPEN_WAL, &rc) == NULL && rc == SQLITE_CANTOPEN);
    CHECK(vopen(vfs, nb.db, SQLITE_OPEN_MAIN_DB, &rc) == NULL && rc == SQLITE_CANTOPEN);
    return 0;
}

/* ------------------------------------------------------------------------------------- */
/* Runner                                                                                */

static int rm_tree(const char *p) {
    struct stat sb;
    if (lstat(p, &sb) != 0) return 0;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(p);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
                char c[1024];
                path_in(c, sizeof c, p, e->d_name);
                rm_tree(c);
            }
            closedir(d);
        }
        return rmdir(p);
    }
    return unlink(p);
}

int main(void) {
    static const struct {
        const char *name;
        int (*fn)(void);
    } tests[] = {
        {"round_trip", test_round_trip},
        {"no_plaintext_on_disk", test_no_plaintext},
        {"rollback_journal", test_rollback_journal},
        {"wrong_key", test_wrong_key},
        {"no_key_and_temp_files", test_no_key_and_temp_files},
        {"tampering", test_tampering},
        {"io_shapes", test_io_shapes},
        {"kill9_rounds", test_crash_rounds},
    };
    if (sodium_init() < 0) return 2;
    if (hirevfs_register() != SQLITE_OK || hirevfs_register() != SQLITE_OK) {
        fprintf(stderr, "hirevfs_register failed\n");
        return 2;
    }
    sqlite3_vfs *v = sqlite3_vfs_find(NULL);
    if (!v || strcmp(v->zName, "hirevfs") != 0) {
        fprintf(stderr, "hirevfs is not the default VFS\n");
        return 2;
    }
    snprintf(g_root, sizeof g_root, "%s/hirevfs-test-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(g_root)) return 2;
    int passed = 0, failed = 0;
    const char *only = getenv("HIREVFS_TEST"); /* run just the tests whose name contains it */
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        struct timespec t0, t1;
        if (only && !strstr(tests[i].name, only)) continue;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int r = tests[i].fn();
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
        printf("%s %s (%.0f ms)\n", r == 0 ? "PASS" : "FAIL", tests[i].name, ms);
        fflush(stdout);
        if (r == 0) passed++;
        else failed++;
    }
    hirevfs_forget_all();
    if (failed == 0 && !getenv("HIREVFS_KEEP")) rm_tree(g_root);
    else fprintf(stderr, "test files kept in %s\n", g_root);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
