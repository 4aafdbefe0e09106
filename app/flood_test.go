package app_test

import (
	"strings"
	"testing"
	"time"

	"orglife/configs"
)

// TestFloodLimitSlowsOnlyTheNoisyUser: beyond updates.flood_per_minute a user is told once
// and slowed down, every message of theirs is still answered in order, and another user
// is answered meanwhile.
func TestFloodLimitSlowsOnlyTheNoisyUser(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) {
		c.Updates.FloodPerMinute = 5
		c.Updates.HandlerTimeout = time.Second // holds each update over the limit for 500ms
		// Telegram's per-chat pace would hide the hold: lift it.
		c.Sender.PrivateInterval, c.Sender.PrivateBurst = time.Millisecond, 100
	}))
	// Start at the beginning of a minute, so that the whole burst falls in one window.
	h.clock.Set(time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC))
	const notice = "不必重复发送"
	answer := func(i int) (send, want string) {
		if i%2 == 0 {
			return "/help", "可用命令"
		}
		return "/cancel", "当前没有进行中的操作"
	}
	noisy := h.fake.NewUser(2001, "Noisy")
	for i := range 12 {
		send, _ := answer(i)
		noisy.Send(send)
	}
	answered := func() []string {
		var got []string
		for _, m := range noisy.Replies() {
			if !strings.Contains(m.Text, notice) {
				got = append(got, m.Text)
			}
		}
		return got
	}

	calm := h.fake.NewUser(2002, "Calm")
	calm.Send("/help")
	reply(t, calm, "可用命令")
	if n := len(answered()); n >= 12 {
		t.Fatalf("the calm user was answered only after all %d of the noisy user's messages", n)
	}

	waitUntil(t, func() bool { return len(answered()) == 12 })
	got := answered()
	for i, text := range got {
		if _, want := answer(i); !strings.Contains(text, want) {
			t.Fatalf("answer %d = %q, want one with %q (answers out of order?)", i+1, text, want)
		}
	}
	if n := count(noisy, notice); n != 1 {
		t.Fatalf("the flood notice came %d times, want once", n)
	}
	// The notice comes after the fifth answer, when the sixth message goes over the limit.
	replies := noisy.Replies()
	if len(replies) != 13 || !strings.Contains(replies[5].Text, notice) {
		t.Fatalf("replies %+v: want 5 answers, the notice, 7 answers", replies)
	}
	// Slowed down: each of the seven updates over the limit was held for 500ms before it was
	// answered. (A lower bound, which a slow machine cannot break.)
	if held := replies[12].Date.Sub(replies[4].Date); held < 7*500*time.Millisecond {
		t.Fatalf("the last seven answers came %v after the fifth, want at least 3.5s of holds", held)
	}
	if count(calm, notice) != 0 {
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
		c.Updates.FloodPerMinute = 5
		c.Sender.GroupPerMinute = 600 // so that the test need not wait out Telegram's group limit
	}))
	h.clock.Set(time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC))
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
		if strings.Contains(m.Text, "不必重复发送") {
			t.Fatal("the group was told about one user's flood")
		}
	}
	noViolations(t, h.fake)
}
