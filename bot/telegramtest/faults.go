package telegramtest

import (
	"context"
	"fmt"
	"net/http"
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

func (s *Server) takeFault(method string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, pf := range s.faults {
		if pf.method != "" && !strings.EqualFold(pf.method, method) {
			continue
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
	s.mu.Unlock()
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
