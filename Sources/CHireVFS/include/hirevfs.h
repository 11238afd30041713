/*
 * hirevfs — a page-encrypting SQLite VFS shim (see docs: /work/shared/CRYPTO.md §1).
 *
 * Every page of a main database, of its write-ahead log and of its rollback journal is
 * sealed with XChaCha20-Poly1305 under a page key derived from a 32-byte data key that
 * the caller registers per database path. Temp files are refused: every connection must
 * run `PRAGMA temp_store=MEMORY`.
 *
 * What a connection must do, in this order, before the first write to a NEW database:
 *     int n = 40;  sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &n);
 *     PRAGMA page_size=4096;            (the default on Debian)
 *     PRAGMA temp_store=MEMORY;
 *     PRAGMA journal_mode=WAL;          (this is the first write: page 1 is created here)
 *     PRAGMA locking_mode=EXCLUSIVE; PRAGMA secure_delete=ON; PRAGMA synchronous=FULL;
 * A page 1 whose header does not say "4096-byte pages, 40 reserve bytes" is refused with
 * SQLITE_IOERR_WRITE, so a database can never be created unencrypted by mistake.
 *
 * All functions are thread-safe. Return values are SQLite result codes (SQLITE_OK == 0).
 * This header deliberately includes neither sqlite3.h nor sodium.h.
 */
#ifndef HIREVFS_H
#define HIREVFS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Registers the VFS "hirevfs", wrapping the default VFS at the time of the first call, and
 * makes it the default. Idempotent. Calls sodium_init(). The first call, if it comes before
 * SQLite is initialised, also turns off SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS):
 * they cost a global mutex per allocation. */
int hirevfs_register(void);

/* Registers the 32-byte data key of the main database at `path` (the path the caller passes
 * to sqlite3_open; it is canonicalised with the underlying VFS's xFullPathname, exactly as
 * SQLite does, so symlinks and relative paths resolve the same way). `key_id` is written
 * into page 1 so that a wrong key is told apart from a corrupt file. The key is copied into
 * sodium_malloc'd memory; re-registering a path replaces (and wipes) its previous key.
 * The "-wal" and "-journal" files use the key of their main database. */
int hirevfs_set_key(const char *path, const uint8_t key[32], uint32_t key_id);

/* Forgets and wipes the key of one path (SQLITE_OK also when none was registered) / of
 * every path. A connection that is already open keeps working until it is closed: every
 * open file holds its own wiped-on-close copy of the derived keys, and the -wal/-journal
 * files of an open connection take theirs from that connection's main database file.
 * Forgetting only prevents new opens. */
int hirevfs_forget_key(const char *path);
void hirevfs_forget_all(void);

/* Why the last attempt, on this thread, to open a main database through hirevfs failed:
 *   0  unknown / no failure recorded by the shim,
 *   1  no key registered for the path                       (open fails with SQLITE_CANTOPEN),
 *   2  page 1 carries another key id: wrong key              (open fails with SQLITE_NOTADB),
 *   3  page 1 failed authentication (wrong key with the same id, or a corrupt / foreign
 *      file, e.g. a plaintext SQLite database)               (open fails with SQLITE_NOTADB).
 * Reset to 0 at the start of every main-database open. */
int hirevfs_last_error(void);

/* What the shim last found damaged in the files of the database at `path` (its main file,
 * its WAL or its rollback journal), as a sentence naming the file, e.g.
 * "x.db-wal: frame 3 of the log (page 7) failed authentication"; copied into `out`
 * (NUL-terminated, at most n bytes). Returns its length, 0 if nothing was found since the
 * path's key was registered (or no key is registered). Damage is always also an error
 * result: SQLITE_IOERR_DATA (or SQLITE_NOTADB for page 1 at open). */
int hirevfs_damage(const char *path, char *out, int n);

/* What hirevfs_verify found. */
#define HIREVFS_VERIFY_MAX 64
#define HIREVFS_VERIFY_PAGE 1       /* a page of the database file (damaged_no: its number) */
#define HIREVFS_VERIFY_WAL_FRAME 2  /* a frame of the log's current generation (its number) */
#define HIREVFS_VERIFY_WAL_HEADER 3 /* the log's header, with authentic frames after it */
typedef struct hirevfs_verify_result {
    uint32_t pages_checked;  /* pages of the database file */
    uint32_t frames_checked; /* frames of the log's current generation */
    uint32_t n_damaged;      /* how many failed (the first HIREVFS_VERIFY_MAX are listed) */
    int damaged_kind[HIREVFS_VERIFY_MAX];
    uint32_t damaged_no[HIREVFS_VERIFY_MAX];
} hirevfs_verify_result;

/* Authenticates every page of the database file at `path` and every frame of its log's
 * current generation, reading the files directly with the key registered for `path`. The
 * caller must keep writers out meanwhile (hired runs it inside the store's write access).
 * Returns SQLITE_OK with what failed in `r`, or an error if the files cannot be read
 * (SQLITE_CANTOPEN also when no key is registered). */
int hirevfs_verify(const char *path, hirevfs_verify_result *r);

#define HIREVFS_ERR_NONE 0
#define HIREVFS_ERR_NO_KEY 1
#define HIREVFS_ERR_KEY_ID 2
#define HIREVFS_ERR_AUTH 3

#ifdef __cplusplus
}
#endif

#endif /* HIREVFS_H */
