/*
 * loadgen — pipelined request/response load generator for Unix-socket servers.
 *
 * Single-threaded, epoll, non-blocking sockets, no third-party libraries.
 * Opens N connections to a Unix socket and keeps P requests outstanding on
 * each until TOTAL requests have been sent (and answered) in all.
 *
 *   loadgen --socket PATH --connections N --pipeline P --requests TOTAL
 *           [--warmup W] [--proto jsonrpc|redis] [--timeout SECONDS]
 *
 * Protocols:
 *   jsonrpc (default)  request:  {"jsonrpc":"2.0","id":K,"method":"daemon.ping"}\n
 *                      reply:    one JSON object per '\n'-terminated line; it
 *                                must contain "result" and (when an integer
 *                                "id" is present) the id of the oldest
 *                                outstanding request on that connection.
 *   redis              request:  PING\r\n      reply: +PONG\r\n
 *
 * Latency: each request is timestamped (CLOCK_MONOTONIC) when its last byte
 * has been accepted by write(); on its reply latency = now - sent.  The first
 * W completed requests (default min(1000, TOTAL/10)) are warm-up and are
 * excluded from throughput and latency.  Throughput is measured from the
 * completion of the last warm-up request to the completion of the last
 * request.
 *
 * Output (exactly one line on stdout):
 *   calls_per_sec=123456.7 p50_us=12.3 p99_us=45.6 requests=N errors=0 seconds=1.234
 * where requests and seconds refer to the measured (post-warm-up) window and
 * errors counts every bad reply, warm-up included.
 *
 * Exit status: 0 ok, 1 bad replies (errors > 0), 2 usage / connect / I/O
 * failure (messages on stderr).
 *
 * Build: cc -O2 -Wall -Wextra -std=c11 -D_GNU_SOURCE -o bench/bin/loadgen bench/loadgen.c
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum proto { PROTO_JSONRPC, PROTO_REDIS };

#define MAX_REQ_LEN 96          /* upper bound of one encoded request */
#define RBUF_SIZE   (64 * 1024) /* initial read buffer per connection */
#define MAX_LINE    (1 << 20)   /* a reply line longer than this is fatal */

struct pending {
    uint64_t end;   /* stream offset just past this request's last byte */
    uint64_t ts;    /* ns when fully written; 0 = not yet written */
    uint64_t id;    /* jsonrpc id (0 for redis) */
};

struct conn {
    int fd;
    int idx;
    int want_out;           /* EPOLLOUT currently registered */

    /* ring of outstanding requests, capacity = pipeline */
    struct pending *ring;
    uint32_t head;          /* oldest outstanding */
    uint32_t count;         /* outstanding */
    uint32_t unstamped;     /* ring index of first request not yet fully written */
    uint32_t nunstamped;    /* how many requests are not yet fully written */

    uint64_t next_id;

    /* write side */
    char *wbuf;
    size_t wcap, woff, wlen;    /* pending bytes are wbuf[woff .. wlen) */
    uint64_t queued;            /* total bytes ever queued */
    uint64_t written;           /* total bytes ever written */

    /* read side */
    char *rbuf;
    size_t rcap, rlen;          /* unparsed bytes are rbuf[0 .. rlen) */
    size_t scan;                /* bytes of rbuf already scanned for '\n' */
};

/* ---- globals ---------------------------------------------------------- */

static enum proto g_proto = PROTO_JSONRPC;
static const char *g_socket;
static long g_conns = 1, g_pipeline = 1;
static uint64_t g_total = 0, g_warmup = 0;
static int g_warmup_set = 0;
static double g_timeout = 30.0;

static uint64_t g_sent;         /* requests queued so far (all connections) */
static uint64_t g_done;         /* replies received so far */
static uint64_t g_errors;
static uint64_t g_nlat;
static uint64_t *g_lat;         /* latencies (ns) of measured requests */
static uint64_t g_t_start, g_t_end;
static int g_epfd;
static int g_first_error_printed;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("loadgen: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

static void usage(FILE *f) {
    fprintf(f,
        "usage: loadgen --socket PATH --connections N --pipeline P --requests TOTAL\n"
        "               [--warmup W] [--proto jsonrpc|redis] [--timeout SECONDS]\n"
        "\n"
        "  --socket PATH       Unix socket to connect to\n"
        "  --connections N     number of connections (default 1)\n"
        "  --pipeline P        requests kept in flight per connection (default 1)\n"
        "  --requests TOTAL    total requests over all connections (required)\n"
        "  --warmup W          leading requests excluded from the results\n"
        "                      (default: 1000, or 10%% of TOTAL if smaller)\n"
        "  --proto PROTO       jsonrpc (daemon.ping, default) or redis (PING)\n"
        "  --timeout SECONDS   give up if no reply arrives for this long (default 30)\n"
        "\n"
        "Prints: calls_per_sec=X p50_us=X p99_us=X requests=N errors=N seconds=X\n"
        "Exit: 0 ok, 1 bad replies, 2 usage/connect/I-O error.\n");
}

static uint64_t parse_u64(const char *opt, const char *s) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-')
        die("invalid value for %s: '%s'", opt, s);
    return (uint64_t)v;
}

static void parse_args(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            exit(0);
        }
        const char *val = NULL;
        char optbuf[64];
        const char *eq = strchr(a, '=');
        if (!strncmp(a, "--", 2) && eq && (size_t)(eq - a) < sizeof optbuf) {
            /* --opt=value form */
            memcpy(optbuf, a, (size_t)(eq - a));
            optbuf[eq - a] = 0;
            val = eq + 1;
            a = optbuf;
        } else {
            if (i + 1 >= argc) {
                fprintf(stderr, "loadgen: missing value for %s\n", a);
                usage(stderr);
                exit(2);
            }
            val = argv[++i];
        }
        if (!strcmp(a, "--socket")) g_socket = val;
        else if (!strcmp(a, "--connections")) g_conns = (long)parse_u64(a, val);
        else if (!strcmp(a, "--pipeline")) g_pipeline = (long)parse_u64(a, val);
        else if (!strcmp(a, "--requests")) g_total = parse_u64(a, val);
        else if (!strcmp(a, "--warmup")) { g_warmup = parse_u64(a, val); g_warmup_set = 1; }
        else if (!strcmp(a, "--timeout")) {
            char *end;
            g_timeout = strtod(val, &end);
            if (end == val || *end || !(g_timeout > 0))
                die("invalid value for %s: '%s'", a, val);
        } else if (!strcmp(a, "--proto")) {
            if (!strcmp(val, "jsonrpc")) g_proto = PROTO_JSONRPC;
            else if (!strcmp(val, "redis")) g_proto = PROTO_REDIS;
            else die("unknown protocol '%s' (expected jsonrpc or redis)", val);
        } else {
            fprintf(stderr, "loadgen: unknown option '%s'\n", argv[i - 1]);
            usage(stderr);
            exit(2);
        }
    }
    if (!g_socket) { fprintf(stderr, "loadgen: --socket is required\n"); usage(stderr); exit(2); }
    if (g_total == 0) { fprintf(stderr, "loadgen: --requests must be > 0\n"); usage(stderr); exit(2); }
    if (g_conns < 1 || g_conns > 100000) die("--connections must be in 1..100000");
    if (g_pipeline < 1 || g_pipeline > 1000000) die("--pipeline must be in 1..1000000");
    if (!g_warmup_set) {
        g_warmup = g_total / 10;
        if (g_warmup > 1000) g_warmup = 1000;
    }
    if (g_warmup >= g_total) die("--warmup must be smaller than --requests");
}

/* ---- epoll helpers ---------------------------------------------------- */

static void set_out(struct conn *c, int on) {
    if (c->want_out == on) return;
    struct epoll_event ev = { .events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c };
    if (epoll_ctl(g_epfd, EPOLL_CTL_MOD, c->fd, &ev) < 0) {
        perror("loadgen: epoll_ctl");
        exit(2);
    }
    c->want_out = on;
}

/* ---- request encoding ------------------------------------------------- */

static size_t put_u64(char *p, uint64_t v) {
    char tmp[24];
    size_t n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    for (size_t i = 0; i < n; i++) p[i] = tmp[n - 1 - i];
    return n;
}

static const char JS_PRE[] = "{\"jsonrpc\":\"2.0\",\"id\":";
static const char JS_POST[] = ",\"method\":\"daemon.ping\"}\n";
static const char RD_REQ[] = "PING\r\n";

/* Queue up to n new requests on c (bounded by the global total). */
static void queue_requests(struct conn *c, uint64_t n) {
    if (g_sent + n > g_total) n = g_total - g_sent;
    if (n == 0) return;
    /* make room: compact, then grow if needed */
    size_t need = (size_t)n * MAX_REQ_LEN;
    if (c->woff > 0 && c->wcap - c->wlen < need) {
        memmove(c->wbuf, c->wbuf + c->woff, c->wlen - c->woff);
        c->wlen -= c->woff;
        c->woff = 0;
    }
    if (c->wcap - c->wlen < need) {
        size_t ncap = c->wcap ? c->wcap : 4096;
        while (ncap - c->wlen < need) ncap *= 2;
        char *nb = realloc(c->wbuf, ncap);
        if (!nb) { fprintf(stderr, "loadgen: out of memory\n"); exit(2); }
        c->wbuf = nb;
        c->wcap = ncap;
    }
    char *p = c->wbuf + c->wlen;
    char *start = p;
    uint32_t cap = (uint32_t)g_pipeline;
    for (uint64_t i = 0; i < n; i++) {
        struct pending *r = &c->ring[(c->head + c->count) % cap];
        char *q = p;
        if (g_proto == PROTO_JSONRPC) {
            uint64_t id = ++c->next_id;
            memcpy(p, JS_PRE, sizeof JS_PRE - 1); p += sizeof JS_PRE - 1;
            p += put_u64(p, id);
            memcpy(p, JS_POST, sizeof JS_POST - 1); p += sizeof JS_POST - 1;
            r->id = id;
        } else {
            memcpy(p, RD_REQ, sizeof RD_REQ - 1); p += sizeof RD_REQ - 1;
            r->id = 0;
        }
        c->queued += (uint64_t)(p - q);
        r->end = c->queued;
        r->ts = 0;
        c->count++;
        c->nunstamped++;
    }
    c->wlen += (size_t)(p - start);
    g_sent += n;
}

/* Write as much pending data as the socket accepts; timestamp requests
 * whose last byte has gone out. */
static void flush_conn(struct conn *c) {
    while (c->woff < c->wlen) {
        ssize_t w = write(c->fd, c->wbuf + c->woff, c->wlen - c->woff);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            fprintf(stderr, "loadgen: write on connection %d: %s\n", c->idx, strerror(errno));
            exit(2);
        }
        c->woff += (size_t)w;
        c->written += (uint64_t)w;
    }
    if (c->nunstamped) {
        uint64_t t = now_ns();
        uint32_t cap = (uint32_t)g_pipeline;
        while (c->nunstamped && c->ring[c->unstamped].end <= c->written) {
            c->ring[c->unstamped].ts = t;
            c->unstamped = (c->unstamped + 1) % cap;
            c->nunstamped--;
        }
    }
    if (c->woff == c->wlen) {
        c->woff = c->wlen = 0;
        set_out(c, 0);
    } else {
        set_out(c, 1);
    }
}

/* ---- reply checking --------------------------------------------------- */

static void report_bad(struct conn *c, const char *why, const char *line, size_t len) {
    g_errors++;
    if (g_first_error_printed < 5) {
        g_first_error_printed++;
        int show = len > 200 ? 200 : (int)len;
        fprintf(stderr, "loadgen: bad reply on connection %d (%s): %.*s%s\n",
                c->idx, why, show, line, len > 200 ? "..." : "");
    }
}

/* Returns 1 if the reply line (without trailing '\n') is OK. */
static int check_reply(struct conn *c, const char *line, size_t len, uint64_t want_id) {
    if (g_proto == PROTO_REDIS) {
        if (len == 6 && !memcmp(line, "+PONG\r", 6)) return 1;
        report_bad(c, "expected +PONG", line, len);
        return 0;
    }
    if (!memmem(line, len, "\"result\"", 8)) {
        report_bad(c, "no \"result\"", line, len);
        return 0;
    }
    /* If an integer "id" member is present it must match the oldest
     * outstanding request (replies to daemon.ping come back in order). */
    const char *p = memmem(line, len, "\"id\"", 4);
    if (p) {
        const char *e = line + len;
        p += 4;
        while (p < e && (*p == ' ' || *p == '\t')) p++;
        if (p < e && *p == ':') {
            p++;
            while (p < e && (*p == ' ' || *p == '\t')) p++;
            if (p < e && *p >= '0' && *p <= '9') {
                uint64_t v = 0;
                while (p < e && *p >= '0' && *p <= '9') v = v * 10 + (uint64_t)(*p++ - '0');
                if (v != want_id) {
                    char why[80];
                    snprintf(why, sizeof why, "id %" PRIu64 ", expected %" PRIu64, v, want_id);
                    report_bad(c, why, line, len);
                    return 0;
                }
            }
        }
    }
    return 1;
}

/* ---- read side -------------------------------------------------------- */

/* Returns 1 if the reply completed an outstanding request. */
static int complete_one(struct conn *c, const char *line, size_t len, uint64_t t) {
    if (c->count == 0) {
        report_bad(c, "unsolicited reply", line, len);
        return 0;
    }
    uint32_t cap = (uint32_t)g_pipeline;
    struct pending *r = &c->ring[c->head];
    if (r->ts == 0) {
        /* Reply before we saw the write complete (cannot really happen
         * since we stamp right after write(); treat as written now). */
        r->ts = t;
        if (c->nunstamped && c->unstamped == c->head) {
            c->unstamped = (c->unstamped + 1) % cap;
            c->nunstamped--;
        }
    }
    check_reply(c, line, len, r->id);
    uint64_t lat = t - r->ts;
    c->head = (c->head + 1) % cap;
    c->count--;

    g_done++;
    if (g_done == g_warmup) g_t_start = t;
    if (g_done > g_warmup) g_lat[g_nlat++] = lat;
    if (g_done == g_total) g_t_end = t;
    return 1;
}

/* Returns number of replies processed. */
static uint64_t read_conn(struct conn *c) {
    uint64_t got = 0;
    for (;;) {
        if (c->rcap - c->rlen < 4096) {
            if (c->rcap >= MAX_LINE) {
                fprintf(stderr, "loadgen: reply line on connection %d exceeds %d bytes\n",
                        c->idx, MAX_LINE);
                exit(2);
            }
            size_t ncap = c->rcap * 2;
            char *nb = realloc(c->rbuf, ncap);
            if (!nb) { fprintf(stderr, "loadgen: out of memory\n"); exit(2); }
            c->rbuf = nb;
            c->rcap = ncap;
        }
        ssize_t n = read(c->fd, c->rbuf + c->rlen, c->rcap - c->rlen);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            fprintf(stderr, "loadgen: read on connection %d: %s\n", c->idx, strerror(errno));
            exit(2);
        }
        if (n == 0) {
            fprintf(stderr,
                    "loadgen: connection %d closed by server with %u request(s) outstanding "
                    "(%" PRIu64 "/%" PRIu64 " replies received in total)\n",
                    c->idx, c->count, g_done, g_total);
            exit(2);
        }
        c->rlen += (size_t)n;

        uint64_t t = now_ns();
        char *base = c->rbuf;
        size_t pos = 0;
        size_t scan = c->scan;
        for (;;) {
            char *nl = memchr(base + scan, '\n', c->rlen - scan);
            if (!nl) break;
            size_t end = (size_t)(nl - base);
            got += (uint64_t)complete_one(c, base + pos, end - pos, t);
            pos = end + 1;
            scan = pos;
        }
        if (pos > 0) {
            memmove(base, base + pos, c->rlen - pos);
            c->rlen -= pos;
        }
        c->scan = c->rlen;
        /* A short read means the socket is (very likely) drained; avoid
         * the extra EAGAIN syscall and let epoll tell us about more. */
        if ((size_t)n < 4096) break;
    }
    return got;
}

/* ---- main ------------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double percentile_us(const uint64_t *v, uint64_t n, double p) {
    if (n == 0) return 0.0;
    /* nearest-rank */
    uint64_t rank = (uint64_t)(p * (double)n + 0.999999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return (double)v[rank - 1] / 1000.0;
}

int main(int argc, char **argv) {
    parse_args(argc, argv);
    signal(SIGPIPE, SIG_IGN);

    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    if (strlen(g_socket) >= sizeof sa.sun_path) {
        fprintf(stderr, "loadgen: socket path too long (%zu bytes, max %zu): %s\n",
                strlen(g_socket), sizeof sa.sun_path - 1, g_socket);
        return 2;
    }
    strcpy(sa.sun_path, g_socket);

    g_lat = malloc((size_t)(g_total - g_warmup) * sizeof *g_lat);
    struct conn *conns = calloc((size_t)g_conns, sizeof *conns);
    if (!g_lat || !conns) { fprintf(stderr, "loadgen: out of memory\n"); return 2; }

    g_epfd = epoll_create1(EPOLL_CLOEXEC);
    if (g_epfd < 0) { perror("loadgen: epoll_create1"); return 2; }

    for (long i = 0; i < g_conns; i++) {
        struct conn *c = &conns[i];
        c->idx = (int)i;
        c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (c->fd < 0) {
            fprintf(stderr, "loadgen: socket(): %s\n", strerror(errno));
            return 2;
        }
        /* blocking connect (waits if the listen backlog is momentarily full) */
        int rc;
        do rc = connect(c->fd, (struct sockaddr *)&sa, sizeof sa);
        while (rc < 0 && errno == EINTR);
        if (rc < 0) {
            fprintf(stderr, "loadgen: cannot connect to %s (connection %ld of %ld): %s\n",
                    g_socket, i + 1, g_conns, strerror(errno));
            return 2;
        }
        int fl = fcntl(c->fd, F_GETFL);
        if (fl < 0 || fcntl(c->fd, F_SETFL, fl | O_NONBLOCK) < 0) {
            perror("loadgen: fcntl");
            return 2;
        }
        c->ring = calloc((size_t)g_pipeline, sizeof *c->ring);
        c->rcap = RBUF_SIZE;
        c->rbuf = malloc(c->rcap);
        if (!c->ring || !c->rbuf) { fprintf(stderr, "loadgen: out of memory\n"); return 2; }
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
        if (epoll_ctl(g_epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
            perror("loadgen: epoll_ctl");
            return 2;
        }
    }

    if (g_warmup == 0) g_t_start = now_ns();
    /* initial window: P requests on every connection (bounded by TOTAL) */
    for (long i = 0; i < g_conns; i++) {
        queue_requests(&conns[i], (uint64_t)g_pipeline);
        flush_conn(&conns[i]);
    }

    int maxev = g_conns < 1024 ? (int)g_conns : 1024;
    struct epoll_event *evs = calloc((size_t)maxev, sizeof *evs);
    if (!evs) { fprintf(stderr, "loadgen: out of memory\n"); return 2; }
    int timeout_ms = (int)(g_timeout * 1000.0);
    if (timeout_ms < 1) timeout_ms = 1;

    while (g_done < g_total) {
        int n = epoll_wait(g_epfd, evs, maxev, timeout_ms);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("loadgen: epoll_wait");
            return 2;
        }
        if (n == 0) {
            fprintf(stderr,
                    "loadgen: no progress for %.1f s; %" PRIu64 "/%" PRIu64
                    " replies received, %" PRIu64 " requests sent\n",
                    g_timeout, g_done, g_total, g_sent);
            return 2;
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            uint32_t e = evs[i].events;
            if (e & EPOLLIN) {
                uint64_t got = read_conn(c);
                if (got) queue_requests(c, got);   /* one new request per reply */
                if (c->woff < c->wlen) flush_conn(c);
            } else if (e & (EPOLLERR | EPOLLHUP)) {
                /* no readable data but error/hangup: report it */
                int err = 0;
                socklen_t el = sizeof err;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
                fprintf(stderr, "loadgen: connection %d failed: %s\n", c->idx,
                        err ? strerror(err) : "hung up by server");
                return 2;
            }
            if ((e & EPOLLOUT) && c->woff < c->wlen) flush_conn(c);
        }
    }

    for (long i = 0; i < g_conns; i++) {
        close(conns[i].fd);
        free(conns[i].ring);
        free(conns[i].rbuf);
        free(conns[i].wbuf);
    }
    free(conns);
    free(evs);
    close(g_epfd);

    qsort(g_lat, (size_t)g_nlat, sizeof *g_lat, cmp_u64);
    double secs = (double)(g_t_end - g_t_start) / 1e9;
    uint64_t measured = g_total - g_warmup;
    double cps = secs > 0 ? (double)measured / secs : 0.0;
    printf("calls_per_sec=%.1f p50_us=%.1f p99_us=%.1f requests=%" PRIu64
           " errors=%" PRIu64 " seconds=%.3f\n",
           cps, percentile_us(g_lat, g_nlat, 0.50), percentile_us(g_lat, g_nlat, 0.99),
           measured, g_errors, secs);
    fflush(stdout);
    if (g_errors) {
        fprintf(stderr, "loadgen: %" PRIu64 " bad repl%s\n", g_errors, g_errors == 1 ? "y" : "ies");
        free(g_lat);
        return 1;
    }
    free(g_lat);
    return 0;
}
