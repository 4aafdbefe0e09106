package transport

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// TestSendsReuseConnections: calls to the Bot API, many at once and again, reuse the
// connections they opened instead of dialling anew for every call beyond Go's default of
// two idle connections a host — whether the answer has a length or comes in chunks.
func TestSendsReuseConnections(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		name := map[bool]string{false: "with a length", true: "chunked"}[chunked]
		t.Run(name, func(t *testing.T) {
			const inFlight, rounds = 20, 5
			var dials atomic.Int64
			arrived := make(chan struct{}, inFlight)
			var release atomic.Pointer[chan struct{}]
			next := func() { ch := make(chan struct{}); release.Store(&ch) }
			next()
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/getMe") {
					_, _ = w.Write([]byte(`{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"b","username":"b"}}`))
					return
				}
				arrived <- struct{}{}
				<-*release.Load() // every call of the round is in flight at once, each on a connection of its own
				_, _ = w.Write([]byte(`{"ok":true,"result":`))
				if chunked {
					w.(http.Flusher).Flush()
				}
				_, _ = w.Write([]byte(`{"message_id":7,"date":1,"chat":{"id":5,"type":"private"},"text":"` + strings.Repeat("好", 200) + `"}}`))
			}))
			srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
				if s == http.StateNew {
					dials.Add(1)
				}
			}
			srv.Start()
			defer srv.Close()
			c, err := Connect(context.Background(), ClientOptions{Token: "1:T", Endpoint: srv.URL + "/bot%s/%s", RequestTimeout: 10 * time.Second, PollTimeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			before := dials.Load()
			for range rounds {
				var wg sync.WaitGroup
				for range inFlight {
					wg.Go(func() {
						if _, err := c.Send.Request(tgbotapi.NewMessage(5, "x")); err != nil {
							t.Error(err)
						}
					})
				}
				for range inFlight {
					<-arrived
				}
				close(*release.Load())
				wg.Wait()
				next()
			}
			// The first round opens inFlight connections; with the default pool every later
			// round would open inFlight-2 more (92 in all). A connection still being handed
			// back when the next round starts may add a few.
			if n := dials.Load() - before; n > 2*inFlight {
				t.Fatalf("%d rounds of %d calls at once opened %d connections, want about %d", rounds, inFlight, n, inFlight)
			}
		})
	}
}
