// Package state keeps everything orglife stores in Redis: records, conversation state, the
// inbox of updates waiting to be handled, and the shared rate limit of the outbound sender.
package state

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/redis/go-redis/v9"
)

// ParseURL turns REDIS_URL into options for go-redis' UniversalClient. Besides the
// redis:// and rediss:// forms go-redis understands, it accepts
//
//	redis+cluster://[user:pass@]host1:port,host2:port        (Redis Cluster seeds)
//	redis+sentinel://[user:pass@]host1:port,host2:port/master[/db][?sentinel_password=…]
//
// and their rediss+… variants with TLS.
func ParseURL(raw string) (*redis.UniversalOptions, error) {
	opts, err := parseURL(raw)
	if err != nil {
		// The reasons quote parts of the URL, which may hold any bytes: the start-up error
		// must stay one readable line.
		return nil, errors.New(printable(err.Error()))
	}
	return opts, nil
}

func parseURL(raw string) (*redis.UniversalOptions, error) {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return nil, fmt.Errorf("%q is not a URL (expected redis://host:port/db)", redactURL(raw))
	}
	switch scheme {
	case "redis", "rediss":
		return parseSingle(raw)
	case "redis+cluster", "rediss+cluster":
		return parseMulti(strings.HasPrefix(scheme, "rediss"), rest, false)
	case "redis+sentinel", "rediss+sentinel":
		return parseMulti(strings.HasPrefix(scheme, "rediss"), rest, true)
	default:
		return nil, fmt.Errorf("unknown scheme %q (use redis, rediss, redis+cluster or redis+sentinel)", scheme)
	}
}

func parseSingle(raw string) (*redis.UniversalOptions, error) {
	o, err := redis.ParseURL(raw)
	if err != nil {
		// url.Error repeats the whole URL, password included: keep only its reason.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%s: %v", redactURL(raw), err)
	}
	return &redis.UniversalOptions{
		Addrs:     []string{o.Addr},
		DB:        o.DB,
		Username:  o.Username,
		Password:  o.Password,
		TLSConfig: o.TLSConfig,
	}, nil
}

// parseMulti reads the comma-separated host list that net/url cannot parse.
func parseMulti(useTLS bool, rest string, sentinel bool) (*redis.UniversalOptions, error) {
	rest, query, _ := strings.Cut(rest, "?")
	hostPart, path, _ := strings.Cut(rest, "/")
	opts := &redis.UniversalOptions{}
	if user, hosts, ok := strings.Cut(hostPart, "@"); ok {
		name, pass, _ := strings.Cut(user, ":")
		opts.Username, _ = url.PathUnescape(name)
		opts.Password, _ = url.PathUnescape(pass)
		hostPart = hosts
	}
	for _, h := range strings.Split(hostPart, ",") {
		if _, _, err := net.SplitHostPort(h); err != nil {
			return nil, fmt.Errorf("address %q: %w", h, err)
		}
		opts.Addrs = append(opts.Addrs, h)
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if sentinel {
		if segs[0] == "" {
			return nil, errors.New("a sentinel URL needs the master name as its path: redis+sentinel://host:26379/mymaster")
		}
		opts.MasterName, segs = segs[0], segs[1:]
	} else {
		opts.IsClusterMode = true
	}
	if len(segs) > 0 && segs[0] != "" {
		db, err := strconv.Atoi(segs[0])
		if err != nil {
			return nil, fmt.Errorf("database %q is not a number", segs[0])
		}
		opts.DB = db
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	opts.SentinelPassword = q.Get("sentinel_password")
	if useTLS {
		opts.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	return opts, nil
}

// printable shows s as one line of valid UTF-8: invalid bytes as \xNN, and control and
// format characters and line or paragraph separators (a newline, a right-to-left override)
// as their Go escapes.
func printable(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", s[0])
		case unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
		s = s[size:]
	}
	return b.String()
}

// redactURL hides the credentials of a Redis URL, even one too broken to parse, so that
// it can go into an error.
func redactURL(raw string) string {
	i := strings.Index(raw, "://")
	j := strings.LastIndex(raw, "@")
	if i < 0 || j < i {
		return raw
	}
	return raw[:i+3] + "xxxxx" + raw[j:]
}

// Open connects to Redis and checks that it answers within timeout.
func Open(ctx context.Context, rawURL string, timeout time.Duration) (redis.UniversalClient, error) {
	opts, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	rdb := redis.NewUniversalClient(opts)
	pingCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := rdb.Ping(pingCtx).Err(); err != nil {
		_ = rdb.Close()
		return nil, fmt.Errorf("cannot reach Redis at %s: %w", strings.Join(opts.Addrs, ","), err)
	}
	return rdb, nil
}

// IsUnavailable reports whether err means Redis cannot serve right now — unreachable,
// closed, timed out at the socket, or answering that it is failing over, loading, read-only,
// out of memory or unable to persist — rather than a missing key or a wrong command. Such
// work is retried later instead of failing. A context's deadline is not Redis' fault and
// does not count.
func IsUnavailable(err error) bool {
	if err == nil || errors.Is(err, redis.Nil) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return false
	}
	if errors.Is(err, redis.ErrClosed) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	var replyErr redis.Error
	if errors.As(err, &replyErr) {
		return unavailableReply(replyErr.Error())
	}
	msg := err.Error()
	for _, s := range []string{"connection refused", "connection reset", "broken pipe", "pool timeout", "use of closed network connection"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// unavailableReply tells the error replies of a Redis that is (for now) unable to serve.
func unavailableReply(reply string) bool {
	for _, prefix := range []string{"LOADING", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "NOREPLICAS", "OOM", "MISCONF", "BUSY"} {
		if strings.HasPrefix(reply, prefix) {
			return true
		}
	}
	return false
}

// RedisLogger routes go-redis' own messages (dial failures of its pool and the like) to
// slog at debug level: the errors they describe reach orglife's own logs with context.
type RedisLogger struct{ Log *slog.Logger }

// Printf implements go-redis' internal logging interface.
func (l RedisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.Log.DebugContext(ctx, fmt.Sprintf(format, v...), "component", "go-redis")
}
