package state_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"orglife"
	"orglife/state"
	"orglife/state/redistest"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw        string
		addrs      string
		db         int
		master     string
		cluster    bool
		tls        bool
		password   string
		wantErrSub string
	}{
		{raw: "redis://127.0.0.1:6379/2", addrs: "127.0.0.1:6379", db: 2},
		{raw: "redis://:s3cret@redis:6380/0", addrs: "redis:6380", password: "s3cret"},
		{raw: "rediss://cache.example:6380", addrs: "cache.example:6380", tls: true},
		{raw: "redis+cluster://a:7000,b:7001", addrs: "a:7000,b:7001", cluster: true},
		{raw: "rediss+cluster://u:p@a:7000", addrs: "a:7000", cluster: true, tls: true, password: "p"},
		{raw: "redis+sentinel://s1:26379,s2:26379/mymaster/3", addrs: "s1:26379,s2:26379", master: "mymaster", db: 3},
		{raw: "redis+sentinel://s1:26379", wantErrSub: "master name"},
		{raw: "redis+cluster://a", wantErrSub: "address"},
		{raw: "memcached://x:1", wantErrSub: "unknown scheme"},
		{raw: "127.0.0.1:6379", wantErrSub: "not a URL"},
		{raw: "redis+sentinel://s1:26379/m/x", wantErrSub: "not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			o, err := state.ParseURL(tt.raw)
			if tt.wantErrSub != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErrSub) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.wantErrSub)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(o.Addrs, ","); got != tt.addrs || o.DB != tt.db || o.MasterName != tt.master ||
				o.IsClusterMode != tt.cluster || (o.TLSConfig != nil) != tt.tls || o.Password != tt.password {
				t.Fatalf("got %+v", o)
			}
		})
	}
}

func TestParseURLHidesPassword(t *testing.T) {
	t.Parallel()
	_, err := state.ParseURL("redis://:hunter2@host:notaport/0")
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error %v must exist and not contain the password", err)
	}
}

func TestIsUnavailable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	// Real error replies from a real server.
	if err := rdb.HSet(ctx, "s", "f", "v").Err(); err != nil {
		t.Fatal(err)
	}
	wrongType := rdb.LPush(ctx, "s", "x").Err()
	unknown := rdb.Do(ctx, "NOSUCHCOMMAND").Err()
	readonly := rdb.Do(ctx, "EVAL", "return redis.error_reply('READONLY You cannot write against a read only replica.')", "0").Err()
	oom := rdb.Do(ctx, "EVAL", "return redis.error_reply('OOM command not allowed when used memory > maxmemory')", "0").Err()
	missing := rdb.Get(ctx, "nothing").Err()
	srv.Stop()
	down := rdb.Ping(ctx).Err()
	deadline, cancel := context.WithTimeout(ctx, 0)
	defer cancel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"missing key", missing, false},
		{"wrong type", wrongType, false},
		{"unknown command", unknown, false},
		{"read-only replica", readonly, true},
		{"out of memory", oom, true},
		{"server down", down, true},
		{"server down, wrapped", fmt.Errorf("save point: %w", down), true},
		{"handler deadline", deadline.Err(), false},
	}
	for _, tt := range tests {
		if got := state.IsUnavailable(tt.err); got != tt.want {
			t.Errorf("%s: IsUnavailable(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestOpenUnreachable(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	url := srv.URL()
	srv.Stop()
	_, err := state.Open(context.Background(), url, time.Second)
	if err == nil || !strings.Contains(err.Error(), "cannot reach Redis at "+strings.TrimPrefix(strings.TrimSuffix(url, "/0"), "redis://")) {
		t.Fatalf("Open on a stopped server: %v; want it to say which Redis it cannot reach", err)
	}
}

// newInbox is an inbox whose leases outlast any test: tests run in parallel on a busy
// machine, and one that checks a lease is still held must not find it expired by a pause.
func newInbox(t *testing.T, srv *redistest.Server, instance string) *state.Inbox {
	return newInboxLease(t, srv, instance, 30*time.Second)
}

// newInboxLease is an inbox whose leases last lease, for the tests of a lease running out.
func newInboxLease(t *testing.T, srv *redistest.Server, instance string, lease time.Duration) *state.Inbox {
	return state.NewInbox(srv.Client(t), state.NewKeys("t"), instance, time.Hour, lease)
}

func TestInboxDedupeAndOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	in := newInbox(t, srv, "a")
	items := []state.Item{{UpdateID: 1, Chat: "7", Payload: []byte("u1")}, {UpdateID: 2, Chat: "7", Payload: []byte("u2")}, {UpdateID: 1, Chat: "7", Payload: []byte("u1")}, {UpdateID: 3, Chat: "8", Payload: []byte("u3")}}
	fresh, err := in.Push(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	if want := []bool{true, true, false, true}; !slices.Equal(fresh, want) {
		t.Fatalf("fresh = %v, want %v", fresh, want)
	}
	pending, _ := in.Pending(ctx)
	if len(pending) != 2 {
		t.Fatalf("pending chats = %v, want 7 and 8", pending)
	}
	var got []string
	for {
		p, ok, err := in.Claim(ctx, "7")
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		got = append(got, string(p))
		if _, _, err := in.Ack(ctx, nil, "7", p, nil); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Join(got, ",") != "u1,u2" {
		t.Fatalf("chat 7 handled %v, want u1,u2 once each in order", got)
	}
	pending, _ = in.Pending(ctx)
	if len(pending) != 1 || pending[0] != "8" {
		t.Fatalf("pending after draining 7 = %v, want [8]", pending)
	}
}

func TestInboxLeaseExcludesOtherInstance(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	a, b := newInbox(t, srv, "a"), newInbox(t, srv, "b")
	if _, err := a.Push(ctx, []state.Item{{UpdateID: 1, Chat: "5", Payload: []byte("x")}, {UpdateID: 2, Chat: "5", Payload: []byte("y")}}); err != nil {
		t.Fatal(err)
	}
	p, ok, _ := a.Claim(ctx, "5")
	if !ok || string(p) != "x" {
		t.Fatalf("a claims %q %v", p, ok)
	}
	if _, ok, _ := b.Claim(ctx, "5"); ok {
		t.Fatal("b claimed a chat whose lease a holds")
	}
	next, lost, err := a.Ack(ctx, nil, "5", p, nil)
	if err != nil || string(next) != "y" || lost {
		t.Fatalf("ack: next=%q lost=%v err=%v, want y, claimed, and the lease kept", next, lost, err)
	}
	if _, ok, _ := b.Claim(ctx, "5"); ok {
		t.Fatal("b claimed while a keeps the lease for the next item")
	}
}

func TestInboxRepeatedAckPopsNothingMore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	in := newInbox(t, srv, "a")
	if _, err := in.Push(ctx, []state.Item{{UpdateID: 1, Chat: "5", Payload: []byte("u1")}, {UpdateID: 2, Chat: "5", Payload: []byte("u2")}}); err != nil {
		t.Fatal(err)
	}
	p, _, _ := in.Claim(ctx, "5")
	// The ack's reply is lost and the ack is sent again.
	for range 2 {
		if next, lost, err := in.Ack(ctx, nil, "5", p, nil); err != nil || string(next) != "u2" || lost {
			t.Fatalf("ack: next=%q lost=%v err=%v", next, lost, err)
		}
	}
	next, ok, _ := in.Claim(ctx, "5")
	if !ok || string(next) != "u2" {
		t.Fatalf("after a repeated ack the next item is %q %v, want u2 still queued", next, ok)
	}
}

func TestInboxRelease(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	a, b := newInbox(t, srv, "a"), newInbox(t, srv, "b")
	if _, err := a.Push(ctx, []state.Item{{UpdateID: 1, Chat: "5", Payload: []byte("x")}}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := a.Claim(ctx, "5"); !ok {
		t.Fatal("claim")
	}
	if err := b.Release(ctx, "5"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := b.Claim(ctx, "5"); ok {
		t.Fatal("b released a's lease")
	}
	if err := a.Release(ctx, "5"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := b.Claim(ctx, "5"); !ok {
		t.Fatal("b cannot claim after a released")
	}
}

func TestInboxLeaseExpiresAfterCrash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	a, b := newInboxLease(t, srv, "a", 500*time.Millisecond), newInboxLease(t, srv, "b", 500*time.Millisecond)
	if _, err := a.Push(ctx, []state.Item{{UpdateID: 1, Chat: "5", Payload: []byte("x")}}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := a.Claim(ctx, "5"); !ok {
		t.Fatal("a could not claim")
	}
	// a "crashes": it never acks. Its lease runs out and b takes the same item over.
	deadline := time.Now().Add(5 * time.Second)
	for {
		p, ok, err := b.Claim(ctx, "5")
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			if string(p) != "x" {
				t.Fatalf("b got %q, want the item a left", p)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("lease never expired")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, lost, _ := a.Ack(ctx, nil, "5", []byte("x"), nil); !lost {
		t.Fatal("a's late ack must report the lease as lost and pop nothing")
	}
	if n, _ := b.Len(ctx, "5"); n != 1 {
		t.Fatalf("inbox length %d, want the item still there for b", n)
	}
}

func TestInboxSurvivesRedisRestartWithAOF(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t, redistest.WithAOFAlways())
	in := newInbox(t, srv, "a")
	if _, err := in.Push(ctx, []state.Item{{UpdateID: 9, Chat: "1", Payload: []byte("kept")}}); err != nil {
		t.Fatal(err)
	}
	srv.Kill()
	if _, err := in.Push(ctx, []state.Item{{UpdateID: 10, Chat: "1", Payload: []byte("x")}}); !state.IsUnavailable(err) {
		t.Fatalf("push while down: %v, want an unavailable error", err)
	}
	srv.Start()
	p, ok, err := in.Claim(ctx, "1")
	if err != nil || !ok || string(p) != "kept" {
		t.Fatalf("after restart claim = %q %v %v, want the queued update", p, ok, err)
	}
}

func TestRateLimiterSharedBetweenInstances(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	keys := state.NewKeys("t")
	l1, l2 := state.NewRateLimiter(srv.Client(t), keys), state.NewRateLimiter(srv.Client(t), keys)
	chat := state.Rate{Interval: time.Hour, Burst: 3}
	var waits []time.Duration
	for i := 0; i < 3; i++ {
		for _, l := range []*state.RateLimiter{l1, l2} {
			wait, err := l.Reserve(ctx, 42, chat)
			if err != nil {
				t.Fatal(err)
			}
			waits = append(waits, wait)
		}
	}
	// Two instances share one chat's limit: a burst of 3 now, then one slot an hour, queued.
	for i, w := range waits {
		slot := time.Duration(max(i-2, 0)) * time.Hour
		if w < slot-time.Minute || w > slot+time.Minute {
			t.Fatalf("reservation %d waits %v, want about %v (waits %v)", i, w, slot, waits)
		}
	}
	if wait, _ := l1.Reserve(ctx, 43, chat); wait != 0 {
		t.Fatalf("another chat waits %v; chats must not share a limit", wait)
	}
}

func TestRateLimiterGlobalCeilingUnderConcurrency(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	l := state.NewRateLimiter(srv.Client(t), state.NewKeys("t"))
	global := state.Rate{Interval: time.Hour, Burst: 10}
	var mu sync.Mutex
	var waits []time.Duration
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Go(func() {
			for j := 0; j < 10; j++ {
				w, err := l.Reserve(ctx, 0, global)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				waits = append(waits, w)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	// 80 concurrent callers: 10 go now, the other 70 each get their own later slot.
	slots := map[int64]int{}
	for _, w := range waits {
		slots[int64((w+30*time.Minute)/time.Hour)]++
	}
	if slots[0] != 10 || len(slots) != 71 {
		t.Fatalf("slots %v: want 10 now and one caller in each of 70 later slots", slots)
	}
}

func TestStoreLanguageSessionInactive(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	s := state.NewStore(srv.Client(t), state.NewKeys("t"))
	if lang, err := s.Language(ctx, nil, 1); err != nil || lang != "" {
		t.Fatalf("unset language = %q %v", lang, err)
	}
	if err := s.SetLanguage(ctx, nil, 1, "en"); err != nil {
		t.Fatal(err)
	}
	if lang, _ := s.Language(ctx, nil, 1); lang != "en" {
		t.Fatalf("language = %q", lang)
	}
	if err := s.SaveSession(ctx, nil, 1, 1, []byte(`{"flow":"lang"}`), time.Minute); err != nil {
		t.Fatal(err)
	}
	if raw, _ := s.Session(ctx, nil, 1, 1); string(raw) != `{"flow":"lang"}` {
		t.Fatalf("session = %s", raw)
	}
	if err := s.DeleteSession(ctx, nil, 1, 1); err != nil {
		t.Fatal(err)
	}
	if raw, _ := s.Session(ctx, nil, 1, 1); raw != nil {
		t.Fatalf("session after the delete = %s", raw)
	}
	if err := s.DeleteSession(ctx, nil, 1, 1); err != nil {
		t.Fatalf("deleting no session: %v", err)
	}
	if err := s.MarkInactive(ctx, 1, "blocked"); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Inactive(ctx, 1); r != "blocked" {
		t.Fatalf("inactive = %q", r)
	}
	if err := s.MarkActive(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Inactive(ctx, 1); r != "" {
		t.Fatalf("inactive after MarkActive = %q", r)
	}
}

// TestStoreIdleSessionsFollowItsClock: a conversation's idleness is dated by the clock that
// ClaimIdle is given, so that moving that clock (the sandbox's "+1 天") does not end every
// conversation begun since at the next sweep.
func TestStoreIdleSessionsFollowItsClock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	moved := time.Now().Add(24 * time.Hour)
	s := state.NewStore(srv.Client(t), state.NewKeys("t")).WithClock(orglife.ClockFunc(func() time.Time { return moved }))
	if err := s.SaveSession(ctx, nil, 1, 1, []byte(`{"flow":"lang"}`), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	if idle, err := s.ClaimIdle(ctx, moved, 10); err != nil || len(idle) != 0 {
		t.Fatalf("a conversation just saved was claimed as idle: %+v %v", idle, err)
	}
	if idle, err := s.ClaimIdle(ctx, moved.Add(31*time.Minute), 10); err != nil || len(idle) != 1 {
		t.Fatalf("idle for longer than its ttl, claimed %+v %v; want it", idle, err)
	}
}

func TestParseURLRefusalIsOneReadableLine(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"redis://\xc9 0", "redis://a\nb:1", "redis://a\u202eb:port", "redis://a\u2028b:port", "redis+cluster://a\x00"} {
		_, err := state.ParseURL(raw)
		if err == nil {
			t.Fatalf("ParseURL(%q) accepted", raw)
		}
		msg := err.Error()
		if !utf8.ValidString(msg) || strings.ContainsAny(msg, "\n\u202e\u2028\x00") {
			t.Errorf("ParseURL(%q): %q is not one readable line", raw, msg)
		}
	}
}
