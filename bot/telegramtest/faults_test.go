package telegramtest

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestInjected429(t *testing.T) {
	srv, bot := newFake(t, Options{})
	srv.NewUser(42, "Ann")
	srv.FailNext("sendMessage", 1, TooManyRequests(7))

	_, err := bot.Send(tgbotapi.NewMessage(42, "hi"))
	tgErr := asTgError(t, err)
	if tgErr.Code != 429 || tgErr.RetryAfter != 7 || tgErr.Message != "Too Many Requests: retry after 7" {
		t.Fatalf("got %+v", tgErr)
	}
	if _, err := bot.Send(tgbotapi.NewMessage(42, "hi")); err != nil {
		t.Fatalf("the fault should apply once: %v", err)
	}

	// The header is there too, for clients that read it.
	srv.FailNext("getMe", 1, TooManyRequests(3))
	resp, err := http.Post(srv.URL()+"/bot"+srv.Token()+"/getMe", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("status %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if srv.Count429() != 2 {
		t.Errorf("Count429 = %d", srv.Count429())
	}
}

func TestInjected429OnUpload(t *testing.T) {
	srv, bot := newFake(t, Options{})
	srv.NewUser(42, "Ann")
	srv.FailNext("sendDocument", 1, TooManyRequests(5))
	_, err := bot.Send(tgbotapi.NewDocument(42, tgbotapi.FileBytes{Name: "report.csv", Bytes: []byte("a,b\n")}))
	tgErr := asTgError(t, err)
	// tgbotapi's UploadFiles drops error_code: a bot must look at RetryAfter.
	if tgErr.Code != 0 || tgErr.RetryAfter != 5 {
		t.Fatalf("got %+v", tgErr)
	}
	calls := srv.CallsTo("sendDocument")
	if len(calls) != 1 || calls[0].Status != 429 || len(calls[0].Files) != 1 || calls[0].Files[0].Size != 4 {
		t.Fatalf("calls %+v", calls)
	}
}

func TestServerErrors(t *testing.T) {
	srv, bot := newFake(t, Options{})
	srv.NewUser(42, "Ann")
	send := func() error {
		_, err := bot.Send(tgbotapi.NewMessage(42, "hi"))
		return err
	}

	srv.FailNext("", 1, Fault{Status: 500})
	wantAPIError(t, send(), 500, "Internal Server Error")

	srv.FailNext("sendmessage", 1, Fault{ErrorCode: 400, Description: "Bad Request: chat not found"})
	wantAPIError(t, send(), 400, "Bad Request: chat not found")

	srv.FailNext("sendMessage", 1, BadGateway())
	err := send()
	var tgErr *tgbotapi.Error
	if err == nil || errors.As(err, &tgErr) {
		t.Fatalf("an HTML 502 should fail to decode, got %v", err)
	}

	srv.FailNext("sendMessage", 1, NetworkError())
	err = send()
	var urlErr *url.Error
	if !errors.As(err, &urlErr) {
		t.Fatalf("a dropped connection should be a transport error, got %T %v", err, err)
	}
	if err := send(); err != nil {
		t.Fatalf("after the faults: %v", err)
	}
}

func TestLatency(t *testing.T) {
	srv, _ := newFake(t, Options{})
	srv.SetLatency("", 5*time.Second)
	impatient, err := tgbotapi.NewBotAPIWithClient(srv.Token(), srv.Endpoint(), &http.Client{Timeout: 50 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "Client.Timeout") {
		t.Fatalf("want a client timeout, got %v %v", impatient, err)
	}
	srv.SetLatency("", 0)
	srv.SetLatency("getme", 20*time.Millisecond)
	start := time.Now()
	if _, err := tgbotapi.NewBotAPIWithClient(srv.Token(), srv.Endpoint(), &http.Client{Timeout: 5 * time.Second}); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < 20*time.Millisecond {
		t.Error("latency not applied")
	}
}

func TestFloodLimits(t *testing.T) {
	srv, bot := newFake(t, Options{EnforceLimits: true})
	srv.NewUser(42, "Ann")
	srv.NewUser(43, "Bo")
	var limited *tgbotapi.Error
	for i := 0; i < 6 && limited == nil; i++ {
		_, err := bot.Send(tgbotapi.NewMessage(42, "spam"))
		if i < 3 && err != nil {
			t.Fatalf("message %d inside the burst: %v", i+1, err)
		}
		if err != nil {
			limited = asTgError(t, err)
		}
	}
	if limited == nil || limited.Code != 429 || limited.RetryAfter < 1 {
		t.Fatalf("want a 429 with retry_after above the per-chat burst, got %+v", limited)
	}
	if srv.Count429() != 1 {
		t.Errorf("Count429 = %d", srv.Count429())
	}
	// Another chat has its own budget.
	if _, err := bot.Send(tgbotapi.NewMessage(43, "hello")); err != nil {
		t.Fatal(err)
	}
}

func TestGroupLimit(t *testing.T) {
	srv, bot := newFake(t, Options{EnforceLimits: true, Limits: Limits{GroupPerMinute: 2}})
	g := srv.NewGroup(-5, "Branch")
	for i := 0; i < 2; i++ {
		if _, err := bot.Send(tgbotapi.NewMessage(g.ID(), "notice")); err != nil {
			t.Fatal(err)
		}
	}
	_, err := bot.Send(tgbotapi.NewMessage(g.ID(), "one too many"))
	if tgErr := asTgError(t, err); tgErr.Code != 429 || tgErr.RetryAfter < 20 {
		t.Fatalf("got %+v; at 2/min the wait is about 30s", tgErr)
	}
}

func TestLimitsComputeRetryAfter(t *testing.T) {
	l := newLimiter(Limits{})
	now := time.Unix(1000, 0)
	for i := 0; i < 3; i++ {
		if wait := l.admit(1, false, now); wait != 0 {
			t.Fatalf("burst message %d waited %d", i, wait)
		}
	}
	if wait := l.admit(1, false, now); wait != 1 {
		t.Fatalf("retry_after %d, want 1", wait)
	}
	if wait := l.admit(1, false, now.Add(time.Second)); wait != 0 {
		t.Fatalf("after a second the chat may send again, waited %d", wait)
	}
	for i := 0; i < 30; i++ {
		l.admit(int64(100+i), false, now.Add(time.Second))
	}
	if wait := l.admit(999, false, now.Add(time.Second)); wait != 1 {
		t.Fatalf("the 30/s overall limit: retry_after %d", wait)
	}
}

// TestTimeoutAfterApplyingDeliversAnyway: the client times out, but the message is in
// the chat, and the call is recorded as applied and abandoned.
func TestTimeoutAfterApplyingDeliversAnyway(t *testing.T) {
	srv, _ := newFake(t, Options{})
	u := srv.NewUser(42, "Ann")
	impatient, err := tgbotapi.NewBotAPIWithClient(srv.Token(), srv.Endpoint(), &http.Client{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	srv.FailNext("sendMessage", 1, TimeoutAfterApplying(time.Minute))
	if _, err := impatient.Send(tgbotapi.NewMessage(42, "late")); err == nil || !strings.Contains(err.Error(), "Client.Timeout") {
		t.Fatalf("want a client timeout, got %v", err)
	}
	if got := u.Replies(); len(got) != 1 || got[0].Text != "late" {
		t.Fatalf("the message should be delivered all the same: %+v", got)
	}
	ctx := testContext(t)
	if err := srv.WaitFor(ctx, func() bool { return len(srv.CallsTo("sendMessage")) == 1 }); err != nil {
		t.Fatal(err)
	}
	if c := srv.CallsTo("sendMessage")[0]; c.Status != 200 || !c.Abandoned {
		t.Fatalf("call recorded as %d abandoned=%v, want 200 and abandoned", c.Status, c.Abandoned)
	}
}

// TestTimeoutDeliversNothing: the client times out and nothing was sent.
func TestTimeoutDeliversNothing(t *testing.T) {
	srv, _ := newFake(t, Options{})
	u := srv.NewUser(42, "Ann")
	impatient, err := tgbotapi.NewBotAPIWithClient(srv.Token(), srv.Endpoint(), &http.Client{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	srv.FailNext("sendMessage", 1, Timeout(time.Minute))
	if _, err := impatient.Send(tgbotapi.NewMessage(42, "lost")); err == nil || !strings.Contains(err.Error(), "Client.Timeout") {
		t.Fatalf("want a client timeout, got %v", err)
	}
	ctx := testContext(t)
	if err := srv.WaitFor(ctx, func() bool { return len(srv.CallsTo("sendMessage")) == 1 }); err != nil {
		t.Fatal(err)
	}
	if c := srv.CallsTo("sendMessage")[0]; c.Status != 0 || !c.Abandoned {
		t.Fatalf("call recorded as %d abandoned=%v, want dropped and abandoned", c.Status, c.Abandoned)
	}
	if got := u.Replies(); len(got) != 0 {
		t.Fatalf("nothing should be delivered: %+v", got)
	}
	// A slow answer within the client's patience is just slow.
	srv.FailNext("sendMessage", 1, Fault{Apply: true, Delay: 20 * time.Millisecond})
	if _, err := impatient.Send(tgbotapi.NewMessage(42, "slow")); err != nil {
		t.Fatal(err)
	}
	if c := srv.CallsTo("sendMessage")[1]; c.Status != 200 || c.Abandoned {
		t.Fatalf("slow call recorded as %d abandoned=%v", c.Status, c.Abandoned)
	}
}

// TestFailForCyclesItsPatternUntilItEnds: an outage answers its faults in turn, lets
// Pass through, gives way to a method's own outage added first, and ends.
func TestFailForCyclesItsPatternUntilItEnds(t *testing.T) {
	srv, bot := newFake(t, Options{})
	u := srv.NewUser(42, "Ann")
	const outage = 300 * time.Millisecond
	srv.FailFor("getMe", outage, Pass())
	srv.FailFor("", outage, TooManyRequests(2), Pass(), Fault{Status: 500})
	send := func(text string) error {
		_, err := bot.Send(tgbotapi.NewMessage(42, text))
		return err
	}
	wantAPIError(t, send("a"), 429, "Too Many Requests: retry after 2")
	if err := send("b"); err != nil {
		t.Fatalf("Pass should let the call through: %v", err)
	}
	wantAPIError(t, send("c"), 500, "Internal Server Error")
	if _, err := bot.GetMe(); err != nil {
		t.Fatalf("getMe has its own outage of passes: %v", err)
	}
	wantAPIError(t, send("d"), 429, "Too Many Requests: retry after 2")
	time.Sleep(outage)
	for _, text := range []string{"e", "f", "g"} {
		if err := send(text); err != nil {
			t.Fatalf("after the outage: %v", err)
		}
	}
	var texts []string
	for _, m := range u.Replies() {
		texts = append(texts, m.Text)
	}
	if strings.Join(texts, "") != "befg" {
		t.Fatalf("delivered %q, want b e f g", texts)
	}
}
