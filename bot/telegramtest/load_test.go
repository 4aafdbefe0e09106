package telegramtest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// What load tests rely on: many users waiting at once, a fake that keeps no call log, and
// one that can forget its records.

func TestManyUsersWaitForTheirOwnReplies(t *testing.T) {
	srv, bot := newFake(t, Options{})
	ctx := testContext(t)
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	// Everyone sends before anyone is answered: a reply that comes before its user's Send
	// is not an answer to it.
	users := make([]*User, n)
	for i := range n {
		users[i] = srv.NewUser(int64(1000+i), "U")
		users[i].Send("hi")
	}
	for _, u := range users {
		wg.Go(func() {
			m, err := u.WaitReply(ctx, nil)
			if err == nil && m.Text != fmt.Sprint("for ", u.ID()) {
				err = fmt.Errorf("user %d got %q", u.ID(), m.Text)
			}
			errs <- err
		})
	}
	// Answer everyone, last first: each waiter must pick out its own reply.
	for i := n - 1; i >= 0; i-- {
		id := int64(1000 + i)
		if _, err := bot.Send(tgbotapi.NewMessage(id, fmt.Sprint("for ", id))); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// A reply that came before the wait began still counts (it is after the user's Send).
	u := srv.NewUser(7, "Early")
	u.Send("hi")
	if _, err := bot.Send(tgbotapi.NewMessage(7, "early")); err != nil {
		t.Fatal(err)
	}
	if m, err := u.WaitReply(ctx, nil); err != nil || m.Text != "early" {
		t.Fatalf("WaitReply = %q %v, want the reply already there", m.Text, err)
	}
	// A closed server ends the wait.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := srv.NewUser(8, "Late").WaitReply(cctx, nil); done <- err }()
	srv.Close()
	if err := <-done; err == nil {
		t.Fatal("WaitReply returned no error when the server closed")
	}
}

func TestDiscardCallsKeepsCounting429(t *testing.T) {
	srv, bot := newFake(t, Options{DiscardCalls: true})
	srv.NewUser(42, "Ann")
	srv.FailNext("sendMessage", 1, TooManyRequests(1))
	if _, err := bot.Send(tgbotapi.NewMessage(42, "x")); err == nil {
		t.Fatal("the injected 429 did not come")
	}
	if _, err := bot.Send(tgbotapi.NewMessage(42, "y")); err != nil {
		t.Fatal(err)
	}
	if calls := srv.Calls(); len(calls) != 0 {
		t.Fatalf("%d calls kept", len(calls))
	}
	if srv.Count429() != 1 {
		t.Fatalf("Count429 = %d, want 1", srv.Count429())
	}
}

func TestDropHistoryForgetsRecordsButKeepsIDsAndUsers(t *testing.T) {
	srv, bot := newFake(t, Options{})
	ctx := testContext(t)
	ann := srv.NewUser(42, "Ann")
	first, err := bot.Send(tgbotapi.NewMessage(42, "one"))
	if err != nil {
		t.Fatal(err)
	}
	ann.Send("reply")
	srv.DropHistory()
	if len(ann.Replies()) != 0 || len(srv.Calls()) != 0 {
		t.Fatalf("after DropHistory: %d replies, %d calls kept", len(ann.Replies()), len(srv.Calls()))
	}
	// The old message is gone for the bot too; new ones do not reuse its id.
	_, err = bot.Send(tgbotapi.NewEditMessageText(42, first.MessageID, "edited"))
	wantAPIError(t, err, 400, "Bad Request: message to edit not found")
	ann.Send("again")
	next, err := bot.Send(tgbotapi.NewMessage(42, "two"))
	if err != nil {
		t.Fatal(err)
	}
	if next.MessageID != first.MessageID+3 {
		t.Fatalf("message id %d after %d and two user messages, want %d", next.MessageID, first.MessageID, first.MessageID+3)
	}
	if m, err := ann.WaitReply(ctx, nil); err != nil || m.Text != "two" {
		t.Fatalf("WaitReply = %q %v", m.Text, err)
	}
	if _, err := bot.Send(tgbotapi.NewEditMessageText(42, next.MessageID, "two, edited")); err != nil {
		t.Fatalf("editing a message sent after DropHistory: %v", err)
	}
	// Updates not yet fetched survive it.
	if n := srv.PendingUpdates(); n != 2 {
		t.Fatalf("%d updates pending, want both user messages", n)
	}
}
