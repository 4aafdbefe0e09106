package telegramtest

import (
	"context"
	"maps"
	"net/http"
	"strings"
	"time"
)

// Call is one Bot API request the server received, as recorded.
type Call struct {
	Method      string            // canonical method name, or the name as sent when unknown
	Params      map[string]string // form values, as strings
	Files       []CallFile        // uploaded file parts
	Status      int               // HTTP status answered; 0 when the connection was dropped
	Abandoned   bool              // the client gave up first (a Fault's Delay); with Status 200 it took effect all the same
	Description string            // error description; empty on success
	Time        time.Time         // when the request arrived
}

// CallFile is one uploaded file part of a Call.
type CallFile struct {
	Field string // form field, like "document"
	Name  string // file name as uploaded
	Size  int
}

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	s.fakeRoutes(mux)
	mux.HandleFunc("/file/", s.serveFile)
	mux.HandleFunc("/", s.serveBotAPI)
	return mux
}

// serveBotAPI answers /bot<token>/<method>.
func (s *Server) serveBotAPI(w http.ResponseWriter, r *http.Request) {
	token, method, ok := splitBotPath(r.URL.Path)
	if !ok {
		errorResponse(notFound()).write(w)
		return
	}
	req, err := parseRequest(w, r)
	if err != nil {
		req = &apiRequest{method: method}
		s.record(req, errorResponse(err), time.Now())
		errorResponse(err).write(w)
		return
	}
	s.call(r.Context(), token, method, req).write(w)
}

// splitBotPath splits "/bot<token>/<method>".
func splitBotPath(path string) (token, method string, ok bool) {
	rest, ok := strings.CutPrefix(path, "/bot")
	if !ok {
		return "", "", false
	}
	token, method, ok = strings.Cut(rest, "/")
	return token, method, ok && token != "" && method != "" && !strings.Contains(method, "/")
}

// call runs one Bot API request through Telegram's checks in Telegram's order
// (token, method, flood and faults, parameters) and records it.
func (s *Server) call(ctx context.Context, token, method string, req *apiRequest) (resp response) {
	start := time.Now()
	req.method = method
	defer func() { s.record(req, resp, start) }()

	if token != s.token {
		return errorResponse(unauthorized())
	}
	m := s.spec.method(method)
	if m == nil {
		s.addViolations(method + ": unknown method")
		return errorResponse(notFound())
	}
	req.method = m.Name
	if !s.sleepLatency(ctx, m.Name) {
		return response{drop: true}
	}
	f, faulty := s.takeFault(m.Name)
	if faulty && !f.Apply {
		return s.injectFault(ctx, f)
	}
	if err, violations := m.check(req); err != nil {
		s.addViolations(violations...)
		return errorResponse(err)
	}
	resp = s.handle(ctx, m, req)
	if faulty {
		resp = s.answerLate(ctx, f, resp)
	}
	return resp
}

func (s *Server) handle(ctx context.Context, m *specMethod, req *apiRequest) response {
	h := s.handlers[m.Name]
	if h == nil {
		h = s.genericHandler(m)
	}
	result, err := h(ctx, req)
	switch {
	case err == nil:
	case err.status == 0: // the client went away; there is no one to answer
		return response{drop: true}
	default:
		return errorResponse(err)
	}
	return okResponse(result)
}

func (s *Server) methodHandlers() map[string]handlerFunc {
	return map[string]handlerFunc{
		"getMe":                  s.getMe,
		"getUpdates":             s.getUpdates,
		"setWebhook":             s.setWebhook,
		"deleteWebhook":          s.deleteWebhook,
		"getWebhookInfo":         s.getWebhookInfo,
		"sendMessage":            s.sendMessage,
		"editMessageText":        s.editMessageText,
		"editMessageCaption":     s.editMessageCaption,
		"editMessageReplyMarkup": s.editMessageReplyMarkup,
		"deleteMessage":          s.deleteMessage,
		"answerCallbackQuery":    s.answerCallbackQuery,
		"sendDocument":           s.sendDocument,
		"sendPhoto":              s.sendPhoto,
		"sendChatAction":         s.sendChatAction,
		"getFile":                s.getFile,
		"getChat":                s.getChat,
		"setMyCommands":          s.setMyCommands,
		"getMyCommands":          s.getMyCommands,
		"deleteMyCommands":       s.deleteMyCommands,
	}
}

func (s *Server) getMe(context.Context, *apiRequest) (any, *apiError) {
	yes, no := true, false
	return wireUser{
		ID: s.botID, IsBot: true, FirstName: s.opts.BotName, Username: s.opts.BotUsername,
		CanJoinGroups: &yes, CanReadAllGroupMessages: &no, SupportsInlineQueries: &no,
	}, nil
}

// genericHandler answers a method the spec knows but the fake does not model:
// methods returning a Message (or a MessageId, like copyMessage) get a bare
// message in the chat so that clients can decode the result; everything else
// gets true.
func (s *Server) genericHandler(m *specMethod) handlerFunc {
	return func(ctx context.Context, req *apiRequest) (any, *apiError) {
		if !req.has("chat_id") {
			return true, nil
		}
		switch m.returns() {
		case "Message":
			return wireResult(s.sendOther(req))
		case "MessageId":
			result, err := s.sendOther(req)
			if err != nil {
				return nil, err
			}
			return map[string]int{"message_id": result.MessageID}, nil
		}
		return true, nil
	}
}

func (s *Server) record(req *apiRequest, resp response, start time.Time) {
	if s.opts.DiscardCalls {
		s.mu.Lock()
		defer s.mu.Unlock()
		if resp.status == http.StatusTooManyRequests {
			s.count429++
		}
		s.notifyLocked()
		return
	}
	c := Call{
		Method:      req.method,
		Params:      maps.Clone(req.params),
		Status:      resp.status,
		Abandoned:   resp.abandoned,
		Description: resp.description,
		Time:        start,
	}
	if c.Params == nil {
		c.Params = map[string]string{}
	}
	for field, f := range req.files {
		c.Files = append(c.Files, CallFile{Field: field, Name: f.name, Size: len(f.data)})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	if resp.status == http.StatusTooManyRequests {
		s.count429++
	}
	s.notifyLocked()
}

func (s *Server) addViolations(v ...string) {
	if len(v) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violations = append(s.violations, v...)
}

// Calls returns every Bot API call received so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneCalls(s.calls, func(Call) bool { return true })
}

// CallsTo returns the calls of one method (any letter case), in order.
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneCalls(s.calls, func(c Call) bool { return strings.EqualFold(c.Method, method) })
}

func cloneCalls(calls []Call, keep func(Call) bool) []Call {
	out := []Call{}
	for _, c := range calls {
		if keep(c) {
			c.Params = maps.Clone(c.Params)
			c.Files = append([]CallFile(nil), c.Files...)
			out = append(out, c)
		}
	}
	return out
}

// Violations returns every departure from the Bot API spec seen so far
// (unknown methods, unknown or missing parameters, wrongly typed values).
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{}, s.violations...)
}

// Count429 is how many 429 Too Many Requests answers the server gave,
// injected or from Options.EnforceLimits.
func (s *Server) Count429() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count429
}
