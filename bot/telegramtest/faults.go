package telegramtest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Fault is an injected failure for FailNext.
type Fault struct {
	// Status is the HTTP status; default ErrorCode, else 429 when RetryAfter
	// is set, else 500.
	Status int
	// ErrorCode is the body's error_code; default Status.
	ErrorCode int
	// Description is the body's description; default Telegram's wording for
	// the status ("Too Many Requests: retry after N", "Internal Server Error", ...).
	Description string
	// RetryAfter, in seconds, sets the Retry-After header and
	// parameters.retry_after, as Telegram's flood control does.
	RetryAfter int
	// RawBody, when set, is sent verbatim as text/html instead of a JSON
	// answer, like an HTML error page from a proxy in front of Telegram.
	RawBody string
	// DropConnection closes the connection without any answer, which the
	// client sees as a network error.
	DropConnection bool
	// Delay holds the answer back this long, or until the client gives up
	// waiting: a Delay beyond the client's timeout is a timeout to the client.
	Delay time.Duration
	// Apply handles the call as usual (a message is sent, say) before the
	// Delay, and answers its real result; the error fields are then unused.
	// With a Delay beyond the client's timeout this is the timeout after which
	// Telegram did act: the call is recorded with its real status and
	// Abandoned, and a client that retries duplicates the message.
	Apply bool
}

// TooManyRequests is the fault Telegram's flood control answers with.
func TooManyRequests(retryAfter int) Fault { return Fault{RetryAfter: retryAfter} }

// BadGateway is an nginx 502 page, as seen when Telegram's front end has trouble.
func BadGateway() Fault {
	return Fault{Status: http.StatusBadGateway, RawBody: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n" +
		"<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"}
}

// NetworkError drops the connection without an answer.
func NetworkError() Fault { return Fault{DropConnection: true} }

// Timeout holds the call for d, or until the client gives up, and then drops the
// connection without having handled it: with d beyond the client's timeout, a
// timeout after which nothing was sent.
func Timeout(d time.Duration) Fault { return Fault{Delay: d, DropConnection: true} }

// TimeoutAfterApplying handles the call, then holds its answer for d or until the
// client gives up: with d beyond the client's timeout, a timeout after which the
// message was sent all the same (see Call.Abandoned).
func TimeoutAfterApplying(d time.Duration) Fault { return Fault{Delay: d, Apply: true} }

// Pass lets a call through untouched: a gap in a FailFor pattern.
func Pass() Fault { return Fault{Apply: true} }

func (f Fault) withDefaults() Fault {
	switch {
	case f.Status != 0:
	case f.ErrorCode != 0:
		f.Status = f.ErrorCode
	case f.RetryAfter > 0:
		f.Status = http.StatusTooManyRequests
	default:
		f.Status = http.StatusInternalServerError
	}
	if f.ErrorCode == 0 {
		f.ErrorCode = f.Status
	}
	if f.Description == "" {
		f.Description = defaultDescription(f.Status, f.RetryAfter)
	}
	return f
}

func defaultDescription(status, retryAfter int) string {
	if status == http.StatusTooManyRequests && retryAfter > 0 {
		return fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)
	}
	return http.StatusText(status)
}

func (f Fault) response() response {
	f = f.withDefaults()
	switch {
	case f.DropConnection:
		return response{drop: true}
	case f.RawBody != "":
		return response{status: f.Status, body: []byte(f.RawBody), contentType: "text/html",
			retryAfter: f.RetryAfter, description: f.Description}
	}
	resp := errorResponse(&apiError{status: f.ErrorCode, description: f.Description, retryAfter: f.RetryAfter})
	resp.status = f.Status
	return resp
}

type pendingFault struct {
	method string // "" for any method
	left   int
	fault  Fault
	// A FailFor outage instead: until when, its faults in turn, and the next one.
	until   time.Time
	pattern []Fault
	next    int
}

// FailNext makes the next n calls of method ("" for any method, any letter
// case) fail with f instead of being handled. Faults queue up in the order
// they were added.
func (s *Server) FailNext(method string, n int, f Fault) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &pendingFault{method: method, left: n, fault: f})
}

// FailFor makes calls of method ("" for any method, any letter case) fail for d
// from now, each with the next fault of pattern in turn, round and round: a
// Telegram outage of mixed 429s, 5xx and timeouts. Pass in the pattern lets a
// call through. Outages and FailNext faults are looked at in the order they
// were added, so a method's own outage added first wins over one for all.
func (s *Server) FailFor(method string, d time.Duration, pattern ...Fault) {
	if d <= 0 || len(pattern) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &pendingFault{method: method, until: time.Now().Add(d), pattern: slices.Clone(pattern)})
}

func (s *Server) takeFault(method string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for i := 0; i < len(s.faults); i++ {
		pf := s.faults[i]
		if pf.pattern != nil && !now.Before(pf.until) {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			i--
			continue
		}
		if pf.method != "" && !strings.EqualFold(pf.method, method) {
			continue
		}
		if pf.pattern != nil {
			f := pf.pattern[pf.next%len(pf.pattern)]
			pf.next++
			return f, true
		}
		pf.left--
		if pf.left == 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return pf.fault, true
	}
	return Fault{}, false
}

// SetLatency delays every call of method ("" for all methods) by d before it
// is handled; a method's own latency wins over the one for all. Zero removes it.
func (s *Server) SetLatency(method string, d time.Duration) {
	if m := s.spec.method(method); m != nil {
		method = m.Name
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.latency, method)
		return
	}
	s.latency[method] = d
}

// sleepLatency waits out the configured latency; false if the client left or
// the server closed meanwhile.
func (s *Server) sleepLatency(ctx context.Context, method string) bool {
	s.mu.Lock()
	d, ok := s.latency[method]
	if !ok {
		d = s.latency[""]
	}
	if d > 0 {
		s.held[method]++
		s.notifyLocked()
	}
	s.mu.Unlock()
	if d > 0 {
		defer func() {
			s.mu.Lock()
			s.held[method]--
			s.mu.Unlock()
		}()
	}
	return s.wait(ctx, d)
}

// Held is how many calls of method SetLatency is holding back right now: calls the bot
// has made and not yet had an answer to.
func (s *Server) Held(method string) int {
	if m := s.spec.method(method); m != nil {
		method = m.Name
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held[method]
}

// injectFault answers a call with the fault f, after its Delay. A fault that
// Applies is handled by call; this is every other kind.
func (s *Server) injectFault(ctx context.Context, f Fault) response {
	if !s.wait(ctx, f.Delay) {
		return response{drop: true, abandoned: true}
	}
	return f.response()
}

// answerLate holds the answer of a call handled under an Apply fault for the
// fault's Delay; if the client gives up meanwhile, the call's effect stands
// and the answer is marked abandoned.
func (s *Server) answerLate(ctx context.Context, f Fault, resp response) response {
	if !s.wait(ctx, f.Delay) {
		resp.abandoned = true
	}
	return resp
}

// wait sleeps for d; false if the client left or the server closed first.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.done:
		return false
	}
}
