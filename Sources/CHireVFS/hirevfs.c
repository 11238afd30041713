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
 *   associated data = "hirevfs1" || kind || be32(page number) || binding
 *     kind: 'D' main database, 'W' WAL frame, 'J' rollback-journal record, so a page can
 *     move neither to another page number nor to another file kind;
 *     binding: main-db page 1: its on-disk bytes 0..23; a WAL frame: be64(frame offset) ||
 *     frame header bytes 4..23 (commit size, salts, SQLite's checksum, unmasked), so a frame
 *     can neither move in the log nor have any header byte changed; otherwise nothing.
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
 *           offset: held until the page write at +24 follows, then header (checksum masked)
 *           and sealed page are written with one call (a new header never lands in front of
 *           an old page; a kill -9 can still stop a write part-way at a page-cache page
 *           boundary: see the marker below). After the sync that acknowledges a commit, a
 *           24-byte marker (page number 0, the commit frame's number, salts, keyed MAC) is
 *           written right after the commit frame. A header written alone (SQLite's checksum rewrite after a
 *           transaction overwrote frames) is flushed at the next operation on the file: the
 *           frame's page is opened under its old header and sealed again under the new one.
 *           A page write at a frame's data offset without a header (SQLite overwrites a frame
 *           of the open transaction) is sealed under the frame header on disk. Reads inside
 *           one frame read the whole frame (one pread) and authenticate it.
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
 * another key id at open: SQLITE_NOTADB. What failed is kept, naming the file, for
 * hirevfs_damage(). WAL recovery is strict too (SQLite would otherwise take a bad frame for
 * the end of the log and drop every commit after it):
 *  - a header SQLite would reject (magic, version, page size, its checksum) while an
 *    authentic frame follows it: damage (SQLite would ignore the whole log);
 *  - a frame whose salts are the header's (the current generation) that fails
 *    authentication: damage if committed history follows it (an authentic commit frame, or
 *    a marker acknowledging a commit at or after it); otherwise it is in the tail after the
 *    last acknowledged commit, where a crash may have torn it, and ends the log;
 *  - a frame with other salts: returned opened if it authenticates as it is (an older
 *    generation, or a frame whose salts SQLite zeroed until its checksum rewrite), and
 *    SQLite's salt check ends the log there; if not, damage when it authenticates with the
 *    header's salts put back (its salts were altered), else a frame of no generation.
 * Rollback journal: the shim writes a keyed MAC of each header's 28 bytes of fields (and its
 * offset) into header bytes 28..44 (wiped when SQLite zeroes the header). The hot-journal
 * probe (1 byte at 0) and every 8-byte magic read check the header there: authentic, or no
 * header at all (zeros, or bytes whose MAC does not match even with the magic put back);
 * anything else is damage. The checksum of each record that an authentic header counts
 * (records synced before the count was written) is checked: a wrong one is damage, where
 * SQLite would take it for a torn write and stop the rollback half done.
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
 *  - Rollback: an older authentic version of a page or of a whole file, a WAL or journal cut
 *    short at a frame or record boundary, or a deleted hot journal, looks like a crash
 *    before those writes and is not detected: SQLite recovers an older state. Single bytes
 *    changed anywhere SQLite's recovery reads are detected (above).
 *  - Damage to the last acknowledged transaction is found through its marker; if the marker
 *    is gone too (a power loss, or an attacker), it cannot be told from a torn tail and the
 *    log ends before it, as in SQLite.
 *  - Multi-database transactions (ATTACH + writes to both) need a super-journal: refused.
 *  - Shared-memory WAL mode (no locking_mode=EXCLUSIVE) works, but its -shm file holds a
 *    copy of the WAL header including the last frame's unmasked running checksum.
 *  - Page 1 is read and authenticated at open without a lock: a connection opening a file
 *    that another process is checkpointing at that instant may see SQLITE_NOTADB.
 *  - A torn write of page 1 of the database file (power loss during a checkpoint) makes the
 *    file unopenable (SQLITE_NOTADB), although its content is still in the WAL.
 */
#define _GNU_SOURCE /* sync_file_range */
#include "hirevfs.h"

#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------------------------- */
/* Constants                                                                             */

enum {
    HV_PAGE = 4096,                          /* the only page size supported */
    HV_WRITEBACK = 8 << 20,                  /* bytes of database pages between writeback starts */
    HV_NONCE = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, /* 24 */
    HV_TAG = crypto_aead_xchacha20poly1305_ietf_ABYTES,      /* 16 */
    HV_RESERVE = HV_NONCE + HV_TAG,          /* 40: the reserve bytes per page */
    HV_DATA = HV_PAGE - HV_RESERVE,          /* the part SQLite uses: 4056 bytes */
    HV_HDR_CLEAR = 24,                       /* page 1: bytes [0,24) are not encrypted */
    HV_WAL_HDR = 32,                         /* WAL file header */
    HV_FRAME_HDR = 24,                       /* WAL frame header */
    HV_FRAME = HV_FRAME_HDR + HV_PAGE,       /* one WAL frame */
    HV_TAG_LEN = 8,                          /* "hirevfs1" */
    HV_WAL_BIND = 8 + HV_FRAME_HDR - 4,      /* WAL AAD extra: be64(frame offset), header 4..24 */
    HV_AAD_MAX = HV_TAG_LEN + 1 + 4 + HV_WAL_BIND,
    HV_KEYBYTES = 32,
    HV_FORMAT_VERSION = 1,
    HV_DAMAGE_MAX = 240,
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
    char damage[HV_DAMAGE_MAX]; /* the last damage found in this database's files, or "" */
} hv_key_entry;

/* Our sqlite3_file subclass; the underlying VFS's file follows it in the same allocation. */
typedef struct hv_file {
    sqlite3_file base;          /* must be first */
    sqlite3_file *sub;          /* the underlying file, at (hv_file *)this + 1 */
    int kind;                   /* KIND_DB, KIND_WAL or KIND_JOURNAL */
    const char *name;           /* SQLite's filename pointer (see journal_keys, note_damage) */
    hv_keys *keys;              /* this file's own copy */
    unsigned char *buf;         /* 2 * HV_FRAME bytes of scratch (may hold plaintext: wiped) */
    struct hv_file *next_db;    /* list of open main databases */

    /* WAL state */
    sqlite3_int64 wal_pend_off; /* frame offset of a header held until its page (-1: none) */
    unsigned char wal_pend_hdr[HV_FRAME_HDR]; /* that header, as SQLite wrote it (unmasked) */
    int wal_hdr_ok;             /* wal_hdr holds the WAL header last read or written */
    unsigned char wal_hdr[HV_WAL_HDR];
    sqlite3_int64 wal_commit_off; /* the last frame written is this commit frame (-1: not) */

    /* journal state */
    int j_pgno_ok;              /* last 4-byte op was a page number ending at j_pgno_end */
    sqlite3_int64 j_pgno_end;
    uint32_t j_pgno;
    int j_rec_ok;               /* last record page op ended at j_rec_end, with j_rec_nonce */
    sqlite3_int64 j_rec_end;
    unsigned char j_rec_nonce[HV_NONCE];
    uint32_t j_rec_sum;         /* sampled-byte sum of the record page just read */
    int j_rec_counted;          /* that record is one the authentic header j_hdr_* counts */
    int j_hdr_ok;               /* the header at j_hdr_off was read and is authentic */
    sqlite3_int64 j_hdr_off;
    uint32_t j_hdr_nrec, j_hdr_cksum, j_hdr_size;

    /* main database: a descriptor of its own (-1: none), to start the writeback of the pages
     * written so far every HV_WRITEBACK bytes; closed only after SQLite's own, so that closing
     * it never drops a lock SQLite holds */
    int wb_fd;
    sqlite3_int64 wb_pending;
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

/* Associated data: format tag, kind, page number, then `bind` (main-db page 1: its clear
 * header; a WAL frame: its offset and frame header, see wal_bind). */
static size_t make_aad(unsigned char aad[HV_AAD_MAX], int kind, uint32_t pgno,
                       const unsigned char *bind, size_t bind_len) {
    size_t n = 0;
    memcpy(aad, HV_FORMAT_TAG, HV_TAG_LEN);
    n += HV_TAG_LEN;
    aad[n++] = (unsigned char)kind;
    put_be32(aad + n, pgno);
    n += 4;
    if (bind != NULL) {
        memcpy(aad + n, bind, bind_len);
        n += bind_len;
    }
    return n;
}

/* Seals one plaintext page `in` into `out` (HV_PAGE bytes each, distinct buffers).
 * For main-db page 1 the header is checked first: 4096-byte pages and 40 reserve bytes, so
 * that SQLite really leaves us the room we write the nonce and tag into.
 * Returns SQLITE_OK or SQLITE_IOERR_WRITE. On success, the nonce is at out + HV_DATA. */
static int seal_page(const hv_keys *k, int kind, uint32_t pgno, const unsigned char *bind,
                     const unsigned char *in, unsigned char *out) {
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
    size_t aad_len = clear != NULL ? make_aad(aad, kind, pgno, clear, HV_HDR_CLEAR)
                                   : make_aad(aad, kind, pgno, bind, bind ? HV_WAL_BIND : 0);
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
static int open_page(const hv_keys *k, int kind, uint32_t pgno, const unsigned char *bind,
                     const unsigned char *in, unsigned char *out) {
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
    aad_len = clear_p != NULL ? make_aad(aad, kind, pgno, clear_p, HV_HDR_CLEAR)
                              : make_aad(aad, kind, pgno, bind, bind ? HV_WAL_BIND : 0);
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

/* Records, for hirevfs_damage(), what failed authentication in one of the files of the
 * database that `f` belongs to (the message names the file). */
static void note_damage(const hv_file *f, const char *fmt, ...) {
    char msg[HV_DAMAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (f->name == NULL) return;
    const char *db = f->kind == KIND_DB ? f->name : sqlite3_filename_database(f->name);
    const char *base = strrchr(f->name, '/');
    pthread_mutex_lock(&hv_mutex);
    hv_key_entry *e = db != NULL ? key_find_locked(db) : NULL;
    if (e != NULL) snprintf(e->damage, sizeof e->damage, "%.60s: %.170s", base != NULL ? base + 1 : f->name, msg);
    pthread_mutex_unlock(&hv_mutex);
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
    if (open_page(f->keys, KIND_DB, pgno, NULL, page, page) != OPEN_OK) {
        HV_TRACE("db page %u failed authentication\n", pgno);
        note_damage(f, "page %u failed authentication", pgno);
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
    int rc = seal_page(f->keys, KIND_DB, pgno, NULL, in, f->buf);
    if (rc != SQLITE_OK) return rc;
    rc = f->sub->pMethods->xWrite(f->sub, f->buf, HV_PAGE, off);
#ifdef __linux__
    /* A large transaction (an import writes hundreds of megabytes) has the kernel start writing
     * its pages out as it goes, so that the commit's fsync finds most of them on disk already
     * instead of writing them all then. Only a start: nothing waits, and durability is still
     * the fsync's. */
    if (rc == SQLITE_OK && f->wb_fd >= 0 && (f->wb_pending += HV_PAGE) >= HV_WRITEBACK) {
        f->wb_pending = 0;
        (void)sync_file_range(f->wb_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    }
#endif
    return rc;
}

/* ------------------------------------------------------------------------------------- */
/* WAL I/O                                                                               */

/* The part of a WAL frame's associated data after its page number: the frame's offset and
 * bytes 4..24 of its header (commit size, salts, SQLite's running checksum, unmasked). A
 * frame can therefore move neither to another place in the log nor to another generation,
 * and no byte of its header can change without its page failing authentication. */
static void wal_bind(unsigned char out[HV_WAL_BIND], const unsigned char hdr[HV_FRAME_HDR],
                     sqlite3_int64 frame_off) {
    put_be64(out, (uint64_t)frame_off);
    memcpy(out + 8, hdr + 4, HV_FRAME_HDR - 4);
}

/* SQLite's WAL checksum (wal.c walChecksumBytes) of `n` bytes (a multiple of 8), words read
 * big-endian if the header magic's low bit is set, else little-endian. */
static void wal_checksum(int big_endian, const unsigned char *p, size_t n, uint32_t s[2]) {
    for (size_t i = 0; i < n; i += 8) {
        uint32_t w0, w1;
        if (big_endian) {
            w0 = get_be32(p + i);
            w1 = get_be32(p + i + 4);
        } else {
            w0 = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 | (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 24;
            w1 = (uint32_t)p[i + 4] | (uint32_t)p[i + 5] << 8 | (uint32_t)p[i + 6] << 16 |
                 (uint32_t)p[i + 7] << 24;
        }
        s[0] += w0 + s[1];
        s[1] += w1 + s[0];
    }
}

/* Whether a WAL header is one SQLite accepts: magic, format version 3007000, 4096-byte
 * pages, and its own checksum. */
static int wal_header_valid(const unsigned char h[HV_WAL_HDR]) {
    uint32_t magic = get_be32(h);
    if ((magic & 0xFFFFFFFEu) != 0x377f0682u || get_be32(h + 4) != 3007000u || get_be32(h + 8) != HV_PAGE)
        return 0;
    uint32_t s[2] = {0, 0};
    wal_checksum((int)(magic & 1), h, 24, s);
    return s[0] == get_be32(h + 24) && s[1] == get_be32(h + 28);
}

/* Opens the on-disk frame `frame` (HV_FRAME bytes, at `frame_off`) in place as it stands:
 * unmasks its checksum and decrypts its page with its own header as associated data.
 * Returns OPEN_OK, or OPEN_AUTH with the page zeroed. */
static int wal_open_frame(const hv_file *f, unsigned char *frame, sqlite3_int64 frame_off) {
    unsigned char bind[HV_WAL_BIND];
    if (wal_mask_checksum(f->keys, frame, frame_off) != 0) return OPEN_AUTH;
    wal_bind(bind, frame, frame_off);
    return open_page(f->keys, KIND_WAL, get_be32(frame), bind, frame + HV_FRAME_HDR,
                     frame + HV_FRAME_HDR);
}

/* Whether the raw on-disk frame `raw` (not modified) authenticates as it is. */
static int wal_frame_authentic(const hv_file *f, const unsigned char *raw, sqlite3_int64 frame_off,
                               unsigned char *scratch) {
    memcpy(scratch, raw, HV_FRAME);
    int ok = wal_open_frame(f, scratch, frame_off) == OPEN_OK;
    sodium_memzero(scratch, HV_FRAME);
    return ok;
}

/* The WAL header as on disk: cached from the last read or write at offset 0, else read. */
static int wal_header(hv_file *f, unsigned char out[HV_WAL_HDR]) {
    if (!f->wal_hdr_ok) {
        int rc = sub_read_exact(f->sub, f->wal_hdr, HV_WAL_HDR, 0);
        if (rc != SQLITE_OK) return rc;
        f->wal_hdr_ok = 1;
    }
    memcpy(out, f->wal_hdr, HV_WAL_HDR);
    return SQLITE_OK;
}

/* Seals frame header `hdr` (as SQLite wrote it) and plaintext `page` into `out`
 * (HV_FRAME bytes): masked header, then the sealed page. */
static int wal_seal_frame(hv_file *f, const unsigned char *hdr, const unsigned char *page,
                          sqlite3_int64 frame_off, unsigned char *out) {
    unsigned char bind[HV_WAL_BIND];
    if (get_be32(hdr) == 0) return SQLITE_IOERR_WRITE;
    if (!all_zero(page + HV_DATA, HV_RESERVE)) {
        /* SQLite checksummed bytes that the nonce and tag will replace: recovery would
         * fail on this frame. Never expected; refuse rather than lose a commit. */
        HV_TRACE("refusing WAL frame: reserve bytes not zero\n");
        return SQLITE_IOERR_WRITE;
    }
    wal_bind(bind, hdr, frame_off);
    memcpy(out, hdr, HV_FRAME_HDR);
    if (wal_mask_checksum(f->keys, out, frame_off) != 0) return SQLITE_IOERR_WRITE;
    return seal_page(f->keys, KIND_WAL, get_be32(hdr), bind, page, out + HV_FRAME_HDR);
}

/* The acknowledgment marker. After the sync that makes a commit durable, the shim writes a
 * 24-byte frame header right after the commit frame: page number 0 (SQLite ends the log at
 * it), the commit frame's number, the header's salts and a keyed MAC. It says "the log up to
 * this frame was acknowledged": a frame before it that fails authentication is damage,
 * whereas a frame after the last acknowledged commit may be torn by a crash (a kill -9 can
 * stop a write that spans page-cache pages part-way) and then ends the log, as in SQLite.
 * The next frame written overwrites the marker. */
static int wal_marker_mac(const hv_keys *k, const unsigned char salts[8], uint32_t commit_no,
                          sqlite3_int64 off, unsigned char mac[8]) {
    unsigned char msg[2 + 8 + 4 + 8], h[crypto_generichash_BYTES_MIN];
    msg[0] = 'W';
    msg[1] = 'M';
    memcpy(msg + 2, salts, 8);
    put_be32(msg + 10, commit_no);
    put_be64(msg + 14, (uint64_t)off);
    if (crypto_generichash(h, sizeof h, msg, sizeof msg, k->mask, sizeof k->mask) != 0) return -1;
    memcpy(mac, h, 8);
    return 0;
}

/* The commit frame number a valid marker `hdr` at `off` acknowledges, or 0. */
static uint32_t wal_marker(const hv_file *f, const unsigned char hdr[HV_FRAME_HDR], sqlite3_int64 off,
                           const unsigned char whdr[HV_WAL_HDR]) {
    unsigned char mac[8];
    uint32_t n = get_be32(hdr + 4);
    if (get_be32(hdr) != 0 || n == 0 || memcmp(hdr + 8, whdr + 16, 8) != 0) return 0;
    if (wal_marker_mac(f->keys, hdr + 8, n, off, mac) != 0 || sodium_memcmp(mac, hdr + 16, 8) != 0) return 0;
    return n;
}

static uint32_t wal_frame_no(sqlite3_int64 frame_off) {
    return (uint32_t)((frame_off - HV_WAL_HDR) / HV_FRAME) + 1;
}

/* Writes the marker after the commit frame at `commit_off` (best effort: without it, a
 * damaged last transaction is taken for a torn one). */
static void wal_write_marker(hv_file *f, sqlite3_int64 commit_off) {
    unsigned char m[HV_FRAME_HDR], whdr[HV_WAL_HDR];
    sqlite3_int64 off = commit_off + HV_FRAME;
    if (wal_header(f, whdr) != SQLITE_OK) return;
    memset(m, 0, sizeof m);
    put_be32(m + 4, wal_frame_no(commit_off));
    memcpy(m + 8, whdr + 16, 8);
    if (wal_marker_mac(f->keys, m + 8, wal_frame_no(commit_off), off, m + 16) != 0) return;
    (void)f->sub->pMethods->xWrite(f->sub, m, HV_FRAME_HDR, off);
}

/* Notes the frame just written with header `hdr` at `frame_off`: a commit frame of the
 * current generation (real salts) is acknowledged by a marker at the next sync. */
static void wal_note_written(hv_file *f, const unsigned char hdr[HV_FRAME_HDR], sqlite3_int64 frame_off) {
    f->wal_commit_off = get_be32(hdr + 4) != 0 && !all_zero(hdr + 8, 8) ? frame_off : -1;
}

/* Whether committed history follows the frame at `frame_off` (which failed authentication):
 * an authentic commit frame of the current generation after it, or a marker acknowledging
 * a commit at or after it. If so the frame is damage; if not, it is in the tail after the
 * last acknowledged commit, where a crash may have torn it. */
static int wal_committed_after(hv_file *f, sqlite3_int64 frame_off, const unsigned char whdr[HV_WAL_HDR]) {
    unsigned char hdr[HV_FRAME_HDR];
    unsigned char *frame = f->buf + HV_FRAME;
    uint32_t bad = wal_frame_no(frame_off);
    for (sqlite3_int64 off = frame_off + HV_FRAME;; off += HV_FRAME) {
        if (sub_read_exact(f->sub, hdr, HV_FRAME_HDR, off) != SQLITE_OK) return 0;
        if (memcmp(hdr + 8, whdr + 16, 8) != 0) continue; /* zero or other salts: not of the log */
        if (get_be32(hdr) == 0) {
            uint32_t n = wal_marker(f, hdr, off, whdr);
            if (n >= bad) return 1;
            continue;
        }
        if (get_be32(hdr + 4) == 0) continue;
        if (sub_read_exact(f->sub, frame, HV_FRAME, off) != SQLITE_OK) return 0;
        int authentic = wal_open_frame(f, frame, off) == OPEN_OK;
        sodium_memzero(frame, HV_FRAME);
        if (authentic) return 1;
    }
}

/* Writes a frame header that SQLite wrote without a page (its checksum rewrite, after a
 * transaction overwrote frames already in the log): the frame's page is on disk, sealed
 * under the frame's old header; it is opened and sealed again under the new one, and the
 * whole frame is written with one call. */
static int wal_flush_header(hv_file *f) {
    if (f->wal_pend_off < 0) return SQLITE_OK;
    sqlite3_int64 frame_off = f->wal_pend_off;
    unsigned char *disk = f->buf, *out = f->buf + HV_FRAME;
    f->wal_pend_off = -1;
    int rc = sub_read_exact(f->sub, disk, HV_FRAME, frame_off);
    if (rc == SQLITE_OK && (wal_open_frame(f, disk, frame_off) != OPEN_OK ||
                            get_be32(disk) != get_be32(f->wal_pend_hdr))) {
        HV_TRACE("refusing WAL header rewrite at %lld: no authentic frame there\n", (long long)frame_off);
        rc = SQLITE_IOERR_WRITE;
    }
    if (rc == SQLITE_OK) rc = wal_seal_frame(f, f->wal_pend_hdr, disk + HV_FRAME_HDR, frame_off, out);
    if (rc == SQLITE_OK) rc = f->sub->pMethods->xWrite(f->sub, out, HV_FRAME, frame_off);
    if (rc == SQLITE_OK) wal_note_written(f, f->wal_pend_hdr, frame_off);
    sodium_memzero(f->buf, 2 * HV_FRAME);
    return rc == SQLITE_IOERR_DATA ? SQLITE_IOERR_WRITE : rc;
}

static int wal_write(hv_file *f, const unsigned char *in, int amt, sqlite3_int64 off) {
    sqlite3_file *sub = f->sub;
    int rc;

    if (off >= HV_WAL_HDR && (off - HV_WAL_HDR) % HV_FRAME == HV_FRAME_HDR && amt == HV_PAGE &&
        f->wal_pend_off == off - HV_FRAME_HDR) {
        /* The page of the frame whose header was just written: one write for both, so a
         * crash cannot leave a new header in front of an old page. */
        sqlite3_int64 frame_off = f->wal_pend_off;
        f->wal_pend_off = -1;
        rc = wal_seal_frame(f, f->wal_pend_hdr, in, frame_off, f->buf);
        if (rc == SQLITE_OK) rc = sub->pMethods->xWrite(sub, f->buf, HV_FRAME, frame_off);
        if (rc == SQLITE_OK) wal_note_written(f, f->wal_pend_hdr, frame_off);
        return rc;
    }
    rc = wal_flush_header(f);
    if (rc != SQLITE_OK) return rc;

    if (off == 0 && amt == HV_WAL_HDR) {
        /* WAL header: magic, format, page size, checkpoint sequence, salts, checksum. */
        uint32_t magic = get_be32(in);
        if ((magic & 0xFFFFFFFEu) != 0x377f0682u || get_be32(in + 8) != HV_PAGE)
            return SQLITE_IOERR_WRITE;
        rc = sub->pMethods->xWrite(sub, in, amt, off);
        f->wal_commit_off = -1;
        f->wal_hdr_ok = rc == SQLITE_OK;
        if (rc == SQLITE_OK) memcpy(f->wal_hdr, in, HV_WAL_HDR);
        return rc;
    }
    if (off < HV_WAL_HDR) return SQLITE_IOERR_WRITE;
    sqlite3_int64 rel = (off - HV_WAL_HDR) % HV_FRAME;
    sqlite3_int64 frame_off = off - rel;

    if (rel == 0 && amt == HV_FRAME_HDR) {
        /* Frame header: held until its page arrives (or another operation flushes it). */
        if (get_be32(in) == 0) return SQLITE_IOERR_WRITE;
        memcpy(f->wal_pend_hdr, in, HV_FRAME_HDR);
        f->wal_pend_off = frame_off;
        return SQLITE_OK;
    }
    if (rel == 0 && amt == HV_FRAME) {
        /* A whole frame at once (not used by SQLite 3.40, accepted all the same). */
        rc = wal_seal_frame(f, in, in + HV_FRAME_HDR, frame_off, f->buf);
        if (rc == SQLITE_OK) rc = sub->pMethods->xWrite(sub, f->buf, HV_FRAME, off);
        if (rc == SQLITE_OK) wal_note_written(f, in, frame_off);
        return rc;
    }
    if (rel == HV_FRAME_HDR && amt == HV_PAGE) {
        /* An overwrite of a frame's page within the open transaction: sealed under the frame
         * header on disk (SQLite rewrites that header's checksum before it commits). */
        unsigned char hdr[HV_FRAME_HDR], bind[HV_WAL_BIND];
        rc = sub_read_exact(sub, hdr, HV_FRAME_HDR, frame_off);
        if (rc != SQLITE_OK || wal_mask_checksum(f->keys, hdr, frame_off) != 0) return SQLITE_IOERR_WRITE;
        if (!all_zero(in + HV_DATA, HV_RESERVE)) {
            HV_TRACE("refusing WAL page: reserve bytes not zero\n");
            return SQLITE_IOERR_WRITE;
        }
        wal_bind(bind, hdr, frame_off);
        f->wal_commit_off = -1;
        rc = seal_page(f->keys, KIND_WAL, get_be32(hdr), bind, in, f->buf);
        if (rc == SQLITE_OK) rc = sub->pMethods->xWrite(sub, f->buf, HV_PAGE, off);
        return rc;
    }
    HV_TRACE("refusing WAL write of %d bytes at %lld\n", amt, (long long)off);
    return SQLITE_IOERR_WRITE;
}

/* Reads the WAL header for SQLite. A header SQLite would reject makes it ignore the whole
 * log: if an authentic frame follows, committed transactions would vanish, so that is
 * damage (SQLITE_IOERR_DATA), never an empty log. */
static int wal_read_header(hv_file *f, unsigned char *out) {
    int rc = f->sub->pMethods->xRead(f->sub, out, HV_WAL_HDR, 0);
    if (rc != SQLITE_OK) return rc;
    if (wal_header_valid(out)) {
        memcpy(f->wal_hdr, out, HV_WAL_HDR);
        f->wal_hdr_ok = 1;
        return SQLITE_OK;
    }
    f->wal_hdr_ok = 0;
    rc = sub_read_exact(f->sub, f->buf, HV_FRAME, HV_WAL_HDR);
    if (rc == SQLITE_IOERR_DATA) return SQLITE_OK; /* no whole frame: nothing to lose */
    if (rc != SQLITE_OK) return rc;
    int authentic = wal_frame_authentic(f, f->buf, HV_WAL_HDR, f->buf + HV_FRAME);
    sodium_memzero(f->buf, HV_FRAME);
    if (!authentic) return SQLITE_OK;
    note_damage(f, "the log header is damaged (its checksum does not match) while the log holds frames");
    memset(out, 0, HV_WAL_HDR);
    return SQLITE_IOERR_DATA;
}

/* A full-frame read (WAL recovery, or SQLite's checksum rewrite): the frame opened in place.
 * A frame of the current generation (its salts are the header's) must authenticate: a
 * crash never leaves a torn frame (a frame is written with one call), so a failure is
 * damage, SQLITE_IOERR_DATA. A frame with other salts (left over from an earlier
 * generation, or one whose salts SQLite zeroed until its checksum rewrite) is returned
 * opened if it authenticates as it is; SQLite's salt check ends the log there in
 * recovery. If it does not, it is damage when it authenticates with the header's salts
 * (its salt bytes were altered), and otherwise handed over as is, with a zero page. */
static int wal_read_frame(hv_file *f, unsigned char *frame, sqlite3_int64 frame_off) {
    unsigned char whdr[HV_WAL_HDR];
    int rc = f->sub->pMethods->xRead(f->sub, frame, HV_FRAME, frame_off);
    if (rc != SQLITE_OK) return rc; /* a short read is zero-filled by the sub VFS */
    rc = wal_header(f, whdr);
    if (rc != SQLITE_OK) return rc;
    uint32_t frame_no = (uint32_t)((frame_off - HV_WAL_HDR) / HV_FRAME) + 1;
    if (memcmp(frame + 8, whdr + 16, 8) != 0) {
        unsigned char *probe = f->buf;
        memcpy(probe, frame, HV_FRAME);
        if (wal_open_frame(f, probe, frame_off) == OPEN_OK) {
            memcpy(frame, probe, HV_FRAME);
            sodium_memzero(probe, HV_FRAME);
            return SQLITE_OK;
        }
        memcpy(probe, frame, HV_FRAME);
        memcpy(probe + 8, whdr + 16, 8);
        int altered = wal_frame_authentic(f, probe, frame_off, f->buf + HV_FRAME);
        sodium_memzero(probe, HV_FRAME);
        memset(frame + HV_FRAME_HDR, 0, HV_PAGE);
        if (!altered) return SQLITE_OK; /* not of this generation: SQLite ends the log here */
        note_damage(f, "frame %u of the log is damaged (its salts were altered)", frame_no);
        memset(frame, 0, HV_FRAME);
        return SQLITE_IOERR_DATA;
    }
    if (get_be32(frame) == 0 && wal_marker(f, frame, frame_off, whdr) != 0) {
        memset(frame + HV_FRAME_HDR, 0, HV_PAGE); /* an acknowledgment marker: the log ends */
        return SQLITE_OK;
    }
    uint32_t pgno = get_be32(frame);
    if (wal_open_frame(f, frame, frame_off) == OPEN_OK) return SQLITE_OK;
    if (!wal_committed_after(f, frame_off, whdr)) {
        /* After the last acknowledged commit: a crash may have torn it. SQLite ends the log
         * here (other salts), losing only what was never acknowledged. */
        HV_TRACE("WAL frame %u after the last acknowledged commit failed authentication: end of log\n", frame_no);
        for (int i = 8; i < 16; i++) frame[i] ^= 0xFF;
        return SQLITE_OK;
    }
    note_damage(f, "frame %u of the log (page %u) failed authentication", frame_no, pgno);
    memset(frame, 0, HV_FRAME);
    return SQLITE_IOERR_DATA;
}

static int wal_read(hv_file *f, unsigned char *out, int amt, sqlite3_int64 off) {
    sqlite3_file *sub = f->sub;
    int rc = wal_flush_header(f);
    if (rc != SQLITE_OK) return rc;

    if (off == 0 && amt == HV_WAL_HDR) return wal_read_header(f, out);
    if (off + amt <= HV_WAL_HDR) return sub->pMethods->xRead(sub, out, amt, off);
    if (off < HV_WAL_HDR) return SQLITE_IOERR_READ;
    sqlite3_int64 rel = (off - HV_WAL_HDR) % HV_FRAME;
    sqlite3_int64 frame_off = off - rel;
    if (rel + amt > HV_FRAME) return SQLITE_IOERR_READ; /* spans frames */

    if (rel == 0 && amt == HV_FRAME) return wal_read_frame(f, out, frame_off);

    /* A page (the usual read), or anything else inside one frame (e.g. the 8-byte checksum
     * read by the checksum rewrite): the whole frame is read (one call) and authenticated. */
    rc = sub->pMethods->xRead(sub, f->buf, HV_FRAME, frame_off);
    if (rc == SQLITE_OK && wal_open_frame(f, f->buf, frame_off) != OPEN_OK) {
        HV_TRACE("WAL frame at %lld failed authentication\n", (long long)frame_off);
        note_damage(f, "frame %u of the log (page %u) failed authentication",
                    (uint32_t)((frame_off - HV_WAL_HDR) / HV_FRAME) + 1, get_be32(f->buf));
        rc = SQLITE_IOERR_DATA;
    }
    if (rc != SQLITE_OK) {
        memset(out, 0, (size_t)amt);
        sodium_memzero(f->buf, HV_FRAME);
        return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_IOERR_DATA : rc;
    }
    memcpy(out, f->buf + rel, (size_t)amt);
    sodium_memzero(f->buf, HV_FRAME);
    return SQLITE_OK;
}

/* ------------------------------------------------------------------------------------- */
/* Rollback journal I/O                                                                  */

/* A journal header: [magic][nRec][cksumInit][db size][sector size][page size] (28 bytes),
 * then zeros to the sector's end. The shim keeps a keyed-BLAKE2b MAC of those 28 bytes and
 * the header's offset in bytes 28..44, so that no field SQLite's playback depends on (the
 * magic that makes a journal hot, the record count, the checksum seed, the size the
 * database is truncated to) can change unnoticed. */
enum { HV_JHDR_FIELDS = 28, HV_JHDR_MAC = 16, HV_JHDR = HV_JHDR_FIELDS + HV_JHDR_MAC };

static int journal_header_mac(const hv_keys *k, sqlite3_int64 off, const unsigned char *fields,
                              unsigned char mac[HV_JHDR_MAC]) {
    unsigned char msg[2 + 8 + HV_JHDR_FIELDS];
    msg[0] = 'J';
    msg[1] = 'H';
    put_be64(msg + 2, (uint64_t)off);
    memcpy(msg + 10, fields, HV_JHDR_FIELDS);
    return crypto_generichash(mac, HV_JHDR_MAC, msg, sizeof msg, k->mask, sizeof k->mask);
}

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

/* Writes a header-shaped write with the header's MAC (or, for zeros, with its MAC wiped). */
static int journal_write_header(hv_file *f, const unsigned char *in, int amt, sqlite3_int64 off) {
    sqlite3_file *sub = f->sub;
    unsigned char *b = f->buf;
    int n = amt < HV_JHDR ? HV_JHDR : amt, rc = SQLITE_OK;
    memset(b, 0, (size_t)n);
    memcpy(b, in, (size_t)amt);
    if (amt == 12 && !all_zero(in, 12)) {
        /* magic + record count: the rest of the header is on disk. */
        rc = sub_read_exact(sub, b + 12, HV_JHDR_FIELDS - 12, off + 12);
    }
    if (rc == SQLITE_OK && !all_zero(b, HV_JHDR_FIELDS) &&
        journal_header_mac(f->keys, off, b, b + HV_JHDR_FIELDS) != 0)
        rc = SQLITE_IOERR_WRITE;
    if (rc == SQLITE_OK) rc = sub->pMethods->xWrite(sub, b, n, off);
    return rc == SQLITE_IOERR_DATA ? SQLITE_IOERR_WRITE : rc;
}

/* Before SQLite plays a hot journal back (it truncates the database first, then writes
 * record after record), every header and every record it will read are checked, so that
 * damage is found before the database file is touched: the headers' MACs, and each counted
 * record's page and checksum. `h0` is the authentic first header. */
static int journal_prescan(hv_file *f, const unsigned char *h0) {
    sqlite3_int64 size = 0, off = 0;
    uint32_t sector = get_be32(h0 + 20);
    int rc = f->sub->pMethods->xFileSize(f->sub, &size);
    if (rc != SQLITE_OK) return rc;
    if (sector < 32 || sector > 65536 || (sector & (sector - 1)) != 0) return SQLITE_OK; /* SQLite stops */
    unsigned char h[HV_JHDR], mac[HV_JHDR_MAC];
    unsigned char *rec = f->buf; /* 4 + page + 4 */
    for (;;) {
        if (off + (sqlite3_int64)sector > size) break;
        if (sub_read_exact(f->sub, h, HV_JHDR, off) != SQLITE_OK) break;
        if (memcmp(h, JOURNAL_MAGIC, 8) != 0) {
            if (all_zero(h, 8)) break;
            memcpy(h, JOURNAL_MAGIC, 8);
            if (journal_header_mac(f->keys, off, h, mac) == 0 &&
                sodium_memcmp(mac, h + HV_JHDR_FIELDS, HV_JHDR_MAC) == 0)
                goto damaged_header;
            break;
        }
        if (journal_header_mac(f->keys, off, h, mac) != 0) return SQLITE_IOERR_READ;
        if (sodium_memcmp(mac, h + HV_JHDR_FIELDS, HV_JHDR_MAC) != 0) goto damaged_header;
        uint32_t nrec = get_be32(h + 8), seed = get_be32(h + 12);
        sqlite3_int64 r = off + sector;
        if (nrec == 0xFFFFFFFFu) nrec = (uint32_t)((size - r) / (HV_PAGE + 8));
        for (uint32_t i = 0; i < nrec; i++, r += HV_PAGE + 8) {
            if (r + HV_PAGE + 8 > size) break; /* SQLite ends the playback at a short read */
            if (sub_read_exact(f->sub, rec, HV_PAGE + 8, r) != SQLITE_OK) break;
            uint32_t pgno = get_be32(rec);
            unsigned char ck[4], nonce[HV_NONCE];
            memcpy(ck, rec + 4 + HV_PAGE, 4);
            memcpy(nonce, rec + 4 + HV_DATA, HV_NONCE);
            if (open_page(f->keys, KIND_JOURNAL, pgno, NULL, rec + 4, rec + 4) != OPEN_OK) {
                sodium_memzero(rec, HV_PAGE + 8);
                note_damage(f, "the record of page %u at byte %lld of the rollback journal failed authentication",
                            pgno, (long long)r);
                return SQLITE_IOERR_DATA;
            }
            uint32_t sum = seed;
            for (int k = HV_PAGE - 200; k > 0; k -= 200) sum += rec[4 + k];
            sodium_memzero(rec, HV_PAGE + 8);
            if (journal_mask_checksum(f->keys, nonce, ck) != 0) return SQLITE_IOERR_READ;
            if (get_be32(ck) != sum) {
                note_damage(f, "the checksum of the record at byte %lld of the rollback journal is wrong", (long long)r);
                return SQLITE_IOERR_DATA;
            }
        }
        /* The next header: at the first sector boundary after the counted records. */
        off = ((r - 1) / sector + 1) * sector;
    }
    return SQLITE_OK;
damaged_header:
    note_damage(f, "the header at byte %lld of the rollback journal is damaged", (long long)off);
    return SQLITE_IOERR_DATA;
}

/* Checks the journal header SQLite is about to trust at `off` (its magic read, or the
 * hot-journal probe of the first byte). Authentic: its fields are remembered, so that the
 * checksums of the records it counts can be checked. Not a header (zeros, or bytes that are
 * no header of this journal): SQLite stops there, as it should. A header whose MAC matches
 * once the true magic is put back had its magic altered: damage. */
static int journal_check_header(hv_file *f, sqlite3_int64 off) {
    unsigned char h[HV_JHDR], mac[HV_JHDR_MAC];
    f->j_hdr_ok = 0;
    int rc = sub_read_exact(f->sub, h, HV_JHDR, off);
    if (rc == SQLITE_IOERR_DATA) return SQLITE_OK; /* too short to be a header */
    if (rc != SQLITE_OK) return rc;
    int magic = memcmp(h, JOURNAL_MAGIC, 8) == 0;
    if (!magic && all_zero(h, 8)) return SQLITE_OK;
    if (!magic) memcpy(h, JOURNAL_MAGIC, 8);
    if (journal_header_mac(f->keys, off, h, mac) != 0) return SQLITE_IOERR_READ;
    int authentic = sodium_memcmp(mac, h + HV_JHDR_FIELDS, HV_JHDR_MAC) == 0;
    if (!magic && !authentic) return SQLITE_OK;
    if (!authentic || !magic) {
        note_damage(f, "the header at byte %lld of the rollback journal is damaged", (long long)off);
        return SQLITE_IOERR_DATA;
    }
    f->j_hdr_ok = 1;
    f->j_hdr_off = off;
    f->j_hdr_nrec = get_be32(h + 8);
    f->j_hdr_cksum = get_be32(h + 12);
    f->j_hdr_size = get_be32(h + 20);
    return off == 0 ? journal_prescan(f, h) : SQLITE_OK;
}

/* Whether the record whose page is at `page_off` is one the last authentic header counts
 * (nRec records of page number, page, checksum after the header's sector). */
static int journal_record_counted(const hv_file *f, sqlite3_int64 page_off) {
    if (!f->j_hdr_ok || f->j_hdr_nrec == 0xFFFFFFFFu) return 0;
    sqlite3_int64 first = f->j_hdr_off + f->j_hdr_size, rec = page_off - 4 - first;
    return rec >= 0 && rec % (HV_PAGE + 8) == 0 && rec / (HV_PAGE + 8) < (sqlite3_int64)f->j_hdr_nrec;
}

static int journal_write(hv_file *f, const unsigned char *in, int amt, sqlite3_int64 off) {
    sqlite3_file *sub = f->sub;
    int rc;

    f->j_hdr_ok = 0;
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
        rc = seal_page(f->keys, KIND_JOURNAL, pgno, NULL, in, f->buf);
        if (rc != SQLITE_OK) return rc;
        rc = sub->pMethods->xWrite(sub, f->buf, HV_PAGE, off);
        if (rc != SQLITE_OK) return rc;
        memcpy(f->j_rec_nonce, f->buf + HV_DATA, HV_NONCE);
        f->j_rec_end = off + HV_PAGE;
        f->j_rec_ok = 1;
        return SQLITE_OK;
    }
    journal_reset(f);
    if (journal_header_shaped(in, amt)) return journal_write_header(f, in, amt, off);
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
        if (open_page(f->keys, KIND_JOURNAL, pgno, NULL, out, out) != OPEN_OK) {
            HV_TRACE("journal record page %u at %lld failed authentication\n", pgno,
                     (long long)off);
            note_damage(f, "the record of page %u at byte %lld of the rollback journal failed authentication",
                        pgno, (long long)off - 4);
            return SQLITE_IOERR_DATA;
        }
        /* SQLite's record checksum: the header's seed plus every 200th byte from the end. */
        f->j_rec_sum = 0;
        for (int i = HV_PAGE - 200; i > 0; i -= 200) f->j_rec_sum += out[i];
        f->j_rec_counted = journal_record_counted(f, off);
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
            /* A record the authentic header counts was synced before that count was written:
             * its checksum is right unless the journal was damaged (SQLite would take a wrong
             * one for a torn write and stop the rollback there, half done). */
            if (f->j_rec_counted && get_be32(out) != f->j_hdr_cksum + f->j_rec_sum) {
                note_damage(f, "the checksum of the record at byte %lld of the rollback journal is wrong",
                            (long long)off - HV_PAGE - 4);
                memset(out, 0, 4);
                return SQLITE_IOERR_DATA;
            }
        } else {
            journal_reset(f);
            f->j_pgno_ok = 1;
            f->j_pgno_end = off + 4;
            f->j_pgno = get_be32(out);
        }
        return SQLITE_OK;
    }
    /* Header fields, the hot-journal probe, super-journal probes: metadata, unchanged; the
     * hot-journal probe (1 byte at 0) and magic reads (8 bytes) check the header there. */
    journal_reset(f);
    if (rc == SQLITE_OK && ((amt == 1 && off == 0) || amt == 8)) {
        rc = journal_check_header(f, off);
        if (rc != SQLITE_OK) memset(out, 0, (size_t)amt);
    }
    return rc;
}

/* ------------------------------------------------------------------------------------- */
/* sqlite3_io_methods                                                                    */

static int hv_close(sqlite3_file *file) {
    hv_file *f = (hv_file *)file;
    int flushed = f->kind == KIND_WAL && f->buf != NULL ? wal_flush_header(f) : SQLITE_OK;
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
        sodium_memzero(f->buf, 2 * HV_FRAME);
        sqlite3_free(f->buf);
        f->buf = NULL;
    }
    sodium_free(f->keys);
    f->keys = NULL;
    int rc = f->sub->pMethods != NULL ? f->sub->pMethods->xClose(f->sub) : SQLITE_OK;
    if (f->wb_fd >= 0) close(f->wb_fd);
    f->wb_fd = -1;
    file->pMethods = NULL;
    return flushed != SQLITE_OK ? flushed : rc;
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
    int rc = f->kind == KIND_WAL ? wal_flush_header(f) : SQLITE_OK;
    if (rc != SQLITE_OK) return rc;
    journal_reset(f);
    f->j_hdr_ok = 0;
    if (size < HV_WAL_HDR) f->wal_hdr_ok = 0;
    f->wal_commit_off = -1;
    return f->sub->pMethods->xTruncate(f->sub, size);
}

static int hv_sync(sqlite3_file *file, int flags) {
    hv_file *f = (hv_file *)file;
    int rc = f->kind == KIND_WAL ? wal_flush_header(f) : SQLITE_OK;
    if (rc != SQLITE_OK) return rc;
    rc = f->sub->pMethods->xSync(f->sub, flags);
    if (rc == SQLITE_OK && f->kind == KIND_WAL && f->wal_commit_off >= 0) {
        wal_write_marker(f, f->wal_commit_off);
        f->wal_commit_off = -1;
    }
    return rc;
}

static int hv_file_size(sqlite3_file *file, sqlite3_int64 *size) {
    hv_file *f = (hv_file *)file;
    int rc = f->kind == KIND_WAL ? wal_flush_header(f) : SQLITE_OK;
    if (rc != SQLITE_OK) return rc;
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
        note_damage(f, "the file is shorter than one page");
        return SQLITE_NOTADB;
    }
    rc = sub_read_exact(f->sub, f->buf, HV_PAGE, 0);
    if (rc != SQLITE_OK) return rc;
    int r = open_page(f->keys, KIND_DB, 1, NULL, f->buf, f->buf);
    sodium_memzero(f->buf, HV_PAGE);
    switch (r) {
    case OPEN_OK: return SQLITE_OK;
    case OPEN_KEY_ID: hv_last_error_tls = HIREVFS_ERR_KEY_ID; return SQLITE_NOTADB;
    default:
        hv_last_error_tls = HIREVFS_ERR_AUTH;
        note_damage(f, "page 1 failed authentication");
        return SQLITE_NOTADB;
    }
}

static int hv_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags,
                   int *out_flags) {
    hv_file *f = (hv_file *)file;
    sqlite3_vfs *orig = ORIG(vfs);
    int kind, rc;

    memset(f, 0, sizeof *f);
    f->wb_fd = -1;
    f->sub = (sqlite3_file *)&f[1];
    f->wal_pend_off = -1;
    f->wal_commit_off = -1;

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
    f->name = name;
    f->buf = sqlite3_malloc(2 * HV_FRAME);
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
        pthread_mutex_lock(&hv_mutex);
        f->next_db = hv_open_dbs;
        hv_open_dbs = f;
        pthread_mutex_unlock(&hv_mutex);
        f->wb_fd = open(name, O_RDONLY | O_CLOEXEC);
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

/* Reads `n` bytes at `off` of the file `fd`; returns the count read (short at end of file). */
static ssize_t read_at(int fd, unsigned char *out, size_t n, off_t off) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, out + got, n - got, off + (off_t)got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return r < 0 ? -1 : (ssize_t)got;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* wal_committed_after for a log read through a plain descriptor. */
static int verify_committed_after(hv_file *f, int fd, off_t frame_off, const unsigned char whdr[HV_WAL_HDR]) {
    unsigned char hdr[HV_FRAME_HDR];
    unsigned char *frame = sodium_malloc(HV_FRAME);
    uint32_t bad = wal_frame_no(frame_off);
    int found = 0;
    if (frame == NULL) return 1;
    for (off_t off = frame_off + HV_FRAME; !found; off += HV_FRAME) {
        if (read_at(fd, hdr, HV_FRAME_HDR, off) != HV_FRAME_HDR) break;
        if (memcmp(hdr + 8, whdr + 16, 8) != 0) continue;
        if (get_be32(hdr) == 0) {
            found = wal_marker(f, hdr, off, whdr) >= bad;
            continue;
        }
        if (get_be32(hdr + 4) == 0) continue;
        if (read_at(fd, frame, HV_FRAME, off) != HV_FRAME) break;
        found = wal_open_frame(f, frame, off) == OPEN_OK;
    }
    sodium_free(frame);
    return found;
}

static void verify_note(hirevfs_verify_result *r, int kind, uint32_t no) {
    if (r->n_damaged < HIREVFS_VERIFY_MAX) {
        r->damaged_kind[r->n_damaged] = kind;
        r->damaged_no[r->n_damaged] = no;
    }
    r->n_damaged++;
}

int hirevfs_verify(const char *path, hirevfs_verify_result *r) {
    if (path == NULL || r == NULL) return SQLITE_MISUSE;
    memset(r, 0, sizeof *r);
    char *canon = canonical_path(path);
    if (canon == NULL) return SQLITE_CANTOPEN;
    hv_file f;
    memset(&f, 0, sizeof f);
    f.keys = keys_for_path(canon);
    unsigned char *buf = sodium_malloc(HV_FRAME);
    size_t wal_len = strlen(canon) + 5;
    char *wal = malloc(wal_len);
    int rc = SQLITE_OK, fd = -1;
    if (f.keys == NULL || buf == NULL || wal == NULL) {
        rc = f.keys == NULL ? SQLITE_CANTOPEN : SQLITE_NOMEM;
        goto done;
    }
    snprintf(wal, wal_len, "%s-wal", canon);

    fd = open(canon, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        rc = SQLITE_CANTOPEN;
        goto done;
    }
    for (uint32_t pgno = 1;; pgno++) {
        ssize_t got = read_at(fd, buf, HV_PAGE, (off_t)(pgno - 1) * HV_PAGE);
        if (got < 0) {
            rc = SQLITE_IOERR_READ;
            goto done;
        }
        if (got == 0) break;
        r->pages_checked++;
        if (got < HV_PAGE || open_page(f.keys, KIND_DB, pgno, NULL, buf, buf) != OPEN_OK)
            verify_note(r, HIREVFS_VERIFY_PAGE, pgno);
    }
    close(fd);

    /* The log's current generation: every frame whose salts are the header's. */
    fd = open(wal, O_RDONLY | O_CLOEXEC);
    if (fd < 0) goto done; /* no log */
    unsigned char whdr[HV_WAL_HDR];
    if (read_at(fd, whdr, HV_WAL_HDR, 0) != HV_WAL_HDR) goto done;
    int header_ok = wal_header_valid(whdr);
    f.sub = NULL;
    for (uint32_t no = 1;; no++) {
        off_t off = HV_WAL_HDR + (off_t)(no - 1) * HV_FRAME;
        if (read_at(fd, buf, HV_FRAME, off) != HV_FRAME) break;
        int same = memcmp(buf + 8, whdr + 16, 8) == 0;
        int authentic = get_be32(buf) != 0 && wal_open_frame(&f, buf, off) == OPEN_OK;
        if (!header_ok) {
            /* A damaged header in front of authentic frames hides them from SQLite. */
            if (authentic) verify_note(r, HIREVFS_VERIFY_WAL_HEADER, 0);
            break;
        }
        if (!same || get_be32(buf) == 0) break; /* the end of the log (or its marker) */
        if (!authentic) {
            if (verify_committed_after(&f, fd, off, whdr)) verify_note(r, HIREVFS_VERIFY_WAL_FRAME, no);
            break;
        }
        r->frames_checked++;
    }

done:
    if (fd >= 0) close(fd);
    sodium_free(buf);
    sodium_free(f.keys);
    free(wal);
    free(canon);
    return rc;
}

int hirevfs_damage(const char *path, char *out, int n) {
    if (path == NULL || out == NULL || n <= 0) return 0;
    out[0] = 0;
    char *canon = canonical_path(path);
    if (canon == NULL) return 0;
    pthread_mutex_lock(&hv_mutex);
    hv_key_entry *e = key_find_locked(canon);
    if (e != NULL) snprintf(out, (size_t)n, "%s", e->damage);
    pthread_mutex_unlock(&hv_mutex);
    free(canon);
    return (int)strlen(out);
}
