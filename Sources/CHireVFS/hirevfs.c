/*
 * hirevfs.c — page-encrypting SQLite VFS shim (design: CRYPTO.md §1).
 *
 * The shim sits between SQLite and the default VFS (normally "unix"). It recognises the
 * few I/O shapes SQLite 3.40 uses on a main database, its WAL and its rollback journal,
 * seals every page on the way down and opens it on the way up. Any write it does not
 * recognise is refused (SQLITE_IOERR_WRITE): nothing reaches the disk in plaintext except
 * SQLite's own metadata (WAL and journal headers, page numbers, database sizes, salts).
 *
 * ---------------------------------------------------------------------------------------
 * On-disk page format (page size P = 4096, 40 reserve bytes per page):
 *
 *   [0, P-40)      XChaCha20-Poly1305 ciphertext of the page's bytes [0, P-40)
 *   [P-40, P-16)   24-byte random nonce, fresh on every write (randombytes_buf)
 *   [P-16, P)      16-byte Poly1305 tag
 *
 *   associated data = "hirevfs1" || kind || be32(page number) [|| on-disk bytes 0..23]
 *     kind: 'D' main database, 'W' WAL frame, 'J' rollback-journal record, so a page can
 *     move neither to another page number nor to another file kind.
 *
 * Page 1 of a main database is special: bytes 0..15 on disk hold
 *     "hiredDB\0" (8) | format version 1 (1) | three zero bytes (3) | be32 key id (4)
 * instead of "SQLite format 3\0"; bytes 16..23 (page size, file format versions, reserve
 * count, payload fractions) stay plaintext because SQLite reads them before anything else,
 * and bytes 0..23 are all part of the associated data; only [24, P-40) is encrypted. A read
 * gives SQLite back the standard "SQLite format 3\0".
 *
 * In the WAL and the journal page 1 is an ordinary page (the whole [0, P-40) encrypted).
 * The reserve bytes are returned to SQLite as zeros. SQLite never puts anything else there
 * (the b-tree layer only uses the first P-40 bytes), and WAL frames depend on it (below).
 *
 * Keys: the registered 32-byte data key never encrypts anything itself. Each open file
 * derives, with crypto_kdf_derive_from_key(context "hiredpg1"):
 *     subkey 1: the page key (XChaCha20-Poly1305),
 *     subkey 2: the mask key (keyed BLAKE2b) for SQLite's own plaintext checksums, below.
 *
 * SQLite's checksums: a WAL frame header carries a 64-bit running checksum of the frame's
 * PLAINTEXT page, and a journal record ends with a 32-bit sum of sampled plaintext bytes.
 * Stored as is they would let a thief test guesses about page contents. The shim XORs them
 * on disk with a keyed-BLAKE2b mask and removes the mask on read, so SQLite still sees (and
 * verifies) its own values:
 *     WAL:     mask = BLAKE2b_maskkey("W" || frame salts (header bytes 8..15) || be64(offset))
 *     journal: mask = BLAKE2b_maskkey("J" || the record's page nonce)
 *
 * ---------------------------------------------------------------------------------------
 * I/O shapes (SQLite 3.40; anything else is refused: writes with SQLITE_IOERR_WRITE, reads
 * with SQLITE_IOERR_READ):
 *
 * main db   write: exactly one page at a page offset.
 *           read:  any range inside one page (whole pages; the 100-byte header at 0; the
 *                  16-byte change counter at 24), served by opening the whole page.
 *                  A read past the end of the file passes SQLITE_IOERR_SHORT_READ and zeros
 *                  through untouched (a never-written page is never "decrypted"); a page that
 *                  is only partly on disk is SQLITE_IOERR_DATA.
 * -wal      32-byte header at 0: plaintext (no user data). 24-byte frame header at a frame
 *           offset: written with its checksum masked; the page number is remembered for the
 *           page write that follows at +24. A page write at a frame's data offset without that
 *           header write (SQLite overwrites a frame of the open transaction) reads the page
 *           number from the frame header on disk. A page-size read at a data offset reads the
 *           whole frame (one pread) and decrypts into the caller's buffer. A full-frame read
 *           (recovery, or the checksum rewrite of a transaction that overwrote frames) is
 *           opened in place and its checksum unmasked. Any other read inside one frame (e.g.
 *           the 8-byte checksum read by the checksum rewrite) is served from the whole frame.
 * -journal  4-byte write/read: a page number, or, right after a record page at the same
 *           offset, the record's (masked) checksum. Page-size write right after a 4-byte page
 *           number write: an encrypted record. Page-size read: decrypted with the page number
 *           of the preceding 4-byte read (or read from disk at offset-4). Header-shaped writes
 *           (magic or zeros, 20 bytes of integers, zeros to the end), the 12-byte magic+count
 *           update and all-zero writes pass in plaintext. Other reads pass unchanged: SQLite
 *           only reads header fields there. A super-journal name (multi-database commit) is
 *           refused.
 *
 * Authentication failures: SQLITE_IOERR_DATA, never zeros and never repaired; page 1 with
 * another key id at open: SQLITE_NOTADB. One exception, per the design: WAL recovery. A
 * full-frame read of a frame that this handle did not itself write in the current log
 * generation (same salts, offset within the range it wrote) is recovery; there a frame that
 * fails authentication (a torn write after a crash, or tampering) is handed to SQLite as a
 * random page with inverted salts, so SQLite's own frame check ends the log at that frame.
 * Full-frame reads of frames this handle wrote (SQLite recomputing the checksums of the
 * transaction it commits) are strict.
 *
 * Refused: temp databases, temp/sub/statement/super journals, transient databases, files
 * opened without a name (SQLITE_CANTOPEN); xFetch (always declines: no mmap);
 * SQLITE_FCNTL_POWERSAFE_OVERWRITE set to 0 and SQLITE_FCNTL_CHUNK_SIZE (SQLITE_ERROR);
 * SQLITE_FCNTL_MMAP_SIZE is clamped to 0. A main database whose underlying file lacks
 * SQLITE_IOCAP_POWERSAFE_OVERWRITE (URI psow=0) is refused at open, because SQLite would
 * then split WAL page writes at sector boundaries.
 *
 * Threads: SQLite uses one sqlite3_file from one thread at a time, so per-file state needs
 * no lock. The key table and the list of open main databases are guarded by one mutex.
 *
 * Limitations (by design or out of the threat model of CRYPTO.md):
 *  - Page size 4096 only. A database must be created with SQLITE_FCNTL_RESERVE_BYTES = 40
 *    set before its first write (PRAGMA journal_mode=WAL on a new database is a write).
 *  - Metadata is visible: file sizes, which pages change, WAL and journal headers (page
 *    size, salts, record counts, database size in pages), frame/record page numbers.
 *  - Rollback: an older authentic version of a page, a whole older file, or SQLite's
 *    crash-recovery metadata (a hot journal deleted or truncated, its record count or a
 *    record checksum altered, a WAL truncated or one of its frame checksums altered) can
 *    make SQLite roll back or stop a rollback part-way. Every page that is read still
 *    authenticates, but the database can be an older or partly rolled-back state. With WAL
 *    (hired's mode) a damaged frame ends the log at a commit boundary; a damaged hot
 *    rollback journal can leave a partly rolled-back transaction, as in plain SQLite.
 *  - Multi-database transactions (ATTACH + writes to both) need a super-journal: refused.
 *  - Shared-memory WAL mode (no locking_mode=EXCLUSIVE) works, but its -shm file holds a
 *    copy of the WAL header including the last frame's unmasked running checksum.
 *  - Page 1 is read and authenticated at open without a lock: a connection opening a file
 *    that another process is checkpointing at that instant may see SQLITE_NOTADB.
 *  - A torn write of page 1 of the database file (power loss during a checkpoint) makes the
 *    file unopenable (SQLITE_NOTADB), although its content is still in the WAL.
 */
#include "hirevfs.h"

#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------- */
/* Constants                                                                             */

enum {
    HV_PAGE = 4096,                          /* the only page size supported */
    HV_NONCE = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, /* 24 */
    HV_TAG = crypto_aead_xchacha20poly1305_ietf_ABYTES,      /* 16 */
    HV_RESERVE = HV_NONCE + HV_TAG,          /* 40: the reserve bytes per page */
    HV_DATA = HV_PAGE - HV_RESERVE,          /* the part SQLite uses: 4056 bytes */
    HV_HDR_CLEAR = 24,                       /* page 1: bytes [0,24) are not encrypted */
    HV_WAL_HDR = 32,                         /* WAL file header */
    HV_FRAME_HDR = 24,                       /* WAL frame header */
    HV_FRAME = HV_FRAME_HDR + HV_PAGE,       /* one WAL frame */
    HV_TAG_LEN = 8,                          /* "hirevfs1" */
    HV_AAD_MAX = HV_TAG_LEN + 1 + 4 + HV_HDR_CLEAR,
    HV_KEYBYTES = 32,
    HV_FORMAT_VERSION = 1,
};

static const unsigned char HV_FORMAT_TAG[HV_TAG_LEN] = {'h', 'i', 'r', 'e', 'v', 'f', 's', '1'};
static const unsigned char HV_MAGIC[8] = {'h', 'i', 'r', 'e', 'd', 'D', 'B', 0};
static const unsigned char SQLITE_MAGIC[16] = "SQLite format 3";   /* 15 chars + NUL */
static const unsigned char JOURNAL_MAGIC[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};
static const char HV_KDF_CONTEXT[crypto_kdf_CONTEXTBYTES] = {'h', 'i', 'r', 'e', 'd', 'p', 'g', '1'};
enum { HV_SUBKEY_PAGE = 1, HV_SUBKEY_MASK = 2 };

/* File kinds; also the kind byte of the associated data. */
enum { KIND_DB = 'D', KIND_WAL = 'W', KIND_JOURNAL = 'J' };

/* Results of opening (decrypting) a page. */
enum { OPEN_OK = 0, OPEN_AUTH = -1, OPEN_MAGIC = -2, OPEN_KEY_ID = -3 };

#ifdef HIREVFS_TRACE
#include <stdio.h>
#define HV_TRACE(...) fprintf(stderr, "hirevfs: " __VA_ARGS__)
#else
#define HV_TRACE(...) ((void)0)
#endif

/* ------------------------------------------------------------------------------------- */
/* Types                                                                                 */

/* Derived keys of one open file: sodium_malloc'd (guarded, mlocked), wiped by sodium_free. */
typedef struct hv_keys {
    unsigned char page[HV_KEYBYTES];  /* XChaCha20-Poly1305 page key */
    unsigned char mask[HV_KEYBYTES];  /* keyed-BLAKE2b key masking SQLite's checksums */
    uint32_t key_id;
} hv_keys;

/* One registered data key. */
typedef struct hv_key_entry {
    struct hv_key_entry *next;
    char *path;                 /* canonical path (as SQLite will pass it to xOpen) */
    char *raw_path;             /* the path as the caller gave it, for forget_key */
    unsigned char *data_key;    /* HV_KEYBYTES, sodium_malloc'd */
    uint32_t key_id;
} hv_key_entry;

/* Our sqlite3_file subclass; the underlying VFS's file follows it in the same allocation. */
typedef struct hv_file {
    sqlite3_file base;          /* must be first */
    sqlite3_file *sub;          /* the underlying file, at (hv_file *)this + 1 */
    int kind;                   /* KIND_DB, KIND_WAL or KIND_JOURNAL */
    const char *name;           /* main db: SQLite's filename pointer (see journal_keys) */
    hv_keys *keys;              /* this file's own copy */
    unsigned char *buf;         /* HV_FRAME bytes of scratch (may hold plaintext: wiped) */
    struct hv_file *next_db;    /* list of open main databases */

    /* WAL state */
    sqlite3_int64 wal_pend_off; /* data offset of the frame whose header was just written */
    uint32_t wal_pend_pgno;
    int wal_own;                /* frames [wal_lo, wal_hi] with salts wal_salt were written */
    sqlite3_int64 wal_lo, wal_hi; /* through this handle (see wal_written_here) */
    unsigned char wal_salt[8];

    /* journal state */
    int j_pgno_ok;              /* last 4-byte op was a page number ending at j_pgno_end */
    sqlite3_int64 j_pgno_end;
    uint32_t j_pgno;
    int j_rec_ok;               /* last record page op ended at j_rec_end, with j_rec_nonce */
    sqlite3_int64 j_rec_end;
    unsigned char j_rec_nonce[HV_NONCE];
} hv_file;

/* ------------------------------------------------------------------------------------- */
/* Globals                                                                               */

static pthread_mutex_t hv_mutex = PTHREAD_MUTEX_INITIALIZER;
static int hv_registered;             /* guarded by hv_mutex */
static sqlite3_vfs *hv_orig;          /* the wrapped VFS; set once, under hv_mutex */
static hv_key_entry *hv_key_table;    /* guarded by hv_mutex */
static hv_file *hv_open_dbs;          /* guarded by hv_mutex */
static _Thread_local int hv_last_error_tls;

#define ORIG(vfs) ((sqlite3_vfs *)(vfs)->pAppData)

/* ------------------------------------------------------------------------------------- */
/* Small helpers                                                                         */

static uint32_t get_be32(const unsigned char *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void put_be32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put_be64(unsigned char *p, uint64_t v) {
    put_be32(p, (uint32_t)(v >> 32));
    put_be32(p + 4, (uint32_t)v);
}

static int all_zero(const unsigned char *p, size_t n) {
    unsigned char acc = 0;
    for (size_t i = 0; i < n; i++) acc |= p[i];
    return acc == 0;
}

/* Reads exactly n bytes; a short read (past end of file) is an error here. */
static int sub_read_exact(sqlite3_file *sub, void *out, int n, sqlite3_int64 off) {
    int rc = sub->pMethods->xRead(sub, out, n, off);
    if (rc == SQLITE_IOERR_SHORT_READ) return SQLITE_IOERR_DATA;
    return rc;
}

/* ------------------------------------------------------------------------------------- */
/* Page sealing                                                                          */

/* Associated data: format tag, kind, page number, and for main-db page 1 the clear header. */
static size_t make_aad(unsigned char aad[HV_AAD_MAX], int kind, uint32_t pgno,
                       const unsigned char *clear_hdr) {
    size_t n = 0;
    memcpy(aad, HV_FORMAT_TAG, HV_TAG_LEN);
    n += HV_TAG_LEN;
    aad[n++] = (unsigned char)kind;
    put_be32(aad + n, pgno);
    n += 4;
    if (clear_hdr != NULL) {
        memcpy(aad + n, clear_hdr, HV_HDR_CLEAR);
        n += HV_HDR_CLEAR;
    }
    return n;
}

/* Seals one plaintext page `in` into `out` (HV_PAGE bytes each, distinct buffers).
 * For main-db page 1 the header is checked first: 4096-byte pages and 40 reserve bytes, so
 * that SQLite really leaves us the room we write the nonce and tag into.
 * Returns SQLITE_OK or SQLITE_IOERR_WRITE. On success, the nonce is at out + HV_DATA. */
static int seal_page(const hv_keys *k, int kind, uint32_t pgno, const unsigned char *in,
                     unsigned char *out) {
    unsigned char aad[HV_AAD_MAX];
    unsigned char *nonce = out + HV_DATA;
    unsigned char *tag = out + HV_DATA + HV_NONCE;
    const unsigned char *clear = NULL;
    size_t off = 0;

    if (pgno == 0) return SQLITE_IOERR_WRITE;
    if (kind == KIND_DB && pgno == 1) {
        if (memcmp(in, SQLITE_MAGIC, 16) != 0 || in[16] != (HV_PAGE >> 8) || in[17] != 0 ||
            in[20] != HV_RESERVE) {
            HV_TRACE("refusing page 1: page size %u, reserve %u\n", (in[16] << 8) | in[17], in[20]);
            return SQLITE_IOERR_WRITE;
        }
        memcpy(out, HV_MAGIC, 8);
        out[8] = HV_FORMAT_VERSION;
        out[9] = out[10] = out[11] = 0;
        put_be32(out + 12, k->key_id);
        memcpy(out + 16, in + 16, 8);
        clear = out;
        off = HV_HDR_CLEAR;
    }
    randombytes_buf(nonce, HV_NONCE);
    size_t aad_len = make_aad(aad, kind, pgno, clear);
    if (crypto_aead_xchacha20poly1305_ietf_encrypt_detached(out + off, tag, NULL, in + off,
                                                            HV_DATA - off, aad, aad_len, NULL,
                                                            nonce, k->page) != 0) {
        sodium_memzero(out, HV_PAGE);
        return SQLITE_IOERR_WRITE;
    }
    return SQLITE_OK;
}

/* Checks the clear header of an on-disk main-db page 1. */
static int check_page1_header(const hv_keys *k, const unsigned char *p) {
    if (memcmp(p, HV_MAGIC, 8) != 0 || p[8] != HV_FORMAT_VERSION || p[9] || p[10] || p[11])
        return OPEN_MAGIC;
    if (get_be32(p + 12) != k->key_id) return OPEN_KEY_ID;
    return OPEN_OK;
}

/* Opens a sealed page. `in` is the on-disk page; the plaintext goes to `out` (which may be
 * `in`: in place). On success out[HV_DATA, HV_PAGE) is zeroed and main-db page 1 gets the
 * standard SQLite magic back. On failure `out` is zeroed (never half-decrypted data). */
static int open_page(const hv_keys *k, int kind, uint32_t pgno, const unsigned char *in,
                     unsigned char *out) {
    unsigned char aad[HV_AAD_MAX];
    unsigned char nonce[HV_NONCE], tag[HV_TAG], clear[HV_HDR_CLEAR];
    const unsigned char *clear_p = NULL;
    size_t off = 0, aad_len;
    int rc = OPEN_OK;

    if (pgno == 0) {
        rc = OPEN_AUTH;
        goto fail;
    }
    /* Copy what lives in the reserve area and the clear header before `out` (== `in`
     * possibly) is written to. */
    memcpy(nonce, in + HV_DATA, HV_NONCE);
    memcpy(tag, in + HV_DATA + HV_NONCE, HV_TAG);
    if (kind == KIND_DB && pgno == 1) {
        rc = check_page1_header(k, in);
        if (rc != OPEN_OK) goto fail;
        memcpy(clear, in, HV_HDR_CLEAR);
        clear_p = clear;
        off = HV_HDR_CLEAR;
    }
    aad_len = make_aad(aad, kind, pgno, clear_p);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached(out + off, NULL, in + off,
                                                            HV_DATA - off, tag, aad, aad_len,
                                                            nonce, k->page) != 0) {
        rc = OPEN_AUTH;
        goto fail;
    }
    if (clear_p != NULL) {
        memcpy(out, SQLITE_MAGIC, 16);
        memcpy(out + 16, clear + 16, HV_HDR_CLEAR - 16);
    }
    memset(out + HV_DATA, 0, HV_RESERVE);
    return OPEN_OK;
fail:
    memset(out, 0, HV_PAGE);
    return rc;
}

/* Keyed-BLAKE2b mask of SQLite's plaintext checksums; `n` <= 16 bytes. */
static int checksum_mask(const hv_keys *k, const unsigned char *msg, size_t msg_len,
                         unsigned char *mask, size_t n) {
    unsigned char h[crypto_generichash_BYTES_MIN];
    if (crypto_generichash(h, sizeof h, msg, msg_len, k->mask, sizeof k->mask) != 0) return -1;
    memcpy(mask, h, n);
    sodium_memzero(h, sizeof h);
    return 0;
}

/* XORs the mask into the 8 checksum bytes of a WAL frame header at `frame_off`. The mask
 * depends on the frame's salts (bytes 8..15, a new pair each time the log restarts) and
 * its offset. XOR is its own inverse: the same call masks and unmasks. */
static int wal_mask_checksum(const hv_keys *k, unsigned char hdr[HV_FRAME_HDR],
                             sqlite3_int64 frame_off) {
    unsigned char msg[1 + 8 + 8], mask[8];
    msg[0] = 'W';
    memcpy(msg + 1, hdr + 8, 8);
    put_be64(msg + 9, (uint64_t)frame_off);
    if (checksum_mask(k, msg, sizeof msg, mask, sizeof mask) != 0) return -1;
    for (int i = 0; i < 8; i++) hdr[16 + i] ^= mask[i];
    return 0;
}

/* XORs the mask into a journal record checksum; the mask depends on the record's nonce. */
static int journal_mask_checksum(const hv_keys *k, const unsigned char nonce[HV_NONCE],
                                 unsigned char cksum[4]) {
    unsigned char msg[1 + HV_NONCE], mask[4];
    msg[0] = 'J';
    memcpy(msg + 1, nonce, HV_NONCE);
    if (checksum_mask(k, msg, sizeof msg, mask, sizeof mask) != 0) return -1;
    for (int i = 0; i < 4; i++) cksum[i] ^= mask[i];
    return 0;
}

/* ------------------------------------------------------------------------------------- */
/* Keys                                                                                  */

static hv_keys *keys_derive(const unsigned char data_key[HV_KEYBYTES], uint32_t key_id) {
    hv_keys *k = sodium_malloc(sizeof *k);
    if (k == NULL) return NULL;
    if (crypto_kdf_derive_from_key(k->page, sizeof k->page, HV_SUBKEY_PAGE, HV_KDF_CONTEXT,
                                   data_key) != 0 ||
        crypto_kdf_derive_from_key(k->mask, sizeof k->mask, HV_SUBKEY_MASK, HV_KDF_CONTEXT,
                                   data_key) != 0) {
        sodium_free(k);
        return NULL;
    }
    k->key_id = key_id;
    return k;
}

static hv_keys *keys_copy(const hv_keys *src) {
    hv_keys *k = sodium_malloc(sizeof *k);
    if (k != NULL) memcpy(k, src, sizeof *k);
    return k;
}

/* Canonical form of a path, as SQLite will pass it to xOpen. Caller frees. */
static char *canonical_path(const char *path) {
    pthread_mutex_lock(&hv_mutex);
    sqlite3_vfs *vfs = hv_orig;
    pthread_mutex_unlock(&hv_mutex);
    if (vfs == NULL) vfs = sqlite3_vfs_find(NULL); /* not registered yet: the default */
    if (vfs == NULL) return NULL;
    char *out = malloc((size_t)vfs->mxPathname + 1);
    if (out == NULL) return NULL;
    int rc = vfs->xFullPathname(vfs, path, vfs->mxPathname + 1, out);
    if ((rc & 0xff) != SQLITE_OK) { /* SQLITE_OK_SYMLINK is fine */
        free(out);
        return NULL;
    }
    return out;
}

static char *copy_string(const char *s) {
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c != NULL) memcpy(c, s, n);
    return c;
}

static void key_entry_free(hv_key_entry *e) {
    if (e == NULL) return;
    sodium_free(e->data_key); /* wipes */
    free(e->path);
    free(e->raw_path);
    free(e);
}

/* With hv_mutex held: the entry for canonical path `path`, or NULL. */
static hv_key_entry *key_find_locked(const char *path) {
    for (hv_key_entry *e = hv_key_table; e != NULL; e = e->next)
        if (strcmp(e->path, path) == 0) return e;
    return NULL;
}

/* Derived keys for the main database `db_path` (canonical), or NULL if none registered. */
static hv_keys *keys_for_path(const char *db_path) {
    hv_keys *k = NULL;
    pthread_mutex_lock(&hv_mutex);
    hv_key_entry *e = key_find_locked(db_path);
    if (e != NULL) k = keys_derive(e->data_key, e->key_id);
    pthread_mutex_unlock(&hv_mutex);
    return k;
}

/* Keys of a -wal / -journal file. SQLite allocates a database's journal and WAL names in
 * the same block as the main name, and sqlite3_filename_database() returns the very
 * pointer the main database was opened with, so the open connection's own keys are found
 * even after the path's key was forgotten. Falls back to the key table (suffix stripped). */
static hv_keys *journal_keys(const char *name, const char *suffix) {
    const char *db_name = sqlite3_filename_database(name);
    hv_keys *k = NULL;
    int found = 0;

    pthread_mutex_lock(&hv_mutex);
    for (hv_file *f = hv_open_dbs; f != NULL; f = f->next_db) {
        if (f->name == db_name) {
            k = keys_copy(f->keys);
            found = 1;
            break;
        }
    }
    pthread_mutex_unlock(&hv_mutex);
    if (found) return k;

    size_t n = strlen(name), s = strlen(suffix);
    if (n <= s || strcmp(name + n - s, suffix) != 0) return NULL;
    char *path = malloc(n - s + 1);
    if (path == NULL) return NULL;
    memcpy(path, name, n - s);
    path[n - s] = 0;
    k = keys_for_path(path);
    free(path);
    return k;
}

/* ------------------------------------------------------------------------------------- */
/* Main database I/O                                                                     */

static int db_read(hv_file *f, unsigned char *out, int amt, sqlite3_int64 off) {
    sqlite3_int64 page_off = off - off % HV_PAGE;
    if (off + amt > page_off + HV_PAGE) return SQLITE_IOERR_READ; /* spans pages */
    uint32_t pgno = (uint32_t)(page_off / HV_PAGE) + 1;
    unsigned char *page = amt == HV_PAGE ? out : f->buf;

    int rc = f->sub->pMethods->xRead(f->sub, page, HV_PAGE, page_off);
    if (rc == SQLITE_IOERR_SHORT_READ) {
        /* Past the end of the file: hand SQLite the zeros it expects. A page that exists
         * only in part cannot be authenticated: corrupt. */
        sqlite3_int64 size = 0;
        int rc2 = f->sub->pMethods->xFileSize(f->sub, &size);
        memset(out, 0, (size_t)amt);
        if (page != out) sodium_memzero(page, HV_PAGE);
        if (rc2 != SQLITE_OK) return rc2;
        return size <= page_off ? SQLITE_IOERR_SHORT_READ : SQLITE_IOERR_DATA;
    }
    if (rc != SQLITE_OK) return rc;
    if (open_page(f->keys, KIND_DB, pgno, page, page) != OPEN_OK) {
        HV_TRACE("db page %u failed authentication\n", pgno);
        memset(out, 0, (size_t)amt);
        return SQLITE_IOERR_DATA;
    }
    if (page != out) {
        memcpy(out, page + (off - page_off), (size_t)amt);
        sodium_memzero(page, HV_PAGE);
    }
    return SQLITE_OK;
}

static int db_write(hv_file *f, const unsigned char *in, int amt, sqlite3_int64 off) {
    if (amt != HV_PAGE || off % HV_PAGE != 0) {
        HV_TRACE("refusing db write of %d bytes at %lld\n", amt, (long long)off);
        return SQLITE_IOERR_WRITE;
    }
    uint32_t pgno = (uint32_t)(off / HV_PAGE) + 1;
    int rc = seal_page(f->keys, KIND_DB, pgno, in, f->buf);
    if (rc != SQLITE_OK) return rc;
    return f->sub->pMethods->xWrite(f->sub, f->buf, HV_PAGE, off);
}

/* ------------------------------------------------------------------------------------- */
/* WAL I/O                                                                               */

/* Records that the frame at `frame_off`, whose header is `hdr`, is written through this
 * handle. A new salt pair means SQLite restarted the log: the range starts again. */
static void wal_note_written(hv_file *f, const unsigned char *hdr, sqlite3_int64 frame_off) {
    if (!f->wal_own || memcmp(f->wal_salt, hdr + 8, 8) != 0) {
        memcpy(f->wal_salt, hdr + 8, 8);
        f->wal_lo = f->wal_hi = frame_off;
        f->wal_own = 1;
    } else {
        if (frame_off < f->wal_lo) f->wal_lo = frame_off;
        if (frame_off > f->wal_hi) f->wal_hi = frame_off;
    }
}

/* Whether a frame read back (header `hdr`) is one this handle wrote in the current log
 * generation: then it cannot be a torn write left by a crash, and a failed authentication
 * is an error even for a full-frame read (SQLite re-reads the frames of the transaction it
 * is committing to recompute their checksums). Any other full-frame read is recovery. */
static int wal_written_here(const hv_file *f, const unsigned char *hdr, sqlite3_int64 frame_off) {
    return f->wal_own && memcmp(f->wal_salt, hdr + 8, 8) == 0 && frame_off >= f->wal_lo &&
           frame_off <= f->wal_hi;
}

/* Seals one frame: `hdr` (24 bytes, as SQLite wrote it) and the page `page` into
 * `out` (HV_FRAME bytes). */
static int wal_seal_frame(hv_file *f, const unsigned char *hdr, const unsigned char *page,
                          sqlite3_int64 frame_off, unsigned char *out) {
    if (!all_zero(page + HV_DATA, HV_RESERVE)) {
        /* SQLite checksummed bytes that the nonce and tag will replace: recovery would
         * fail on this frame. Never expected; refuse rather than lose a commit. */
        HV_TRACE("refusing WAL frame: reserve bytes not zero\n");
        return SQLITE_IOERR_WRITE;
    }
    memcpy(out, hdr, HV_FRAME_HDR);
    if (wal_mask_checksum(f->keys, out, frame_off) != 0) return SQLITE_IOERR_WRITE;
    return seal_page(f->keys, KIND_WAL, get_be32(hdr), page, out + HV_FRAME_HDR);
}

static int wal_write(hv_file *f, const unsigned char *in, int amt, sqlite3_int64 off) {
    sqlite3_file *sub = f->sub;
    int rc;

    if (off == 0 && amt == HV_WAL_HDR) {
        /* WAL header: magic, format, page size, checkpoint sequence, salts, checksum. */
        uint32_t magic = get_be32(in);
        if ((magic & 0xFFFFFFFEu) != 0x377f0682u || get_be32(in + 8) != HV_PAGE)
            return SQLITE_IOERR_WRITE;
        f->wal_pend_off = -1;
        return sub->pMethods->xWrite(sub, in, amt, off);
    }
    if (off < HV_WAL_HDR) return SQLITE_IOERR_WRITE;
    sqlite3_int64 rel = (off - HV_WAL_HDR) % HV_FRAME;
    sqlite3_int64 frame_off = off - rel;

    if (rel == 0 && amt == HV_FRAME_HDR) {
        /* Frame header; the page follows at off + 24 (or this is a checksum rewrite). */
        unsigned char hdr[HV_FRAME_HDR];
        uint32_t pgno = get_be32(in);
        if (pgno == 0) return SQLITE_IOERR_WRITE;
        memcpy(hdr, in, sizeof hdr);
        if (wal_mask_checksum(f->keys, hdr, frame_off) != 0) return SQLITE_IOERR_WRITE;
        rc = sub->pMethods->xWrite(sub, hdr, HV_FRAME_HDR, off);
        if (rc != SQLITE_OK) return rc;
        wal_note_written(f, in, frame_off);
        f->wal_pend_off = off + HV_FRAME_HDR;
        f->wal_pend_pgno = pgno;
        return SQLITE_OK;
    }
    if (rel == 0 && amt == HV_FRAME) {
        /* A whole frame at once (not used by SQLite 3.40, accepted all the same). */
        if (get_be32(in) == 0) return SQLITE_IOERR_WRITE;
        f->wal_pend_off = -1;
        rc = wal_seal_frame(f, in, in + HV_FRAME_HDR, frame_off, f->buf);
        if (rc == SQLITE_OK) rc = sub->pMethods->xWrite(sub, f->buf, HV_FRAME, off);
        if (rc == SQLITE_OK) wal_note_written(f, in, frame_off);
        return rc;
    }
    if (rel == HV_FRAME_HDR && amt == HV_PAGE) {
        /* A frame's page: after its header, or an overwrite within the open transaction
         * (then the page number comes from the frame header on disk). */
        uint32_t pgno;
        if (f->wal_pend_off == off) {
            pgno = f->wal_pend_pgno;
        } else {
            unsigned char hdr[HV_FRAME_HDR];
            rc = sub_read_exact(sub, hdr, HV_FRAME_HDR, frame_off);
            if (rc != SQLITE_OK) return SQLITE_IOERR_WRITE;
            pgno = get_be32(hdr);
        }
        f->wal_pend_off = -1;
        if (!all_zero(in + HV_DATA, HV_RESERVE)) {
            HV_TRACE("refusing WAL page: reserve bytes not zero\n");
            return SQLITE_IOERR_WRITE;
        }
        rc = seal_page(f->keys, KIND_WAL, pgno, in, f->buf);
        if (rc == SQLITE_OK) rc = sub->pMethods->xWrite(sub, f->buf, HV_PAGE, off);
        return rc;
    }
    HV_TRACE("refusing WAL write of %d bytes at %lld\n", amt, (long long)off);
    return SQLITE_IOERR_WRITE;
}

/* Opens a whole frame in place: unmasks the checksum and decrypts the page. If `lenient`
 * (WAL recovery), a frame that fails authentication becomes a random page with inverted
 * salts, which SQLite's own frame check rejects for certain: the log ends there. */
static int wal_open_frame(hv_file *f, unsigned char *frame, sqlite3_int64 frame_off,
                          int lenient) {
    if (wal_mask_checksum(f->keys, frame, frame_off) != 0) return SQLITE_IOERR_READ;
    uint32_t pgno = get_be32(frame);
    if (open_page(f->keys, KIND_WAL, pgno, frame + HV_FRAME_HDR, frame + HV_FRAME_HDR) ==
        OPEN_OK)
        return SQLITE_OK;
    HV_TRACE("WAL frame at %lld (page %u) failed authentication%s\n", (long long)frame_off,
             pgno, lenient ? " during recovery: end of log" : "");
    if (!lenient) {
        memset(frame, 0, HV_FRAME);
        return SQLITE_IOERR_DATA;
    }
    randombytes_buf(frame + HV_FRAME_HDR, HV_PAGE);
    for (int i = 8; i < 16; i++) frame[i] ^= 0xFF;
    return SQLITE_OK;
}

static int wal_read(hv_file *f, unsigned char *out, int amt, sqlite3_int64 off) {
    sqlite3_file *sub = f->sub;
    int rc;

    if (off + amt <= HV_WAL_HDR) return sub->pMethods->xRead(sub, out, amt, off);
    if (off < HV_WAL_HDR) return SQLITE_IOERR_READ;
    sqlite3_int64 rel = (off - HV_WAL_HDR) % HV_FRAME;
    sqlite3_int64 frame_off = off - rel;
    if (rel + amt > HV_FRAME) return SQLITE_IOERR_READ; /* spans frames */

    if (rel == 0 && amt == HV_FRAME) {
        /* Full frame: WAL recovery, or the checksum rewrite of the open transaction. */
        rc = sub->pMethods->xRead(sub, out, amt, off);
        if (rc != SQLITE_OK) return rc; /* a short read is zero-filled by the sub VFS */
        return wal_open_frame(f, out, frame_off, !wal_written_here(f, out, frame_off));
    }
    if (rel == HV_FRAME_HDR && amt == HV_PAGE) {
        /* A page: read the whole frame (one call) for its page number, open into `out`. */
        rc = sub->pMethods->xRead(sub, f->buf, HV_FRAME, frame_off);
        if (rc != SQLITE_OK) {
            memset(out, 0, (size_t)amt);
            return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_IOERR_DATA : rc;
        }
        if (open_page(f->keys, KIND_WAL, get_be32(f->buf), f->buf + HV_FRAME_HDR, out) !=
            OPEN_OK) {
            HV_TRACE("WAL page at %lld failed authentication\n", (long long)off);
            return SQLITE_IOERR_DATA;
        }
        return SQLITE_OK;
    }
    /* Anything else inside one frame, e.g. the 8-byte checksum at +16. */
    int hdr_only = rel + amt <= HV_FRAME_HDR;
    rc = sub->pMethods->xRead(sub, f->buf, hdr_only ? HV_FRAME_HDR : HV_FRAME, frame_off);
    if (rc != SQLITE_OK) {
        memset(out, 0, (size_t)amt);
        return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_IOERR_DATA : rc;
    }
    if (hdr_only) {
        if (wal_mask_checksum(f->keys, f->buf, frame_off) != 0) return SQLITE_IOERR_READ;
    } else {
        rc = wal_open_frame(f, f->buf, frame_off, 0);
        if (rc != SQLITE_OK) {
            memset(out, 0, (size_t)amt);
            return rc;
        }
    }
    memcpy(out, f->buf + rel, (size_t)amt);
    sodium_memzero(f->buf, HV_FRAME);
    return SQLITE_OK;
}

/* ------------------------------------------------------------------------------------- */
/* Rollback journal I/O                                                                  */

static void journal_reset(hv_file *f) {
    f->j_pgno_ok = 0;
    f->j_rec_ok = 0;
}

/* Header-shaped: [magic or 8 zeros][20 bytes of integers][zeros...], or the 12-byte
 * magic + record count update, or all zeros. None of these carries page content. */
static int journal_header_shaped(const unsigned char *p, int amt) {
    if (all_zero(p, (size_t)amt)) return 1;
    if (amt < 8) return 0;
    int magic = memcmp(p, JOURNAL_MAGIC, 8) == 0;
    if (amt == 12) return magic;
    if (amt < 28) return 0;
    return (magic || all_zero(p, 8)) && all_zero(p + 28, (size_t)amt - 28);
}

static int journal_write(hv_file *f, const unsigned char *in, int amt, sqlite3_int64 off) {
    sqlite3_file *sub = f->sub;
    int rc;

    if (amt == 4) {
        if (f->j_rec_ok && f->j_rec_end == off) {
            /* The checksum that closes the record just written: masked. */
            unsigned char ck[4];
            memcpy(ck, in, 4);
            f->j_rec_ok = 0;
            if (journal_mask_checksum(f->keys, f->j_rec_nonce, ck) != 0)
                return SQLITE_IOERR_WRITE;
            return sub->pMethods->xWrite(sub, ck, 4, off);
        }
        /* A record's page number (plaintext metadata). */
        journal_reset(f);
        rc = sub->pMethods->xWrite(sub, in, 4, off);
        if (rc != SQLITE_OK) return rc;
        f->j_pgno_ok = 1;
        f->j_pgno_end = off + 4;
        f->j_pgno = get_be32(in);
        return SQLITE_OK;
    }
    if (amt == HV_PAGE && f->j_pgno_ok && f->j_pgno_end == off) {
        /* A record's page. */
        uint32_t pgno = f->j_pgno;
        journal_reset(f);
        rc = seal_page(f->keys, KIND_JOURNAL, pgno, in, f->buf);
        if (rc != SQLITE_OK) return rc;
        rc = sub->pMethods->xWrite(sub, f->buf, HV_PAGE, off);
        if (rc != SQLITE_OK) return rc;
        memcpy(f->j_rec_nonce, f->buf + HV_DATA, HV_NONCE);
        f->j_rec_end = off + HV_PAGE;
        f->j_rec_ok = 1;
        return SQLITE_OK;
    }
    journal_reset(f);
    if (journal_header_shaped(in, amt)) return sub->pMethods->xWrite(sub, in, amt, off);
    HV_TRACE("refusing journal write of %d bytes at %lld\n", amt, (long long)off);
    return SQLITE_IOERR_WRITE;
}

static int journal_read(hv_file *f, unsigned char *out, int amt, sqlite3_int64 off) {
    sqlite3_file *sub = f->sub;
    int rc;

    if (amt == HV_PAGE) {
        /* A record's page; its number was read just before (or is read now). */
        uint32_t pgno;
        if (f->j_pgno_ok && f->j_pgno_end == off) {
            pgno = f->j_pgno;
        } else {
            unsigned char b[4];
            if (off < 4) return SQLITE_IOERR_READ;
            rc = sub_read_exact(sub, b, 4, off - 4);
            if (rc != SQLITE_OK) return rc;
            pgno = get_be32(b);
        }
        journal_reset(f);
        rc = sub->pMethods->xRead(sub, out, amt, off);
        if (rc != SQLITE_OK) {
            /* SHORT_READ (a truncated journal) ends SQLite's playback: pass it through, but
             * with zeros rather than the unauthenticated part of a record. */
            memset(out, 0, (size_t)amt);
            return rc;
        }
        unsigned char nonce[HV_NONCE];
        memcpy(nonce, out + HV_DATA, HV_NONCE);
        if (open_page(f->keys, KIND_JOURNAL, pgno, out, out) != OPEN_OK) {
            HV_TRACE("journal record page %u at %lld failed authentication\n", pgno,
                     (long long)off);
            return SQLITE_IOERR_DATA;
        }
        memcpy(f->j_rec_nonce, nonce, HV_NONCE);
        f->j_rec_end = off + HV_PAGE;
        f->j_rec_ok = 1;
        return SQLITE_OK;
    }
    rc = sub->pMethods->xRead(sub, out, amt, off);
    if (amt == 4 && rc == SQLITE_OK) {
        if (f->j_rec_ok && f->j_rec_end == off) {
            f->j_rec_ok = 0;
            if (journal_mask_checksum(f->keys, f->j_rec_nonce, out) != 0) return SQLITE_IOERR_READ;
        } else {
            journal_reset(f);
            f->j_pgno_ok = 1;
            f->j_pgno_end = off + 4;
            f->j_pgno = get_be32(out);
        }
        return SQLITE_OK;
    }
    /* Header fields, the hot-journal probe, super-journal probes: metadata, unchanged. */
    journal_reset(f);
    return rc;
}

/* ------------------------------------------------------------------------------------- */
/* sqlite3_io_methods                                                                    */

static int hv_close(sqlite3_file *file) {
    hv_file *f = (hv_file *)file;
    if (f->kind == KIND_DB) {
        pthread_mutex_lock(&hv_mutex);
        for (hv_file **pp = &hv_open_dbs; *pp != NULL; pp = &(*pp)->next_db) {
            if (*pp == f) {
                *pp = f->next_db;
                break;
            }
        }
        pthread_mutex_unlock(&hv_mutex);
    }
    if (f->buf != NULL) {
        sodium_memzero(f->buf, HV_FRAME);
        sqlite3_free(f->buf);
        f->buf = NULL;
    }
    sodium_free(f->keys);
    f->keys = NULL;
    int rc = f->sub->pMethods != NULL ? f->sub->pMethods->xClose(f->sub) : SQLITE_OK;
    file->pMethods = NULL;
    return rc;
}

static int hv_read(sqlite3_file *file, void *out, int amt, sqlite3_int64 off) {
    hv_file *f = (hv_file *)file;
    if (amt <= 0 || off < 0) return SQLITE_IOERR_READ;
    switch (f->kind) {
    case KIND_DB: return db_read(f, out, amt, off);
    case KIND_WAL: return wal_read(f, out, amt, off);
    case KIND_JOURNAL: return journal_read(f, out, amt, off);
    default: return SQLITE_IOERR_READ;
    }
}

static int hv_write(sqlite3_file *file, const void *in, int amt, sqlite3_int64 off) {
    hv_file *f = (hv_file *)file;
    if (amt <= 0 || off < 0) return SQLITE_IOERR_WRITE;
    switch (f->kind) {
    case KIND_DB: return db_write(f, in, amt, off);
    case KIND_WAL: return wal_write(f, in, amt, off);
    case KIND_JOURNAL: return journal_write(f, in, amt, off);
    default: return SQLITE_IOERR_WRITE;
    }
}

static int hv_truncate(sqlite3_file *file, sqlite3_int64 size) {
    hv_file *f = (hv_file *)file;
    journal_reset(f);
    f->wal_pend_off = -1;
    f->wal_own = 0;
    return f->sub->pMethods->xTruncate(f->sub, size);
}

static int hv_sync(sqlite3_file *file, int flags) {
    hv_file *f = (hv_file *)file;
    return f->sub->pMethods->xSync(f->sub, flags);
}

static int hv_file_size(sqlite3_file *file, sqlite3_int64 *size) {
    hv_file *f = (hv_file *)file;
    return f->sub->pMethods->xFileSize(f->sub, size);
}

static int hv_lock(sqlite3_file *file, int lock) {
    hv_file *f = (hv_file *)file;
    return f->sub->pMethods->xLock(f->sub, lock);
}

static int hv_unlock(sqlite3_file *file, int lock) {
    hv_file *f = (hv_file *)file;
    return f->sub->pMethods->xUnlock(f->sub, lock);
}

static int hv_check_reserved_lock(sqlite3_file *file, int *out) {
    hv_file *f = (hv_file *)file;
    return f->sub->pMethods->xCheckReservedLock(f->sub, out);
}

static int hv_file_control(sqlite3_file *file, int op, void *arg) {
    hv_file *f = (hv_file *)file;
    sqlite3_file *sub = f->sub;
    switch (op) {
    case SQLITE_FCNTL_POWERSAFE_OVERWRITE:
        /* Without PSOW SQLite pads WAL commits to sector boundaries and splits a page
         * write in two: refuse to turn it off (queries, *arg < 0, pass). */
        if (*(int *)arg == 0) return SQLITE_ERROR;
        break;
    case SQLITE_FCNTL_CHUNK_SIZE:
        /* Growing files in chunks leaves never-written zero pages inside the file,
         * which cannot be told apart from a wiped page. */
        return SQLITE_ERROR;
    case SQLITE_FCNTL_MMAP_SIZE: {
        /* No memory mapping (xFetch declines anyway): ask the sub VFS for 0. */
        sqlite3_int64 want = *(sqlite3_int64 *)arg;
        if (want > 0) *(sqlite3_int64 *)arg = 0;
        break;
    }
    case SQLITE_FCNTL_VFSNAME: {
        int rc = sub->pMethods->xFileControl(sub, op, arg);
        if (rc == SQLITE_OK) {
            char *inner = *(char **)arg;
            *(char **)arg = sqlite3_mprintf("hirevfs/%z", inner);
        }
        return rc;
    }
    default: break;
    }
    return sub->pMethods->xFileControl(sub, op, arg);
}

static int hv_sector_size(sqlite3_file *file) {
    hv_file *f = (hv_file *)file;
    return f->sub->pMethods->xSectorSize(f->sub);
}

/* Atomic-write capabilities are hidden so that SQLite always journals the conventional
 * way (the shapes above). Everything else, notably POWERSAFE_OVERWRITE, passes. */
static int hv_device_characteristics(sqlite3_file *file) {
    hv_file *f = (hv_file *)file;
    int dc = f->sub->pMethods->xDeviceCharacteristics(f->sub);
    dc &= ~(SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_ATOMIC512 | SQLITE_IOCAP_ATOMIC1K |
            SQLITE_IOCAP_ATOMIC2K | SQLITE_IOCAP_ATOMIC4K | SQLITE_IOCAP_ATOMIC8K |
            SQLITE_IOCAP_ATOMIC16K | SQLITE_IOCAP_ATOMIC32K | SQLITE_IOCAP_ATOMIC64K |
            SQLITE_IOCAP_BATCH_ATOMIC);
    return dc;
}

/* Shared memory holds the wal-index (page and frame numbers, no page content): passed
 * through. With locking_mode=EXCLUSIVE SQLite does not use it at all. */
static int hv_shm_map(sqlite3_file *file, int pg, int pgsz, int extend, void volatile **pp) {
    hv_file *f = (hv_file *)file;
    if (f->sub->pMethods->iVersion < 2 || f->sub->pMethods->xShmMap == NULL) return SQLITE_IOERR;
    return f->sub->pMethods->xShmMap(f->sub, pg, pgsz, extend, pp);
}

static int hv_shm_lock(sqlite3_file *file, int offset, int n, int flags) {
    hv_file *f = (hv_file *)file;
    if (f->sub->pMethods->iVersion < 2 || f->sub->pMethods->xShmLock == NULL) return SQLITE_IOERR;
    return f->sub->pMethods->xShmLock(f->sub, offset, n, flags);
}

static void hv_shm_barrier(sqlite3_file *file) {
    hv_file *f = (hv_file *)file;
    if (f->sub->pMethods->iVersion >= 2 && f->sub->pMethods->xShmBarrier != NULL)
        f->sub->pMethods->xShmBarrier(f->sub);
}

static int hv_shm_unmap(sqlite3_file *file, int delete_flag) {
    hv_file *f = (hv_file *)file;
    if (f->sub->pMethods->iVersion < 2 || f->sub->pMethods->xShmUnmap == NULL) return SQLITE_OK;
    return f->sub->pMethods->xShmUnmap(f->sub, delete_flag);
}

/* No memory-mapped I/O: SQLite must read every page through xRead. */
static int hv_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **pp) {
    (void)file;
    (void)off;
    (void)amt;
    *pp = NULL;
    return SQLITE_OK;
}

static int hv_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p) {
    (void)file;
    (void)off;
    (void)p;
    return SQLITE_OK;
}

static const sqlite3_io_methods hv_io_methods = {
    3,
    hv_close,
    hv_read,
    hv_write,
    hv_truncate,
    hv_sync,
    hv_file_size,
    hv_lock,
    hv_unlock,
    hv_check_reserved_lock,
    hv_file_control,
    hv_sector_size,
    hv_device_characteristics,
    hv_shm_map,
    hv_shm_lock,
    hv_shm_barrier,
    hv_shm_unmap,
    hv_fetch,
    hv_unfetch,
};

/* ------------------------------------------------------------------------------------- */
/* sqlite3_vfs                                                                           */

/* At open of an existing main database: checks page 1 (magic, version, key id, tag). */
static int db_check_page1(hv_file *f) {
    sqlite3_int64 size = 0;
    int rc = f->sub->pMethods->xFileSize(f->sub, &size);
    if (rc != SQLITE_OK) return rc;
    if (size == 0) return SQLITE_OK; /* new database */
    if (size < HV_PAGE) {
        hv_last_error_tls = HIREVFS_ERR_AUTH;
        return SQLITE_NOTADB;
    }
    rc = sub_read_exact(f->sub, f->buf, HV_PAGE, 0);
    if (rc != SQLITE_OK) return rc;
    int r = open_page(f->keys, KIND_DB, 1, f->buf, f->buf);
    sodium_memzero(f->buf, HV_PAGE);
    switch (r) {
    case OPEN_OK: return SQLITE_OK;
    case OPEN_KEY_ID: hv_last_error_tls = HIREVFS_ERR_KEY_ID; return SQLITE_NOTADB;
    default: hv_last_error_tls = HIREVFS_ERR_AUTH; return SQLITE_NOTADB;
    }
}

static int hv_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags,
                   int *out_flags) {
    hv_file *f = (hv_file *)file;
    sqlite3_vfs *orig = ORIG(vfs);
    int kind, rc;

    memset(f, 0, sizeof *f);
    f->sub = (sqlite3_file *)&f[1];
    f->wal_pend_off = -1;

    /* Only a named main database, its WAL and its rollback journal. */
    if (name == NULL) return SQLITE_CANTOPEN;
    if (flags & SQLITE_OPEN_MAIN_DB)
        kind = KIND_DB;
    else if (flags & SQLITE_OPEN_WAL)
        kind = KIND_WAL;
    else if (flags & SQLITE_OPEN_MAIN_JOURNAL)
        kind = KIND_JOURNAL;
    else {
        HV_TRACE("refusing to open %s (flags 0x%x)\n", name, flags);
        return SQLITE_CANTOPEN;
    }
    if (flags & (SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TRANSIENT_DB | SQLITE_OPEN_TEMP_JOURNAL |
                 SQLITE_OPEN_SUBJOURNAL | SQLITE_OPEN_SUPER_JOURNAL | SQLITE_OPEN_DELETEONCLOSE))
        return SQLITE_CANTOPEN;

    if (kind == KIND_DB) {
        hv_last_error_tls = HIREVFS_ERR_NONE;
        f->keys = keys_for_path(name);
        if (f->keys == NULL) {
            hv_last_error_tls = HIREVFS_ERR_NO_KEY;
            return SQLITE_CANTOPEN;
        }
    } else {
        f->keys = journal_keys(name, kind == KIND_WAL ? "-wal" : "-journal");
        if (f->keys == NULL) return SQLITE_CANTOPEN;
    }
    f->kind = kind;
    f->buf = sqlite3_malloc(HV_FRAME);
    if (f->buf == NULL) {
        rc = SQLITE_NOMEM;
        goto fail;
    }
    rc = orig->xOpen(orig, name, f->sub, flags, out_flags);
    if (rc != SQLITE_OK) {
        /* SQLite's rule: a file whose pMethods is set must be closed, even after an error. */
        if (f->sub->pMethods != NULL) f->sub->pMethods->xClose(f->sub);
        goto fail;
    }

    if (kind == KIND_DB) {
        if (!(f->sub->pMethods->xDeviceCharacteristics(f->sub) & SQLITE_IOCAP_POWERSAFE_OVERWRITE))
            rc = SQLITE_CANTOPEN;
        else
            rc = db_check_page1(f);
        if (rc != SQLITE_OK) {
            f->sub->pMethods->xClose(f->sub);
            goto fail;
        }
        f->name = name;
        pthread_mutex_lock(&hv_mutex);
        f->next_db = hv_open_dbs;
        hv_open_dbs = f;
        pthread_mutex_unlock(&hv_mutex);
    }
    file->pMethods = &hv_io_methods;
    return SQLITE_OK;

fail:
    sqlite3_free(f->buf);
    f->buf = NULL;
    sodium_free(f->keys);
    f->keys = NULL;
    file->pMethods = NULL;
    return rc;
}

static int hv_delete(sqlite3_vfs *vfs, const char *name, int sync_dir) {
    return ORIG(vfs)->xDelete(ORIG(vfs), name, sync_dir);
}

static int hv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out) {
    return ORIG(vfs)->xAccess(ORIG(vfs), name, flags, out);
}

static int hv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out) {
    return ORIG(vfs)->xFullPathname(ORIG(vfs), name, n, out);
}

static void *hv_dl_open(sqlite3_vfs *vfs, const char *path) {
    return ORIG(vfs)->xDlOpen(ORIG(vfs), path);
}

static void hv_dl_error(sqlite3_vfs *vfs, int n, char *msg) {
    ORIG(vfs)->xDlError(ORIG(vfs), n, msg);
}

static void (*hv_dl_sym(sqlite3_vfs *vfs, void *h, const char *sym))(void) {
    return ORIG(vfs)->xDlSym(ORIG(vfs), h, sym);
}

static void hv_dl_close(sqlite3_vfs *vfs, void *h) {
    ORIG(vfs)->xDlClose(ORIG(vfs), h);
}

static int hv_randomness(sqlite3_vfs *vfs, int n, char *out) {
    return ORIG(vfs)->xRandomness(ORIG(vfs), n, out);
}

static int hv_sleep(sqlite3_vfs *vfs, int us) {
    return ORIG(vfs)->xSleep(ORIG(vfs), us);
}

static int hv_current_time(sqlite3_vfs *vfs, double *out) {
    return ORIG(vfs)->xCurrentTime(ORIG(vfs), out);
}

static int hv_get_last_error(sqlite3_vfs *vfs, int n, char *out) {
    return ORIG(vfs)->xGetLastError(ORIG(vfs), n, out);
}

static int hv_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out) {
    return ORIG(vfs)->xCurrentTimeInt64(ORIG(vfs), out);
}

static int hv_set_system_call(sqlite3_vfs *vfs, const char *name, sqlite3_syscall_ptr p) {
    return ORIG(vfs)->xSetSystemCall(ORIG(vfs), name, p);
}

static sqlite3_syscall_ptr hv_get_system_call(sqlite3_vfs *vfs, const char *name) {
    return ORIG(vfs)->xGetSystemCall(ORIG(vfs), name);
}

static const char *hv_next_system_call(sqlite3_vfs *vfs, const char *name) {
    return ORIG(vfs)->xNextSystemCall(ORIG(vfs), name);
}

static sqlite3_vfs hv_vfs = {
    .zName = "hirevfs",
    .xOpen = hv_open,
    .xDelete = hv_delete,
    .xAccess = hv_access,
    .xFullPathname = hv_full_pathname,
    .xDlOpen = hv_dl_open,
    .xDlError = hv_dl_error,
    .xDlSym = hv_dl_sym,
    .xDlClose = hv_dl_close,
    .xRandomness = hv_randomness,
    .xSleep = hv_sleep,
    .xCurrentTime = hv_current_time,
    .xGetLastError = hv_get_last_error,
    .xCurrentTimeInt64 = hv_current_time_int64,
    .xSetSystemCall = hv_set_system_call,
    .xGetSystemCall = hv_get_system_call,
    .xNextSystemCall = hv_next_system_call,
};

/* ------------------------------------------------------------------------------------- */
/* Public API                                                                            */

int hirevfs_register(void) {
    int rc = SQLITE_OK;
    if (sodium_init() < 0) return SQLITE_ERROR;
    pthread_mutex_lock(&hv_mutex);
    if (!hv_registered) {
        /* Before SQLite initialises (sqlite3_vfs_find below does that): no memory-usage
         * statistics. Debian's SQLite is built without lookaside, so every small allocation
         * is a malloc, and with statistics on each one takes and releases a global mutex
         * (10% of a bulk import's database thread). Nothing in hired reads those statistics
         * (sqlite3_memory_used, soft heap limit). A no-op (SQLITE_MISUSE) if SQLite is
         * already initialised. */
        (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        sqlite3_vfs *orig = sqlite3_vfs_find(NULL);
        if (orig == NULL || strcmp(orig->zName, hv_vfs.zName) == 0) {
            rc = SQLITE_ERROR;
        } else {
            hv_orig = orig;
            hv_vfs.iVersion = orig->iVersion < 3 ? orig->iVersion : 3;
            hv_vfs.szOsFile = (int)sizeof(hv_file) + orig->szOsFile;
            hv_vfs.mxPathname = orig->mxPathname;
            hv_vfs.pAppData = orig;
            rc = sqlite3_vfs_register(&hv_vfs, 1);
            if (rc == SQLITE_OK) hv_registered = 1;
        }
    }
    pthread_mutex_unlock(&hv_mutex);
    return rc;
}

int hirevfs_set_key(const char *path, const uint8_t key[32], uint32_t key_id) {
    if (path == NULL || key == NULL || path[0] == 0) return SQLITE_MISUSE;
    if (sodium_init() < 0) return SQLITE_ERROR;

    hv_key_entry *e = calloc(1, sizeof *e);
    if (e == NULL) return SQLITE_NOMEM;
    e->raw_path = copy_string(path);
    e->data_key = sodium_malloc(HV_KEYBYTES);
    if (e->raw_path == NULL || e->data_key == NULL) {
        key_entry_free(e);
        return SQLITE_NOMEM;
    }
    e->path = canonical_path(path);
    if (e->path == NULL) { /* the path cannot be resolved the way SQLite would */
        key_entry_free(e);
        return SQLITE_CANTOPEN;
    }
    memcpy(e->data_key, key, HV_KEYBYTES);
    e->key_id = key_id;

    pthread_mutex_lock(&hv_mutex);
    hv_key_entry *old = NULL;
    for (hv_key_entry **pp = &hv_key_table; *pp != NULL; pp = &(*pp)->next) {
        if (strcmp((*pp)->path, e->path) == 0) {
            old = *pp;
            *pp = old->next;
            break;
        }
    }
    e->next = hv_key_table;
    hv_key_table = e;
    pthread_mutex_unlock(&hv_mutex);
    key_entry_free(old);
    return SQLITE_OK;
}

int hirevfs_forget_key(const char *path) {
    if (path == NULL) return SQLITE_MISUSE;
    char *canon = canonical_path(path);
    hv_key_entry *gone = NULL;

    pthread_mutex_lock(&hv_mutex);
    for (hv_key_entry **pp = &hv_key_table; *pp != NULL;) {
        hv_key_entry *e = *pp;
        if ((canon != NULL && strcmp(e->path, canon) == 0) || strcmp(e->raw_path, path) == 0) {
            *pp = e->next;
            e->next = gone;
            gone = e;
        } else {
            pp = &e->next;
        }
    }
    pthread_mutex_unlock(&hv_mutex);
    free(canon);
    while (gone != NULL) {
        hv_key_entry *next = gone->next;
        key_entry_free(gone);
        gone = next;
    }
    return SQLITE_OK;
}

void hirevfs_forget_all(void) {
    pthread_mutex_lock(&hv_mutex);
    hv_key_entry *all = hv_key_table;
    hv_key_table = NULL;
    pthread_mutex_unlock(&hv_mutex);
    while (all != NULL) {
        hv_key_entry *next = all->next;
        key_entry_free(all);
        all = next;
    }
}

int hirevfs_last_error(void) {
    return hv_last_error_tls;
}
