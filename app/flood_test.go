package app_test

import (
	"strings"
	"testing"
	"time"

	"orglife/bot/telegramtest"
	"orglife/configs"
)

// floodNotice is a part of the notice a user gets once a flood.
const floodNotice = "不必重复发送"

// floodAnswer is what the i-th message of a scripted user sends and what answers it.
func floodAnswer(i int) (send, want string) {
	if i%2 == 0 {
		return "/help", "可用命令"
	}
	return "/cancel", "当前没有进行中的操作"
}

// floodAnswered is what u got other than the flood notice, checked to be the answers to
// messages 0, 1, … in order.
func floodAnswered(t *testing.T, u *telegramtest.User) []string {
	t.Helper()
	var got []string
	for _, m := range u.Replies() {
		if !strings.Contains(m.Text, floodNotice) {
			got = append(got, m.Text)
		}
	}
	for i, text := range got {
		if _, want := floodAnswer(i); !strings.Contains(text, want) {
			t.Fatalf("answer %d = %q, want one with %q (answers out of order?)", i+1, text, want)
		}
	}
	return got
}

// TestFloodBucketLetsABurstThrough: with the default bucket (30 at once, 60 a minute) a
// member who sends 30 quick messages is answered at once and not told off; the 31st and
// those after it are held and answered, with one notice for all of them that asks not to
// resend; a minute later the bucket is full again, and only a new flood brings a new notice.
// The clock stands still, so that nothing refills while the test runs.
func TestFloodBucketLetsABurstThrough(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) {
		c.Updates.FloodBurst = 30              // the default; the harness lifts it for scripted users
		c.Updates.HandlerTimeout = time.Second // holds each update over the limit for at most 500ms
		c.Sender.PrivateInterval, c.Sender.PrivateBurst = time.Millisecond, 100
	}))
	if got := h.cfg.Updates.FloodPerMinute; got != 60 {
		t.Fatalf("updates.flood_per_minute defaults to %d, want 60", got)
	}
	t0 := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	h.clock.Freeze(t0)
	u := h.fake.NewUser(2001, "Quick")
	sent := 0
	send := func(n int) {
		for range n {
			text, _ := floodAnswer(sent)
			u.Send(text)
			sent++
		}
	}

	send(30)
	waitUntil(t, func() bool { return len(u.Replies()) >= 30 })
	if n := count(u, floodNotice); n != 0 {
		t.Fatalf("30 quick messages earned %d flood notices, want none", n)
	}
	send(5)
	waitUntil(t, func() bool { return len(floodAnswered(t, u)) == 35 })
	if n := count(u, floodNotice); n != 1 {
		t.Fatalf("five messages over the limit earned %d notices, want one", n)
	}
	if m := u.Replies()[30]; !strings.Contains(m.Text, "正在依次处理您前面的消息") {
		t.Fatalf("reply 31 = %q, want the notice right after the 30th answer", m.Text)
	}

	h.clock.Freeze(t0.Add(time.Minute))
	send(30)
	waitUntil(t, func() bool { return len(floodAnswered(t, u)) == 65 })
	if n := count(u, floodNotice); n != 1 {
		t.Fatalf("a minute later, 30 more messages: %d notices in all, want still the one", n)
	}
	send(1)
	waitUntil(t, func() bool { return len(floodAnswered(t, u)) == 66 })
	if n := count(u, floodNotice); n != 2 {
		t.Fatalf("a new flood: %d notices in all, want a second one", n)
	}
	noViolations(t, h.fake)
}

// TestFloodLimitSlowsOnlyTheNoisyUser: beyond updates.flood_burst a user is told once and
// slowed down, every message of theirs is still answered in order, and another user is
// answered meanwhile.
func TestFloodLimitSlowsOnlyTheNoisyUser(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) {
		c.Updates.FloodBurst = 5
		c.Updates.HandlerTimeout = time.Second // holds each update over the limit for 500ms
		// Telegram's per-chat pace would hide the hold: lift it.
		c.Sender.PrivateInterval, c.Sender.PrivateBurst = time.Millisecond, 100
	}))
	// The clock stands still: nothing refills during the burst.
	h.clock.Freeze(time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC))
	noisy := h.fake.NewUser(2001, "Noisy")
	for i := range 12 {
		send, _ := floodAnswer(i)
		noisy.Send(send)
	}

	calm := h.fake.NewUser(2002, "Calm")
	calm.Send("/help")
	reply(t, calm, "可用命令")
	if n := len(floodAnswered(t, noisy)); n >= 12 {
		t.Fatalf("the calm user was answered only after all %d of the noisy user's messages", n)
	}

	waitUntil(t, func() bool { return len(floodAnswered(t, noisy)) == 12 })
	if n := count(noisy, floodNotice); n != 1 {
		t.Fatalf("the flood notice came %d times, want once", n)
	}
	// The notice comes after the fifth answer, when the sixth message goes over the limit.
	replies := noisy.Replies()
	if len(replies) != 13 || !strings.Contains(replies[5].Text, floodNotice) {
		t.Fatalf("replies %+v: want 5 answers, the notice, 7 answers", replies)
	}
	// Slowed down: each of the seven updates over the limit was held for 500ms (its token
	// was a second or more away) before it was answered. (A lower bound, which a slow
	// machine cannot break.)
	if held := replies[12].Date.Sub(replies[4].Date); held < 7*500*time.Millisecond {
		t.Fatalf("the last seven answers came %v after the fifth, want at least 3.5s of holds", held)
	}
	if count(calm, floodNotice) != 0 {
		t.Fatal("the calm user was told off")
	}
	noViolations(t, h.fake)
}

// TestFloodLimitInAGroupIgnoresTheNoisyUser: in a group, commands beyond the limit are
// ignored, so one user's flood neither fills the group's send budget nor delays the
// answer to another member, and that member is not told off.
func TestFloodLimitInAGroupIgnoresTheNoisyUser(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) {
		c.Updates.FloodBurst = 5
		c.Sender.GroupPerMinute = 600 // so that the test need not wait out Telegram's group limit
	}))
	h.clock.Freeze(time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC))
	g := h.fake.NewGroup(-700, "第一党支部")
	noisy, calm := h.fake.NewUser(2001, "Noisy"), h.fake.NewUser(2002, "Calm")
	for range 12 {
		noisy.SendIn(g, "/point")
	}
	calm.SendIn(g, "/help")
	// A group is one chat, handled in order: once the calm user's pointer is there, every
	// one of the noisy user's commands has been handled.
	waitUntil(t, func() bool { return len(g.Replies()) >= 6 })
	time.Sleep(300 * time.Millisecond) // room for a wrongly sent seventh
	if n := len(g.Replies()); n != 6 {
		t.Fatalf("the group got %d replies, want 6: five for the noisy user's first commands, one for the calm user", n)
	}
	for _, m := range g.Replies() {
		if strings.Contains(m.Text, floodNotice) {
			t.Fatal("the group was told about one user's flood")
		}
	}
	noViolations(t, h.fake)
}
