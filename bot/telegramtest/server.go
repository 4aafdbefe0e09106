package telegramtest

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configures a Server. The zero value is a working fake.
type Options struct {
	// Addr is the address to listen on; default "127.0.0.1:0" (a free port).
	Addr string
	// Token is the bot token to accept, like "123456789:AA..."; generated when empty.
	// The digits before the colon are the bot's user id.
	Token string
	// BotUsername is the bot's username without "@"; default "orglife_test_bot".
	BotUsername string
	// BotName is the bot's first name; default "OrgLife Test Bot".
	BotName string
	// WebhookRetryDelay is how long the fake waits before re-delivering an
	// update whose webhook POST got no 2xx answer; default 200ms.
	WebhookRetryDelay time.Duration
	// EnforceLimits turns on Telegram's flood limits (see Limits).
	EnforceLimits bool
	// Limits are the flood limits used when EnforceLimits is set; zero fields
	// take Telegram's documented values.
	Limits Limits
	// DiscardCalls keeps no log of the Bot API calls (Calls and CallsTo return
	// none), so that a load test's memory measures the bot, not the fake.
	// Count429 and Violations still count.
	DiscardCalls bool
	// Clock, when set, dates the messages, edits and membership updates (a sandbox whose
	// clock is moved forward shows its own time on them); flood limits, faults and long
	// polling keep to real time. Default time.Now.
	Clock func() time.Time
}

// ErrClosed is returned by waits that end because the server was closed.
var ErrClosed = errors.New("telegramtest: server closed")

// Server is a fake Bot API server. All its methods are safe for concurrent use.
type Server struct {
	opts        Options
	token       string
	botID       int64
	spec        *spec
	listener    net.Listener
	httpServer  *http.Server
	mux         *http.ServeMux
	handlers    map[string]handlerFunc
	webhookHTTP *http.Client
	done        chan struct{} // closed by Close
	closeOnce   sync.Once
	wg          sync.WaitGroup // webhook workers

	mu sync.Mutex
	// changed is closed and replaced on every state change, waking waiters.
	changed   chan struct{}
	users     map[int64]*userState
	chats     map[int64]*chatState
	files     fileStore
	updates   updateQueue
	poll      *pollState
	webhook   *webhookState
	commands  map[string][]Command
	callbacks map[string]*callbackState
	// callbackOrder keeps callback query ids in the order of the clicks.
	callbackOrder []string
	nextQuery     int
	eventSeq      int
	calls         []Call
	violations    []string
	faults        []*pendingFault
	latency       map[string]time.Duration
	held          map[string]int // calls held back by latency now, per method
	limiter       *limiter
	count429      int
}

// handlerFunc implements one Bot API method; the result is JSON-encoded as
// the "result" of a successful answer.
type handlerFunc func(ctx context.Context, req *apiRequest) (any, *apiError)

// New starts a fake Bot API server listening on opts.Addr.
func New(opts Options) (*Server, error) {
	opts = withDefaults(opts)
	sp, err := loadSpec()
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts:        opts,
		spec:        sp,
		webhookHTTP: &http.Client{Timeout: 10 * time.Second},
		done:        make(chan struct{}),
		changed:     make(chan struct{}),
		users:       map[int64]*userState{},
		chats:       map[int64]*chatState{},
		files:       newFileStore(),
		updates:     newUpdateQueue(),
		commands:    map[string][]Command{},
		callbacks:   map[string]*callbackState{},
		latency:     map[string]time.Duration{},
		held:        map[string]int{},
		limiter:     newLimiter(opts.Limits),
	}
	if err := s.setToken(opts.Token); err != nil {
		return nil, err
	}
	s.handlers = s.methodHandlers()
	s.mux = s.routes()
	if err := s.listen(opts.Addr); err != nil {
		return nil, err
	}
	return s, nil
}

func withDefaults(opts Options) Options {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.BotUsername == "" {
		opts.BotUsername = "orglife_test_bot"
	}
	if opts.BotName == "" {
		opts.BotName = "OrgLife Test Bot"
	}
	if opts.WebhookRetryDelay <= 0 {
		opts.WebhookRetryDelay = 200 * time.Millisecond
	}
	opts.Limits = opts.Limits.withDefaults()
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	return opts
}

func (s *Server) setToken(token string) error {
	if token == "" {
		token = generateToken()
	}
	idPart, secret, ok := strings.Cut(token, ":")
	id, err := strconv.ParseInt(idPart, 10, 64)
	if !ok || err != nil || id <= 0 || secret == "" || strings.ContainsAny(token, "/ ") {
		return fmt.Errorf("telegramtest: token %q is not of the form <bot id>:<secret>", token)
	}
	s.token, s.botID = token, id
	return nil
}

// generateToken makes a token shaped like BotFather's: a bot id, a colon and
// 35 URL-safe characters starting with "AA".
func generateToken() string {
	b := make([]byte, 25)
	rand.Read(b)
	return fmt.Sprintf("%d:AA%s", 100000000+int64(b[0])<<16|int64(b[1])<<8|int64(b[2]),
		base64.RawURLEncoding.EncodeToString(b)[:33])
}

func (s *Server) listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("telegramtest: %w", err)
	}
	s.listener = ln
	s.httpServer = &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second}
	go s.httpServer.Serve(ln)
	return nil
}

// URL is the server's base URL, like "http://127.0.0.1:40123".
func (s *Server) URL() string { return "http://" + s.listener.Addr().String() }

// Endpoint is the API endpoint pattern tgbotapi takes: URL()+"/bot%s/%s".
func (s *Server) Endpoint() string { return s.URL() + "/bot%s/%s" }

// FileEndpoint is the download pattern for files: URL()+"/file/bot%s/%s".
func (s *Server) FileEndpoint() string { return s.URL() + "/file/bot%s/%s" }

// Token is the bot token the server accepts.
func (s *Server) Token() string { return s.token }

// BotID is the bot's user id (the digits before the token's colon).
func (s *Server) BotID() int64 { return s.botID }

// BotUsername is the bot's username without "@".
func (s *Server) BotUsername() string { return s.opts.BotUsername }

// ServeHTTP serves the Bot API and the /fake/ control API; it lets the fake be
// mounted in another server too.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Close stops the server: long polls return, webhook delivery stops and
// connections are closed. It is safe to call more than once.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		close(s.done)
		s.mu.Lock()
		s.stopWebhookLocked()
		s.mu.Unlock()
		err = s.httpServer.Close()
		s.wg.Wait()
	})
	return err
}

// notifyLocked wakes everything waiting for a change. Callers hold s.mu.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// changes returns a channel closed at the next state change.
func (s *Server) changes() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

// WaitFor blocks until cond returns true, the context ends or the server is
// closed. cond is evaluated after every change of the server's state (a call,
// an update, a message), so tests wait for what they need instead of sleeping.
// cond may call the server's methods.
func (s *Server) WaitFor(ctx context.Context, cond func() bool) error {
	for {
		ch := s.changes()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.done:
			return ErrClosed
		}
	}
}
